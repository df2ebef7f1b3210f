"""Take the README's screenshots from a running reading room.

    .venv/bin/python docs/screenshots.py http://127.0.0.1:8000 [NAME | NAME=/path ...]

Each shot is a page at desktop width (1280 px), cut to the first screen or to the
elements a selector names, saved as docs/screenshots/NAME.png; `NAME=/path` shows
another page under that name (a reading list's own token URL, say). The site should
hold real cables (the README's were taken with ../shared/corpus/html, txt and seed
imported, `embed_cables` run). Uses
Debian's Chromium, like the browser tests.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# name -> (path, CSS selector of the part to show, or None for the first screen)
SHOTS = {
    "browse": ("/cables/?tag=IZ&tag=PHUM", None),
    "cable": ("/cable/06ASTANA33/", None),
    "reference-graph": ("/cable/07TBILISI1732/graph/", None),
    "map": ("/cables/map/", None),
    "declassification": (
        "/cables/?declassify=past&classification=SECRET",
        'section[aria-labelledby*="-declassify-"], section[aria-labelledby*="-signer-"]',
    ),
    "more-like-this": ("/cable/06ASTANA33/", "#more-like-this"),
    "reading-list": ("/lists/", None),
}


def take(base: str, names: list[str]) -> None:
    shots = dict(SHOTS)
    for name in list(names):
        if "=" in name:
            name, path = name.split("=", 1)
            shots[name] = (path, None)
    names = [name.split("=", 1)[0] for name in names]
    HERE.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name in names:
            path, selector = shots[name]
            response = page.goto(base.rstrip("/") + path)
            if response is None or response.status != 200:
                status = response.status if response else "no answer"
                print(f"{name}: {path} answered {status}; skipped", file=sys.stderr)
                continue
            target = HERE / f"{name}.png"
            if selector:
                # The smallest rectangle holding every element the selector matches.
                boxes = [item.bounding_box() for item in page.locator(selector).all()]
                left, top = min(b["x"] for b in boxes), min(b["y"] for b in boxes)
                right = max(b["x"] + b["width"] for b in boxes)
                bottom = max(b["y"] + b["height"] for b in boxes)
                clip = {"x": left, "y": top, "width": right - left, "height": bottom - top}
                page.screenshot(path=target, clip=clip, full_page=True)
            else:
                page.screenshot(path=target)
            print(f"{name}: {target.relative_to(HERE.parent.parent)}")
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    take(sys.argv[1], sys.argv[2:] or list(SHOTS))
