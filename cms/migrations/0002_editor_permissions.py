from django.db import migrations

from portal.roles import COORDINATOR, REDACTEUR, grant_permissions

SNIPPETS = ("pillar", "instrument", "partner")


def editor_permissions(apps, schema_editor):
    # Wagtail adds the publish permission of draftable snippets after migrating; make it
    # now so the editors' role can hold it.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    instrument_type, _ = ContentType.objects.get_or_create(app_label="cms", model="instrument")
    Permission.objects.get_or_create(
        content_type=instrument_type,
        codename="publish_instrument",
        defaults={"name": "Can publish instrument"},
    )
    grant_permissions(
        apps,
        {
            REDACTEUR: [
                f"cms.{verb}_{model}"
                for verb in ("add", "change", "delete")
                for model in SNIPPETS
            ]
            + ["cms.publish_instrument"],
            COORDINATOR: ["cms.view_instrument", "cms.view_partner", "cms.view_pillar"],
        },
    )
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    editors = Group.objects.get(name=REDACTEUR)
    root = Page.objects.filter(depth=1).first()
    if root:
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
            GroupPagePermission.objects.get_or_create(
                group=editors,
                page=root,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    collection = Collection.objects.filter(depth=1).first()
    if collection:
        for app_label, codenames in (
            ("wagtailimages", ("add_image", "change_image", "choose_image")),
            ("wagtaildocs", ("add_document", "change_document", "choose_document")),
        ):
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=editors,
                    collection=collection,
                    permission=Permission.objects.get(
                        content_type__app_label=app_label, codename=codename
                    ),
                )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("portal", "0002_roles"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(editor_permissions, migrations.RunPython.noop)]
