"""The apps' fixed direction (README, "How the apps fit together"): each app may use the apps
below it and never one above it or beside it, by any of the ways Django code reaches another
app — a Python import (absolute or relative), the app registry (`apps.get_model`), a model's
lazy reference ("forum.Edition"), a URL name (`reverse`, `redirect`, `{% url %}`, the admin's
`admin:<app>_<model>_…` names), a template library (`{% load %}`), a template path
(`render`, `{% include %}`, `{% extends %}`) or a permission name. The kernel
(`config/common`) uses no app at all; the shell (the rest of `config/` and the project's own
templates: the base layout, its includes and components, the error pages) wires them all.

`find_violations` is run on the project and, to prove it can fail, on a planted tree.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. An app may use the apps of lower layers; apps in one layer don't use each other.
LAYERS = (
    ("kernel",),
    ("metrics",),
    ("profiles",),
    ("forum",),
    ("registrations", "news"),
    ("website", "demo"),
)
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}
SHELL = "shell"

# Python packages of each app, longest first so that forum.registrations is not forum.
PACKAGES = (
    ("config.common", "kernel"),
    ("config.images", "kernel"),
    ("config.revisions", "kernel"),
    ("forum.registrations", "registrations"),
    ("forum.news", "news"),
    ("forum.website", "website"),
    ("forum.demo", "demo"),
    ("config", SHELL),
    ("metrics", "metrics"),
    ("profiles", "profiles"),
    ("forum", "forum"),
)
# URL namespaces and the app whose pages they are.
NAMESPACES = {"website": "website", "registration": "registrations", "checkin": "registrations"}
# Template folders (under templates/) and their app; anything else there is the shell's.
TEMPLATE_FOLDERS = {
    "images": "kernel",
    "admin/images": "kernel",
    "admin/common": "kernel",
    "admin/revisions": "kernel",
    "website": "website",
    "registrations": "registrations",
    "admin/registrations": "registrations",
    "admin/forum": "forum",
    "admin/profiles": "profiles",
    "admin/metrics": "metrics",
    "admin/news": "news",
}
# App labels of the kernel's apps: the media library (config.images, label "images") is kernel.
KERNEL_LABELS = {"images", "revisions"}
APP_LABELS = {app for app in LEVEL if app != "kernel"} | KERNEL_LABELS


def app_of_label(label):
    """The layer's app name for an app label ("images" → kernel), None for Django's own."""
    if label in KERNEL_LABELS:
        return "kernel"
    return label if label in LEVEL else None


def app_of_module(module):
    for package, app in PACKAGES:
        if module == package or module.startswith(package + "."):
            return app
    return None


def module_of_path(root, path):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_of_template(name):
    for folder, app in sorted(TEMPLATE_FOLDERS.items(), key=lambda item: -len(item[0])):
        if name.startswith(folder + "/"):
            return app
    return SHELL


def app_of_url_name(name):
    namespace, _, rest = name.partition(":")
    if namespace == "admin":
        return app_of_label(rest.split("_", 1)[0])
    return NAMESPACES.get(namespace)


def template_libraries(root):
    """{library name: app} for every template tag library of the project's apps."""
    libraries = {}
    for path in root.rglob("templatetags/*.py"):
        if path.name != "__init__.py" and ".venv" not in path.parts:
            app = app_of_module(module_of_path(root, path))
            if app:
                libraries[path.stem] = app
    return libraries


def reaches_up(user, used):
    """True when `user` may not use `used`."""
    if used in (None, user) or user == SHELL:
        return False
    if used == SHELL:
        return True
    if user == "kernel":
        return True
    return LEVEL[used] >= LEVEL[user]


# --- Python -----------------------------------------------------------------------------------

_URL_CALLS = {"reverse", "reverse_lazy", "redirect", "resolve_url"}
_TEMPLATE_CALLS = {"render", "render_to_string", "get_template", "select_template"}
_MODEL_REFERENCE = re.compile(r"^([a-z_]+)\.[A-Z]\w*$")
_PERMISSION = re.compile(r"^([a-z_]+)\.[a-z_]+_[a-z_]+$")


def _resolve_relative(module, level, name, is_package):
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: -(level - 1)]
    return ".".join(base + ([name] if name else []))


def _python_uses(root, path):
    module = module_of_path(root, path)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, f"imports {alias.name}", app_of_module(alias.name)
        elif isinstance(node, ast.ImportFrom):
            target = (
                _resolve_relative(module, node.level, node.module, is_package)
                if node.level
                else node.module or ""
            )
            yield node.lineno, f"imports {target}", app_of_module(target)
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                if app_of_module(submodule) != app_of_module(target):
                    yield node.lineno, f"imports {submodule}", app_of_module(submodule)
        elif isinstance(node, ast.Call):
            yield from _call_uses(node)


def _first_string(call):
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def _call_uses(call):
    function = call.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    text = _first_string(call)
    if name == "get_model":
        label = text.split(".")[0] if text else "?"
        yield call.lineno, f"uses the app registry for {label}", app_of_label(label) or "?"
    elif name in _URL_CALLS and text and ":" in text:
        yield call.lineno, f"names the URL {text}", app_of_url_name(text)
    elif name in _TEMPLATE_CALLS:
        template = text
        if template is None and len(call.args) > 1:
            second = call.args[1]
            if isinstance(second, ast.Constant) and isinstance(second.value, str):
                template = second.value
        if template and "/" in template:
            yield call.lineno, f"renders {template}", app_of_template(template)
    elif name == "has_perm" and text and _PERMISSION.match(text):
        label = _PERMISSION.match(text).group(1)
        yield call.lineno, f"checks the permission {text}", app_of_label(label)
    elif name in {"ForeignKey", "OneToOneField", "ManyToManyField"} and text:
        match = _MODEL_REFERENCE.match(text)
        if match:
            yield call.lineno, f"refers to the model {text}", app_of_label(match.group(1))


# --- Templates ----------------------------------------------------------------------------------

_LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")
_URL = re.compile(r"{%\s*url\s+[\"']([\w:]+)[\"']")
_INCLUDE = re.compile(r"{%\s*(?:include|extends)\s+[\"']([^\"']+)[\"']")
_PERMS = re.compile(r"\bperms\.(\w+)\.")


def _template_uses(text, libraries):
    for number, line in enumerate(text.splitlines(), start=1):
        for group in _LOAD.findall(line):
            names = group.split()
            if "from" in names:
                names = names[names.index("from") + 1 :]
            for library in names:
                yield number, f"loads {{% load {library} %}}", libraries.get(library)
        for name in _URL.findall(line):
            yield number, f"names the URL {name}", app_of_url_name(name)
        for template in _INCLUDE.findall(line):
            used = app_of_template(template)
            # The shell's layout and components frame every page; any app may use them.
            yield number, f"includes {template}", None if used == SHELL else used
        for label in _PERMS.findall(line):
            yield number, f"checks perms.{label}", app_of_label(label)


# --- Both ---------------------------------------------------------------------------------------


def python_files(root):
    for package, app in PACKAGES:
        folder = root.joinpath(*package.split("."))
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.py")):
            if "migrations" in path.parts:
                continue
            module = module_of_path(root, path)
            if app_of_module(module) == app:
                yield path, app


def find_violations(root):
    found = []
    for path, app in python_files(root):
        for line, what, used in _python_uses(root, path):
            if used == "?" or reaches_up(app, used):
                found.append(f"{path.relative_to(root)}:{line} ({app}) {what}")
    libraries = template_libraries(root)
    templates = root / "templates"
    for path in sorted(templates.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(templates).as_posix()
        app = app_of_template(name)
        for line, what, used in _template_uses(path.read_text(encoding="utf-8"), libraries):
            if reaches_up(app, used):
                found.append(f"templates/{name}:{line} ({app}) {what}")
    return found


def test_no_app_reaches_into_an_app_standing_on_it():
    assert find_violations(ROOT) == []


# --- The check can fail -------------------------------------------------------------------------

PLANTED = {
    "config/common/planted.py": "from metrics.models import Sector\n",
    "config/images/planted.py": (
        "from django.db import models\n"
        "from profiles.models import Person\n"
        "class Thing(models.Model):\n"
        "    person = models.ForeignKey('profiles.Person', models.CASCADE)\n"
    ),
    "profiles/uses_images.py": (
        "from django.db import models\n"
        "from config.images.models import Image\n"
        "class Thing(models.Model):\n"
        "    image = models.ForeignKey('images.Image', models.CASCADE)\n"
    ),
    "templates/images/planted.html": "{% load pages %}\n",
    "metrics/planted.py": (
        "from django.apps import apps\n"
        "from django.urls import reverse\n"
        "from profiles import selectors\n"
        "import forum.models\n"
        "Edition = apps.get_model('forum', 'Edition')\n"
        "url = reverse('website:home')\n"
        "admin_url = reverse('admin:registrations_registration_changelist')\n"
    ),
    "profiles/planted.py": "from ..forum import models\nfrom forum.models import Edition\n",
    "profiles/sub/__init__.py": "",
    "profiles/sub/deeper.py": "from ...forum.registrations import services\n",
    "forum/planted.py": (
        "from django.shortcuts import render\n"
        "from django.db import models\n"
        "def view(request):\n"
        "    return render(request, 'website/home.html')\n"
        "class Thing(models.Model):\n"
        "    edition = models.ForeignKey('registrations.Registration', models.CASCADE)\n"
    ),
    "forum/registrations/planted.py": (
        "from forum.website import selectors\n"
        "def allowed(user):\n"
        "    return user.has_perm('demo.load_demo')\n"
    ),
    "forum/website/planted.py": "from forum.demo import loader\n",
    "forum/website/templatetags/pages.py": "",
    "metrics/templatetags/display.py": "",
    "templates/registrations/planted.html": (
        "{% load i18n pages %}<a href=\"{% url 'website:home' %}\">home</a>\n"
        '{% include "website/figures/figure_list.html" %}\n'
    ),
    "templates/admin/forum/planted.html": (
        "{% if perms.registrations.view_registration %}{% endif %}\n"
    ),
    "templates/website/fine.html": (
        '{% extends "base.html" %}{% load display %}{% url "registration:register" 7 %}\n'
    ),
    "templates/base.html": "{% url 'website:home' %}{% url 'registration:sent' %}\n",
}


def test_the_check_finds_each_kind_of_planted_violation(tmp_path):
    for name, text in PLANTED.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    found = "\n".join(find_violations(tmp_path))

    expected = [
        "config/common/planted.py:1 (kernel) imports metrics.models",
        "config/images/planted.py:2 (kernel) imports profiles.models",
        "config/images/planted.py:4 (kernel) refers to the model profiles.Person",
        "templates/images/planted.html:1 (kernel) loads {% load pages %}",
        "metrics/planted.py:3 (metrics) imports profiles",
        "metrics/planted.py:4 (metrics) imports forum.models",
        "metrics/planted.py:5 (metrics) uses the app registry for forum",
        "metrics/planted.py:6 (metrics) names the URL website:home",
        "metrics/planted.py:7 (metrics) names the URL admin:registrations_registration_changelist",
        "profiles/planted.py:1 (profiles) imports forum",
        "profiles/planted.py:2 (profiles) imports forum.models",
        "profiles/sub/deeper.py:1 (profiles) imports forum.registrations",
        "forum/planted.py:4 (forum) renders website/home.html",
        "forum/planted.py:6 (forum) refers to the model registrations.Registration",
        "forum/registrations/planted.py:1 (registrations) imports forum.website",
        "forum/registrations/planted.py:3 (registrations) checks the permission demo.load_demo",
        "forum/website/planted.py:1 (website) imports forum.demo",
        "templates/registrations/planted.html:1 (registrations) loads {% load pages %}",
        "templates/registrations/planted.html:1 (registrations) names the URL website:home",
        "templates/registrations/planted.html:2 (registrations) includes "
        "website/figures/figure_list.html",
        "templates/admin/forum/planted.html:1 (forum) checks perms.registrations",
    ]
    for violation in expected:
        assert violation in found
    assert "fine.html" not in found
    assert "uses_images" not in found
    assert "templates/base.html" not in found
    assert len(found.splitlines()) == len(expected)


@pytest.mark.parametrize(
    ("user", "used", "allowed"),
    [
        ("profiles", "metrics", True),
        ("metrics", "profiles", False),
        ("website", "demo", False),
        ("demo", "registrations", True),
        ("kernel", "metrics", False),
        ("profiles", "kernel", True),
        ("registrations", "kernel", True),
        ("shell", "website", True),
        ("forum", "shell", False),
    ],
)
def test_layers(user, used, allowed):
    assert reaches_up(user, used) is not allowed
