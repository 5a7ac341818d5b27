"""Remove Wagtail's stock groups Editors and Moderators, and the default workflow
"Moderators approval" that only they could approve.

The groups granted admin access beside our roles (portal.roles) and were offered in the
user form; the project's own roles are the only groups. Pages are published by the
redacteur role, which holds the publish permission: the policy asks a second pair of eyes
for money, not for web pages, and an approval step by a group nobody is in would only park
pages. Members of a stock group lose it; an administrator gives them a role of our own.
"""

from django.db import migrations

STOCK_GROUPS = ("Editors", "Moderators")


def remove_stock_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    stock = Group.objects.filter(name__in=STOCK_GROUPS)
    # Approval tasks that only a stock group could approve (an administrator may have
    # added one of our roles to a task since: that task is kept).
    stock_tasks = [
        task
        for task in GroupApprovalTask.objects.filter(groups__in=stock).distinct()
        if not task.groups.exclude(name__in=STOCK_GROUPS).exists()
    ]
    stock_task_ids = {task.pk for task in stock_tasks}
    for workflow in Workflow.objects.filter(workflow_tasks__task__in=stock_task_ids).distinct():
        task_ids = set(workflow.workflow_tasks.values_list("task_id", flat=True))
        if not task_ids <= stock_task_ids:
            continue
        if WorkflowState.objects.filter(workflow=workflow).exists():
            # Pages went through it: keep the record, switch it off everywhere.
            WorkflowState.objects.filter(workflow=workflow, status="in_progress").update(
                status="cancelled"
            )
            WorkflowPage.objects.filter(workflow=workflow).delete()
            WorkflowContentType.objects.filter(workflow=workflow).delete()
            workflow.active = False
            workflow.save(update_fields=["active"])
        else:
            workflow.delete()
    for task in stock_tasks:
        if TaskState.objects.filter(task_id=task.pk).exists():
            TaskState.objects.filter(task_id=task.pk, status="in_progress").update(
                status="cancelled"
            )
            task.active = False
            task.save(update_fields=["active"])
        else:
            task.delete()
    stock.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_notification_attachment"),
        ("cms", "0002_editor_permissions"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(remove_stock_groups, migrations.RunPython.noop)]
