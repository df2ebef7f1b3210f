"""Showing history values (plain JSON) the way a curator reads them."""

from django import template

register = template.Library()


@register.filter
def change_value(value) -> str:
    """A recorded before/after value as text: lists joined, addressees one per line."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        return _list(value)
    if isinstance(value, dict):
        return _mapping(value)
    return str(value)


def _list(items: list) -> str:
    if all(isinstance(item, dict) for item in items):
        return "\n".join(_addressee(item) for item in items)
    return ", ".join(str(item) for item in items)


def _addressee(item: dict) -> str:
    line = f"{item.get('role', '')} {item.get('name', '')}".strip()
    if item.get("post") and item.get("post") != item.get("name"):
        line += f" → {item['post']}"
    return line


def _mapping(value: dict) -> str:
    if "withdrawn_at" in value:
        if not value["withdrawn_at"]:
            return "not withdrawn"
        return f"withdrawn {value['withdrawn_at'][:16].replace('T', ' ')}: {value['reason']}"
    if "text" in value and "is_public" in value:
        return _note(value)
    # Paragraph markings by position: numbered from 1 as readers count them.
    return ", ".join(f"¶{int(key) + 1} {marking or '–'}" for key, marking in value.items())


def _note(value: dict) -> str:
    """A curator's note as recorded when written or deleted (see `services.curation`)."""
    where = value.get("paragraph_position")
    place = "the whole cable" if where is None else f"the paragraph at position {where}"
    shown = "public" if value["is_public"] else "private"
    return f"{shown} note on {place}: {value['text']}"
