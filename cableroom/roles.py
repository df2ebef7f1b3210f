"""The `curator` group: everything curation needs, nothing more.

Curators edit, annotate, withdraw and re-parse cables, and edit tags and posts; they
cannot delete cables, versions or history, and cannot see or manage users and groups.
The group is brought up to date after every `migrate` and by `createcurator`.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

CURATOR_GROUP = "curator"

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
CURATOR_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "cable": (VIEW, CHANGE),
    "cableforreview": (VIEW, CHANGE),
    "cableversion": (VIEW,),
    "paragraph": (VIEW, CHANGE),
    "addressee": (VIEW, ADD, CHANGE, DELETE),
    "cabletag": (VIEW,),
    "reference": (VIEW,),
    "tag": (VIEW, ADD, CHANGE),
    "post": (VIEW, ADD, CHANGE),
    "postname": (VIEW, ADD, CHANGE, DELETE),
    "marking": (VIEW, ADD, CHANGE),
    "note": (VIEW, ADD, CHANGE, DELETE),
    "change": (VIEW,),
    "reviewresolution": (VIEW, ADD, CHANGE),
    "importrun": (VIEW,),
}


def curator_codenames() -> list[str]:
    return [
        f"{action}_{model}" for model, actions in CURATOR_PERMISSIONS.items() for action in actions
    ]


def ensure_curator_group() -> Group:
    """Create the group if needed and give it exactly the curator permissions."""
    group, _ = Group.objects.get_or_create(name=CURATOR_GROUP)
    wanted = Q(content_type__app_label="cableroom", codename__in=curator_codenames())
    group.permissions.set(Permission.objects.filter(wanted))
    return group


def sync_curator_group(sender, **kwargs) -> None:
    """post_migrate handler: permissions exist only after migrate, so the group follows it."""
    if sender.name == "cableroom":
        ensure_curator_group()
