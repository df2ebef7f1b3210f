"""The unguessable tokens that name a list, and the URL converter that accepts them."""

import re
import secrets

from cableroom.models.reading_lists import TOKEN_LENGTH

TOKEN_PATTERN = f"[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}"
# A token typed or pasted on its own or inside the list's address.
EDIT_ADDRESS = re.compile(rf"(?:^|/lists/)({TOKEN_PATTERN})/?(?:[?#].*)?$")


def new_token() -> str:
    """256 random bits, URL-safe: 43 characters."""
    return secrets.token_urlsafe(32)


def token_in(text: str) -> str:
    """The edit token in what a reader pasted (`https://.../lists/<token>/` or the token
    alone), or "" when there is none."""
    found = EDIT_ADDRESS.search(text.strip())
    return found.group(1) if found else ""


class TokenConverter:
    """`<token:...>` in a URL pattern: exactly a token's length and alphabet."""

    regex = TOKEN_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
