"""The package layout keeps its promises: unique module names, few top-level modules,
packages that say what they own, and an engine that never imports display code."""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cableroom"
MAX_TOP_LEVEL_MODULES = 10
MIN_DOCSTRING_WORDS = 12
# The engine (browse, search) must not import what displays its results.
ENGINE = ("browse", "search")
DISPLAY = ("cableroom.views", "cableroom.templatetags", "cableroom.admin")


def modules() -> list[Path]:
    """Every module of the package, migrations left out (Django numbers them itself)."""
    return [path for path in PACKAGE.rglob("*.py") if "migrations" not in path.parts]


def packages() -> list[Path]:
    return sorted(path.parent for path in modules() if path.name == "__init__.py")


def package_of(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).parts[:-1])


def imported_names(source: str, package: str) -> set[str]:
    """Modules a module of `package` imports, as dotted names (relative imports resolved)."""
    tree = ast.parse(source)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def test_no_two_modules_share_a_file_name():
    by_name = defaultdict(list)
    for path in modules():
        if path.name != "__init__.py":
            by_name[path.name].append(str(path.relative_to(PACKAGE)))
    shared = {name: paths for name, paths in by_name.items() if len(paths) > 1}
    assert shared == {}


def test_the_package_has_few_top_level_modules():
    top = sorted(path.name for path in PACKAGE.glob("*.py") if path.name != "__init__.py")
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


@pytest.mark.parametrize("package", packages(), ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_every_package_says_what_it_owns(package):
    docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text())) or ""
    assert len(docstring.split()) >= MIN_DOCSTRING_WORDS, docstring


@pytest.mark.parametrize("area", ENGINE)
def test_the_engine_imports_no_display_code(area):
    offending = {
        str(path.relative_to(PACKAGE)): sorted(
            name
            for name in imported_names(path.read_text(encoding="utf-8"), package_of(path))
            if name.startswith(DISPLAY)
        )
        for path in (PACKAGE / area).rglob("*.py")
    }
    assert {path: names for path, names in offending.items() if names} == {}


@pytest.mark.parametrize(
    "source",
    [
        "from ..views import browse_pages",
        "from cableroom.views.browse_pages import browse_page",
        "import cableroom.admin.site",
        "from cableroom import templatetags",
    ],
)
def test_the_import_check_sees_every_spelling_of_an_upward_import(source):
    names = imported_names(source, "cableroom.browse")
    assert any(name.startswith(DISPLAY) for name in names), names
