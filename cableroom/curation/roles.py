"""The `curator` group: everything curation needs, nothing more.

Curators edit, annotate, withdraw and re-parse cables, edit tags and posts, and see and
delete readers' lists; they cannot delete cables, versions or history, and cannot see or
manage users and groups.
The group is brought up to date after every `migrate` and by `createcurator`.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
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
    # Readers' lists: curators look at them and delete abuse, never edit them.
    "readinglist": (VIEW, DELETE),
    "readinglistitem": (VIEW, DELETE),
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


def create_curator(*, username: str, password: str, email: str = ""):
    """A staff account in the curator group, its password checked by Django's validators.

    Raises ValidationError (from the validators) or ValueError (name taken).
    """
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValueError(f"A user named {username!r} already exists.")
    user = user_model(username=username, email=email, is_staff=True)
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        user.groups.add(ensure_curator_group())
    return user
