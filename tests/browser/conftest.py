"""Real-browser fixtures: Debian's Chromium driven by Playwright against the live server.

The browser tests need /usr/bin/chromium (`apt-get install chromium`) and axe-core
(`make browser-deps`). Without them they skip, saying why; in CI (CI=true) they fail
instead, so a CI run never passes by quietly testing nothing.

Playwright's sync API runs an event loop in the test thread, where Django would refuse
ORM calls; DJANGO_ALLOW_ASYNC_UNSAFE lifts that check while the browser is up. The
browser lives for one test module only, so no other test shares a thread with that loop.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = REPO / "var" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def missing(reason: str) -> None:
    """Skip loudly on a reader's machine; fail in CI, where the tools must be there."""
    if os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(f"BROWSER TESTS NOT RUN: {reason}")


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module's tests."""
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is missing (install it: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Console:
    """What the page said on its console: CSP violations and script errors are failures."""

    messages: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        words = ("Content Security Policy", "Uncaught", "Refused to")
        return [message for message in self.messages if any(w in message for w in words)]


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(browser, live_server, console) -> Iterator:
    """A desktop-sized page with clipboard access, its console recorded."""
    context = browser.new_context(
        viewport=VIEWPORTS["desktop"],
        base_url=live_server.url,
        permissions=["clipboard-read", "clipboard-write"],
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.on("console", lambda message: console.messages.append(message.text))
    tab.on("pageerror", lambda error: console.messages.append(f"Uncaught {error}"))
    yield tab
    context.close()
    assert console.problems() == [], "the page broke its CSP or threw"


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.exists():
        missing(f"{AXE_JS.relative_to(REPO)} is missing (run `make browser-deps`)")
    return AXE_JS.read_text()


def screenshot(page, name: str) -> None:
    """The page at phone and desktop widths, under test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(original)


def serious_accessibility_violations(page, axe_source: str, known=()) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands.

    `known` holds (rule id, target substring) pairs of findings already reported and
    accepted for now; every other node still counts. axe is evaluated through the
    DevTools protocol, which the page's CSP does not govern, so the policy stays on.
    """
    page.evaluate(axe_source)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        targets = [str(node["target"]) for node in violation["nodes"]]
        targets = [t for t in targets if not _known(violation["id"], t, known)]
        if targets:
            found.append(
                f"{violation['impact']}: {violation['id']} ({violation['help']}) at "
                + ", ".join(targets[:3])
            )
    return found


def _known(rule: str, target: str, known) -> bool:
    return any(rule == known_rule and part in target for known_rule, part in known)


def assert_accessible(page, axe_source: str, known=()) -> None:
    """No serious or critical axe-core violation on the page, each one listed if any."""
    violations = serious_accessibility_violations(page, axe_source, known)
    assert violations == [], f"{page.url}:\n" + "\n".join(violations)
