"""Editors import people, organizations, roles and milestones from CSV and XLSX in the admin:
a dry run naming each bad row and column, then a confirm step; idempotent by natural key;
blank cells keep an editor's later changes; every row saved through the services; Chinese
intact through CSV (UTF-8 with BOM) and XLSX; the same formats export."""

import csv
import gc
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from tablib import Dataset

from config.common.importing import _set_progress
from profiles.enums import OrganizationKind, RoleKind
from profiles.models import Organization, Person, Role
from profiles.resources import OrganizationResource, PersonResource, RoleResource
from tests.factories import OrganizationFactory, PersonFactory, SectorFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]

PEOPLE_COLUMNS = ["slug", "name_zh", "name_en", "headline_zh", "headline_en", "is_published"]
CSV_FORMAT, XLSX_FORMAT = "0", "1"  # the order of config.common.importing.FORMATS


def cohort(bad=True):
    """50 people of a new cohort; with `bad`, row 8 lacks its Chinese name and row 31 has a
    slug with spaces (rows counted as a spreadsheet shows them, the header being row 1)."""
    rows = []
    for n in range(1, 51):
        rows.append(
            {
                "slug": f"cohort-{n:02d}",
                "name_zh": f"青年{n}号",
                "name_en": f"Young Person {n}",
                "headline_zh": f"第{n}家初创企业创始人",
                "headline_en": f"Founder of start-up {n}",
                "is_published": "1",
            }
        )
    if bad:
        rows[6]["name_zh"] = ""
        rows[29]["slug"] = "not a slug"
    return rows


def xlsx(rows, columns=PEOPLE_COLUMNS):
    book = Workbook()
    sheet = book.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column, "") for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, columns=PEOPLE_COLUMNS):
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8-sig")


@pytest.fixture
def editor(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def dry_run(client, data, name="cohort.xlsx", file_format=XLSX_FORMAT, model="person"):
    return client.post(
        reverse(f"admin:profiles_{model}_import"),
        {"import_file": SimpleUploadedFile(name, data), "format": file_format},
    )


def confirm(client, response, model="person"):
    form = response.context["confirm_form"]
    return client.post(reverse(f"admin:profiles_{model}_process_import"), form.initial)


def test_a_cohort_with_two_bad_rows_is_refused_naming_each_row_and_column(editor):
    response = dry_run(editor, xlsx(cohort()))

    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors()
    invalid = {row.number: row.field_specific_errors for row in result.invalid_rows}
    assert set(invalid) == {7, 30}  # data rows 7 and 30: lines 8 and 31 of the sheet
    assert "name_zh" in invalid[7]
    assert "slug" in invalid[30]
    assert "This field cannot be blank." in invalid[7]["name_zh"]
    # Spelled out for the editor as the spreadsheet numbers its rows (the header is row 1).
    assert "Row 8, column “name_zh”: This field cannot be blank." in response.text
    assert "Row 31, column “slug”:" in response.text
    assert "confirm_form" not in response.context
    assert not Person.objects.exists()


def test_a_refused_file_is_not_kept_and_a_confirmed_one_is_removed(editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    waiting = tmp_path / "django-import-export"

    dry_run(editor, xlsx(cohort()))
    assert not any(waiting.glob("*"))

    preview = dry_run(editor, xlsx(cohort(bad=False)))
    assert len(list(waiting.glob("*"))) == 1  # kept for the confirmation
    confirm(editor, preview)
    assert not any(waiting.glob("*"))


def test_the_row_errors_are_in_the_editors_language(editor):
    editor.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"

    response = dry_run(editor, xlsx(cohort()))

    errors = {
        row.number: row.field_specific_errors for row in response.context["result"].invalid_rows
    }
    assert "此字段不能为空。" in errors[7]["name_zh"]


def test_the_fixed_cohort_imports_after_its_dry_run_and_a_second_import_changes_nothing(editor):
    fixed = xlsx(cohort(bad=False))

    preview = dry_run(editor, fixed)
    assert not Person.objects.exists()  # a dry run saves nothing
    totals = preview.context["result"].totals
    assert totals["new"] == 50
    done = confirm(editor, preview)

    assert done.status_code == 302
    assert Person.objects.count() == 50
    person = Person.objects.get(slug="cohort-07")
    assert person.name_zh == "青年7号"
    assert person.headline_en == "Founder of start-up 7"

    again = dry_run(editor, fixed)
    totals = again.context["result"].totals
    assert totals["skip"] == 50
    assert totals["new"] == totals["update"] == 0
    before = list(Person.objects.order_by("pk").values_list("pk", "updated_at"))
    confirm(editor, again)
    assert list(Person.objects.order_by("pk").values_list("pk", "updated_at")) == before


def test_blank_cells_and_missing_columns_keep_an_editors_later_changes():
    PersonResource().import_data(
        Dataset().load(csv_bytes(cohort(bad=False)[:1]).decode("utf-8-sig"), format="csv")
    )
    person = Person.objects.get(slug="cohort-01")
    person.headline_zh = "编辑改过的头衔"
    person.bio_zh = "<p>编辑写的简介</p>"
    person.save()
    rows = cohort(bad=False)[:1]
    rows[0]["headline_zh"] = ""  # blank: keep
    rows[0]["name_en"] = "Renamed In The File"  # a value: the file says otherwise

    result = PersonResource().import_data(
        Dataset().load(csv_bytes(rows).decode("utf-8-sig"), format="csv")
    )

    assert not result.has_errors()
    person.refresh_from_db()
    assert person.headline_zh == "编辑改过的头衔"
    assert person.bio_zh == "<p>编辑写的简介</p>"  # no bio column in the file
    assert person.name_en == "Renamed In The File"


def test_rows_go_through_the_save_service():
    rows = [
        {"slug": "li", "name_zh": "李", "name_en": "Li", "bio_zh": "<p>hi</p><script>x</script>"}
    ]
    dataset = Dataset(headers=["slug", "name_zh", "name_en", "bio_zh"])
    dataset.append([rows[0][c] for c in dataset.headers])

    PersonResource().import_data(dataset)

    assert Person.objects.get(slug="li").bio_zh == "<p>hi</p>"  # sanitized by person_save


def test_chinese_round_trips_through_csv_with_a_bom(editor):
    PersonFactory(slug="chen", name_zh="陈维良", headline_zh="沐曦股份创始人、董事长")

    response = editor.post(
        reverse("admin:profiles_person_export"),
        {"format": CSV_FORMAT, **_all_fields(PersonResource)},
    )

    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "陈维良" in text
    assert "沐曦股份创始人、董事长" in text

    Person.objects.update(headline_zh="")
    preview = dry_run(editor, data, name="people.csv", file_format=CSV_FORMAT)
    confirm(editor, preview)
    assert Person.objects.get(slug="chen").headline_zh == "沐曦股份创始人、董事长"


def test_chinese_round_trips_through_xlsx(editor):
    PersonFactory(slug="chen", name_zh="陈维良", headline_zh="沐曦股份创始人、董事长")

    response = editor.post(
        reverse("admin:profiles_person_export"),
        {"format": XLSX_FORMAT, **_all_fields(PersonResource)},
    )

    data = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(data)).active
    assert "沐曦股份创始人、董事长" in [cell.value for cell in sheet[2]]


def _all_fields(resource_class):
    name = resource_class.__name__.lower()
    return {f"{name}_{field}": "on" for field in resource_class._meta.fields}


def test_organizations_and_roles_import_by_slug():
    SectorFactory(slug="ai")
    organizations = Dataset(headers=["slug", "kind", "name_zh", "name_en", "sectors", "parent"])
    organizations.append(["group", OrganizationKind.COMPANY, "集团", "Group", "", ""])
    organizations.append(["unit", OrganizationKind.COMPANY, "子公司", "Unit", "ai", "group"])
    assert not OrganizationResource().import_data(organizations).has_errors()
    PersonFactory(slug="chen")
    roles = Dataset(headers=["person", "organization", "title_zh", "kind"])
    roles.append(["chen", "unit", "创始人", RoleKind.FOUNDER])

    result = RoleResource().import_data(roles)

    assert not result.has_errors()
    assert not result.has_validation_errors()
    unit = Organization.objects.get(slug="unit")
    assert unit.parent.slug == "group"
    assert list(unit.sectors.values_list("slug", flat=True)) == ["ai"]
    role = Role.objects.get()
    assert role.is_founder  # role_save's rule: a founder role carries the flag


def test_an_unknown_slug_is_a_row_error_naming_the_column(english):
    OrganizationFactory(slug="unit")
    roles = Dataset(headers=["person", "organization", "title_zh", "kind"])
    roles.append(["nobody", "unit", "创始人", RoleKind.FOUNDER])

    result = RoleResource().import_data(roles)

    (row,) = result.invalid_rows
    assert "person" in row.field_specific_errors
    assert "nobody" in row.field_specific_errors["person"][0]


def test_the_confirmed_import_runs_as_a_task_with_a_progress_page(editor):
    preview = dry_run(editor, xlsx(cohort(bad=False)))

    done = confirm(editor, preview)

    assert done.status_code == 302
    assert "/admin/profiles/person/import/progress/" in done["Location"]
    page = editor.get(done["Location"])
    assert page.status_code == 200
    assert "Import finished" in page.text
    assert "50 new, 0 updated, 0 unchanged (skipped)." in page.text
    assert 'http-equiv="refresh"' not in page.text  # done: it stops refreshing


def test_a_running_import_shows_its_rows_and_refreshes(editor, django_user_model):
    user = django_user_model.objects.get(is_staff=True)
    _set_progress("job1", state="running", done=2000, total=5000, user=user.pk)

    page = editor.get(reverse("admin:profiles_person_import_progress", args=["job1"]))

    assert "2000 of 5000 rows" in page.text
    assert '<progress id="import-progress" max="100" value="40">' in page.text
    assert 'http-equiv="refresh"' in page.text


def test_another_users_import_is_not_shown(editor):
    _set_progress("job2", state="running", done=1, total=2, user=-1)

    page = editor.get(reverse("admin:profiles_person_import_progress", args=["job2"]))

    assert page.status_code == 404


def test_a_large_import_pauses_the_garbage_collector_and_restores_it():
    seen = []
    dataset = Dataset(headers=["slug", "name_zh"])
    for n in range(600):
        dataset.append([f"p-{n}", f"人{n}"])

    result = PersonResource(progress=lambda done, total: seen.append(gc.isenabled())).import_data(
        dataset
    )

    assert not result.has_errors()
    assert seen
    assert not any(seen)  # paused while the rows were imported
    assert gc.isenabled()


def test_the_confirmed_import_makes_no_savepoint_per_row():
    dataset = Dataset(headers=["slug", "name_zh"])
    for n in range(20):
        dataset.append([f"p-{n}", f"人{n}"])

    with CaptureQueriesContext(connection) as queries:
        result = PersonResource().import_data(dataset, confirmed=True)

    assert not result.has_errors()
    assert Person.objects.count() == 20
    assert not [q for q in queries if "SAVEPOINT" in q["sql"]]
    assert "_savepoint_allowed" not in vars(connection)  # as it was


@pytest.mark.django_db(transaction=True)
def test_a_row_failing_at_confirmation_rolls_the_whole_import_back():
    # Two rows claim one slug: the dry run's loader saw neither stored, the second fails.
    dataset = Dataset(headers=["slug", "name_zh"])
    dataset.append(["twice", "甲"])
    dataset.append(["other", "乙"])
    dataset.append(["twice", "丙"])

    result = PersonResource().import_data(
        dataset, confirmed=True, use_transactions=True, rollback_on_validation_errors=True
    )

    assert result.has_errors() or result.has_validation_errors()
    assert not Person.objects.exists()
    assert "_savepoint_allowed" not in vars(connection)
