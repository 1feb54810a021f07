"""The interface is translated: the Chinese catalogue is complete and matches the source code."""

import datetime
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import django
import pytest
from axes.models import AccessAttempt
from babel.messages.pofile import read_po
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.urls import reverse
from django.utils import timezone, translation

from config.common.importing import ImportExportAdminMixin
from tests.factories import AccessAttemptFactory
from tests.helpers import FACTORIES

PROJECT_DIR = Path(__file__).resolve().parent.parent
CATALOGUES = {
    language: PROJECT_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
    for language in ("zh_Hans", "en")
}
# The project's own Django apps live in these packages (the rest are Django's and libraries').
PROJECT_PACKAGES = ("config", "metrics", "profiles", "forum")
# The admin JavaScript's catalogue (JavaScriptCatalog's `djangojs` domain).
JS_CATALOGUES = {
    language: PROJECT_DIR / "locale" / language / "LC_MESSAGES" / "djangojs.po"
    for language in ("zh_Hans", "en")
}


def load(path):
    with path.open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("path", [*CATALOGUES.values(), *JS_CATALOGUES.values()])
def test_catalogue_exists(path):
    assert path.is_file()


@pytest.mark.parametrize("path", [CATALOGUES["zh_Hans"], JS_CATALOGUES["zh_Hans"]])
def test_every_chinese_message_is_translated_and_none_is_fuzzy(path):
    catalogue = load(path)
    untranslated = [
        m.id
        for m in catalogue
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    fuzzy = [m.id for m in catalogue if m.id and m.fuzzy]

    assert not untranslated, f"untranslated: {untranslated[:20]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:20]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext's xgettext")
def test_catalogues_contain_every_string_in_the_code(tmp_path):
    """makemessages run on a copy of the project finds no message the catalogue lacks."""
    copy = tmp_path / "project"
    shutil.copytree(
        PROJECT_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "node_modules", ".git", "test-artifacts", "media", "staticfiles", "*.mo"
        ),
    )
    missing = {}
    for domain, committed_path in (("django", CATALOGUES), ("djangojs", JS_CATALOGUES)):
        subprocess.run(  # noqa: S603 (our own interpreter and project, fixed arguments)
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "-d",
                domain,
                "-l",
                "zh_Hans",
                "--no-obsolete",
            ],
            cwd=copy,
            check=True,
            capture_output=True,
        )
        fresh = {m.id for m in load(copy / f"locale/zh_Hans/LC_MESSAGES/{domain}.po") if m.id}
        committed = {m.id for m in load(committed_path["zh_Hans"]) if m.id}
        missing[domain] = sorted(map(str, fresh - committed))[:20]

    assert missing == {"django": [], "djangojs": []}, "run makemessages (-d djangojs)"


def test_no_template_glues_ascii_punctuation_to_a_translated_word():
    """`{% translate "Register" %}: …` reads "报名: …" on Chinese pages; the separator must be
    translated too ({% translate ": " context "before a value" %} is "：")."""
    glued = re.compile(r'\{% (?:translate|trans) "[^"]*"(?: context "[^"]*")? %\}[:;,?!]')
    found = [
        f"{path.relative_to(PROJECT_DIR)}:{number}"
        for path in sorted((PROJECT_DIR / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if glued.search(line)
    ]
    assert found == []


def test_no_page_puts_a_space_after_a_translated_colon():
    """`{% translate "Source:" %} …` reads "来源： …" on Chinese pages, a full-width colon with a
    gap after it: the colon is translated on its own ({% translate ": " context "before a
    value" %} is "：" in Chinese, ": " in English)."""
    spaced = re.compile(r'\{% (?:translate|trans) "[^"]*:"(?: context "[^"]*")? %\}(?:\s|$)')
    found = [
        f"{path.relative_to(PROJECT_DIR)}:{number}"
        for path in sorted((PROJECT_DIR / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if spaced.search(line)
    ]
    assert found == []


def _message_ids(catalogue, *, translated):
    return {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalogue
        if m.id and (not translated or (all(m.string) if isinstance(m.string, tuple) else m.string))
    }


@pytest.mark.parametrize("app", ["conf", "contrib/admin", "contrib/auth", "contrib/contenttypes"])
def test_every_django_string_editors_see_has_a_chinese_translation(app):
    """Django's Chinese catalogue lags its releases; what it lacks, the project's translates."""
    locale = Path(django.__file__).parent / app / "locale"
    english = _message_ids(load(locale / "en" / "LC_MESSAGES" / "django.po"), translated=False)
    translated = _message_ids(
        load(locale / "zh_Hans" / "LC_MESSAGES" / "django.po"), translated=True
    ) | _message_ids(load(CATALOGUES["zh_Hans"]), translated=True)

    assert sorted(english - translated) == []


def _django_js_catalogues(language):
    """The admin JavaScript catalogues of Django's installed apps (and of Django itself, should
    it ship one) in `language`."""
    folders = [Path(django.__file__).parent / "conf"] + [
        Path(app.path) for app in apps.get_app_configs() if app.name.startswith("django.")
    ]
    return [
        path
        for folder in folders
        if (path := folder / "locale" / language / "LC_MESSAGES" / "djangojs.po").is_file()
    ]


def test_every_django_admin_javascript_string_has_a_chinese_translation():
    """Django's Chinese catalogue lags its releases in the admin's JavaScript too (the
    calendar's labels in 6.1); what it lacks, the project's djangojs catalogue translates
    (listed in config/common/django_strings.js)."""
    english_catalogues = _django_js_catalogues("en")
    english = set().union(*(_message_ids(load(p), translated=False) for p in english_catalogues))
    translated = set().union(
        *(_message_ids(load(p), translated=True) for p in _django_js_catalogues("zh_Hans")),
        _message_ids(load(JS_CATALOGUES["zh_Hans"]), translated=True),
    )

    assert english_catalogues
    assert sorted(english - translated) == []


@pytest.mark.django_db
def test_the_admin_calendar_reads_in_chinese(admin_client):
    """The admin's JavaScript catalogue, as the browser fetches it, merges the project's
    translations into Django's: the calendar's label Django's catalogue lacks is Chinese, and
    one Django translates itself still is."""
    response = admin_client.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = response.content.decode()

    assert response.status_code == 200
    assert f"{json.dumps('Today (%(date)s)')}: {json.dumps('今天（%(date)s）')}" in text
    assert f"{json.dumps('Today')}: {json.dumps('今天')}" in text


@pytest.mark.django_db
def test_a_blank_choice_reads_in_chinese_in_the_admin(admin_client):
    page = admin_client.get("/admin/profiles/role/add/").content.decode()

    assert "——请选择——" in page
    assert "Select an option" not in page


def test_every_field_of_the_projects_models_has_a_chinese_name():
    """A field without a verbose name is labelled with its attribute's name (`created at`), in
    English on every Chinese admin page that shows it: list columns, filters, the date
    hierarchy's "filter by", read-only fields."""
    unnamed = []
    with translation.override("zh-hans"):
        for model in apps.get_models():
            if model._meta.app_config.name.split(".")[0] not in PROJECT_PACKAGES:
                continue
            unnamed += [
                f"{model._meta.label}.{field.name}"
                for field in model._meta.get_fields()
                if field.concrete
                and not field.auto_created
                and not re.search(r"[\u4e00-\u9fff]", str(field.verbose_name))
            ]
    assert unnamed == []


@pytest.mark.django_db
def test_the_registrations_date_filter_reads_in_chinese(admin_client):
    page = admin_client.get(
        reverse("admin:registrations_registration_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    assert "按创建时间筛选" in page
    assert "created at" not in page


# A word of English on a Chinese admin page: two letters or more, unless all capitals (IP, GET,
# POST and HTTP stay as they are in Chinese).
ENGLISH_WORD = re.compile(r"\b(?![A-Z]+\b)[A-Za-z]{2,}\b")
# The third-party apps' admin pages superusers see (django-axes' sign-in records, the task
# queue): their own catalogues have no Chinese.
THIRD_PARTY_ADMIN_MODELS = sorted(
    (
        model
        for model in admin.site._registry
        if model._meta.app_config.name.split(".")[0] not in PROJECT_PACKAGES
        and not model._meta.app_config.name.startswith("django.")
    ),
    key=lambda model: model._meta.label,
)


def _english(texts):
    return sorted({str(text) for text in texts if ENGLISH_WORD.search(str(text))})


@pytest.mark.django_db
def test_every_app_and_model_on_the_admin_index_has_a_chinese_name(admin_client):
    """The index and every page's sidebar list the apps and their models by these names."""
    apps_listed = admin_client.get(reverse("admin:index")).context["available_apps"]
    names = [app["name"] for app in apps_listed] + [
        model["name"] for app in apps_listed for model in app["models"]
    ]

    assert len(apps_listed) > 5
    assert _english(names) == []


def test_the_third_party_admin_pages_are_found():
    assert {m._meta.label for m in THIRD_PARTY_ADMIN_MODELS} >= {
        "axes.AccessAttempt",
        "axes.AccessFailureLog",
        "axes.AccessLog",
        "django_tasks_database.DBTaskResult",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("model", THIRD_PARTY_ADMIN_MODELS, ids=lambda m: m._meta.label)
def test_a_third_party_changelist_reads_in_chinese(admin_client, model):
    """Its app's and model's names, column titles, filter titles and actions."""
    FACTORIES[model].create()
    model_admin = admin.site._registry[model]
    opts = model._meta
    response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    changelist = response.context["cl"]
    action_form = response.context["action_form"]  # none where nothing may be deleted
    columns = [
        label_for_field(name, model, model_admin)
        for name in changelist.list_display
        if name != "action_checkbox"
    ]
    texts = [
        opts.app_config.verbose_name,
        opts.verbose_name,
        opts.verbose_name_plural,
        *columns,
        *(spec.title for spec in changelist.filter_specs),
        *(label for value, label in (action_form.fields["action"].choices if action_form else [])),
    ]

    assert response.status_code == 200
    assert _english(texts) == []


def _form_texts(adminform):
    """The fieldsets' names and every field's label and help text on a change form."""
    texts = []
    for fieldset in adminform:
        texts.append(fieldset.name or "")
        for line in fieldset:
            for admin_field in line:
                field = admin_field.field
                if isinstance(field, dict):  # a read-only field
                    texts += [field["label"], field["help_text"] or ""]
                else:
                    texts += [field.label, field.help_text]
    return texts


@pytest.mark.django_db
@pytest.mark.parametrize("model", THIRD_PARTY_ADMIN_MODELS, ids=lambda m: m._meta.label)
def test_a_third_party_change_page_reads_in_chinese(admin_client, model):
    row = FACTORIES[model].create()
    opts = model._meta
    response = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
    )

    assert response.status_code == 200
    assert _english(_form_texts(response.context["adminform"])) == []


@pytest.mark.django_db
def test_a_sign_in_attempts_status_reads_in_chinese(admin_client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    AccessAttemptFactory(failures_since_start=1)

    page = admin_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()

    assert "4 次尝试机会剩余" in page
    assert "Attempt Remaining" not in page


@pytest.mark.django_db
def test_cleaning_up_expired_sign_in_attempts_says_so_in_chinese(admin_client):
    """The action works from admin (django-axes' own fails there) and keeps recent attempts."""
    expired, recent = AccessAttemptFactory(), AccessAttemptFactory()
    AccessAttempt.objects.filter(pk=expired.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(days=1)
    )

    response = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "cleanup_expired_attempts", "_selected_action": [expired.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["已清理 1 条过期的登录尝试。"]
    assert list(AccessAttempt.objects.all()) == [recent]


IMPORT_EXPORT_MODELS = sorted(
    (m for m, a in admin.site._registry.items() if isinstance(a, ImportExportAdminMixin)),
    key=lambda model: model._meta.label,
)
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.django_db
@pytest.mark.parametrize("model", IMPORT_EXPORT_MODELS, ids=lambda m: m._meta.label)
def test_the_export_page_names_its_columns_in_chinese(admin_client, model):
    """Each column by its field's name in the admin's forms (the spreadsheet's column name
    after it), and django-import-export's "select all" translated."""
    opts = model._meta
    response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_export"))
    labels = [
        field.label
        for field in response.context["form"].fields.values()
        if getattr(field, "is_selectable_field", False)
    ]

    assert labels
    assert [label for label in labels if not CHINESE.search(label)] == []
    assert "全选" in response.content.decode()


@pytest.mark.django_db
def test_exporting_no_column_is_refused_in_chinese(admin_client):
    response = admin_client.post(reverse("admin:profiles_person_export"), {"format": "0"})

    assert "请为「人物」至少选择一个要导出的字段。" in response.content.decode()
