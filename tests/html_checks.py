"""What a Content-Security-Policy would block, found in a page's HTML.

Shared by the security, hostile-markup and browser tests: an inline script, an event
handler attribute or a `javascript:` URL in our HTML is either a template that breaks
the CSP or cable text that escaped its escaping.
"""

import re
from html.parser import HTMLParser

JAVASCRIPT_URL = re.compile(r"\s*javascript:", re.IGNORECASE)
# Script types a browser runs; application/json data blocks are inert.
EXECUTABLE_TYPES = {"", "text/javascript", "module", "application/javascript"}


class ScriptFinder(HTMLParser):
    """Collects inline scripts, on* handler attributes and javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and not values.get("src"):
            if (values.get("type") or "").lower() in EXECUTABLE_TYPES:
                self.found.append(f"inline <script> {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and JAVASCRIPT_URL.match(
                value or ""
            ):
                self.found.append(f"<{tag} {name}={value!r}>")


def inline_scripts(html: str) -> list[str]:
    """Everything in the page that would run script without coming from a file of ours."""
    finder = ScriptFinder()
    finder.feed(html)
    finder.close()
    return finder.found
