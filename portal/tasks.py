"""Infrastructure tasks of the shared core."""

from celery import shared_task


@shared_task(name="portal.health")
def health(token: str) -> str:
    """Echo the token back: proves a task made the round trip through the broker."""
    return token
