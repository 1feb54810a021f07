"""The apps' fixed direction (README "How the apps fit together"): metrics is the ground,
profiles stands on metrics, forum on both, and the shared kernel in config/common knows none of
them. Nothing reaches back up, neither by an import nor through the app registry."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ABOVE = {
    "config/common": {"metrics", "profiles", "forum"},
    "metrics": {"profiles", "forum"},
    "profiles": {"forum"},
}


def _modules(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.relative_to(ROOT).parts:
            yield path


def _reaches_up(path, above):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        elif isinstance(node, ast.Attribute) and node.attr == "get_model":
            yield f"{path.relative_to(ROOT)}:{node.lineno} uses the app registry"
            continue
        else:
            continue
        for name in names:
            if name.split(".")[0] in above:
                yield f"{path.relative_to(ROOT)}:{node.lineno} imports {name}"


@pytest.mark.parametrize("app", sorted(ABOVE))
def test_app_does_not_reach_into_the_apps_standing_on_it(app):
    found = [hit for path in _modules(app) for hit in _reaches_up(path, ABOVE[app])]

    assert found == []
