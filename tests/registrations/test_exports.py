"""Exports of an edition's attendee list: CSV with BOM, XLSX, and no spreadsheet formulas."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from config.common.spreadsheets import csv_cell
from forum.registrations.exports import registrations_csv, registrations_xlsx
from forum.registrations.models import Registration
from tests.factories import (
    EditionFactory,
    ForumFactory,
    RegistrationFactory,
    SectorFactory,
    UserFactory,
)

from .helpers import open_edition, register

pytestmark = pytest.mark.django_db


def read_csv(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def column(rows, header):
    """The values under `header` (row 0 holds the headers)."""
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def read_xlsx(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+86 138", "'+86 138"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("沐曦股份", "沐曦股份"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_csv_cell(raw, expected):
    assert csv_cell(raw) == expected


def test_csv_starts_with_a_byte_order_mark():
    RegistrationFactory()

    content = registrations_csv(Registration.objects.all())

    assert content.startswith(b"\xef\xbb\xbf")


def test_csv_keeps_chinese_text():
    RegistrationFactory(name="陈维良", organization="沐曦股份")

    rows = read_csv(registrations_csv(Registration.objects.all()))

    assert "陈维良" in rows[1]
    assert "沐曦股份" in rows[1]


def test_csv_defuses_a_formula_typed_as_organization():
    RegistrationFactory(organization='=HYPERLINK("http://evil.example","x")')

    rows = read_csv(registrations_csv(Registration.objects.all()))

    assert '\'=HYPERLINK("http://evil.example","x")' in rows[1]


def test_csv_headers_follow_the_active_language():
    RegistrationFactory()

    with translation.override("en"):
        rows = read_csv(registrations_csv(Registration.objects.all()))

    assert rows[0][:6] == [
        "Edition",
        "Check-in code",
        "Status",
        "Waiting-list position",
        "Category",
        "Name",
    ]


def test_csv_lists_sectors_of_interest():
    registration = RegistrationFactory()
    registration.sectors.add(SectorFactory(name_zh="集成电路"), SectorFactory(name_zh="人工智能"))

    with translation.override("zh-hans"):
        rows = read_csv(registrations_csv(Registration.objects.all()))

    assert set(column(rows, "关注领域")[0].split("; ")) == {"集成电路", "人工智能"}


def test_xlsx_has_one_row_per_registration_after_the_header():
    edition = EditionFactory()
    RegistrationFactory.create_batch(3, edition=edition)

    rows, _sheet = read_xlsx(registrations_xlsx(Registration.objects.all(), sheet_title="x"))

    assert len(rows) == 4


def test_xlsx_stores_a_formula_as_text_without_an_apostrophe():
    RegistrationFactory(name="=1+1", organization="@cmd", mobile="+8613800138000")

    with translation.override("en"):
        rows, sheet = read_xlsx(registrations_xlsx(Registration.objects.all(), sheet_title="x"))

    assert column(rows, "Name") == ["=1+1"]
    assert column(rows, "Organization") == ["@cmd"]
    assert column(rows, "Mobile") == ["+8613800138000"]
    texts = [cell for row in sheet.iter_rows(max_col=13) for cell in row if cell.value]
    assert all(cell.data_type == "s" for cell in texts if not isinstance(cell.value, int))


def test_xlsx_sheet_title_is_made_valid():
    RegistrationFactory()

    _rows, sheet = read_xlsx(
        registrations_xlsx(Registration.objects.all(), sheet_title="论坛 第7届 [2026]: a/b?" * 3)
    )

    assert len(sheet.title) <= 31
    assert not set("[]:*?/\\") & set(sheet.title)


def test_export_query_count_is_constant(django_assert_num_queries):
    edition = EditionFactory()
    for registration in RegistrationFactory.create_batch(20, edition=edition):
        registration.sectors.add(SectorFactory())

    # registrations, sectors, the editions' questions (none here, so no answers)
    with django_assert_num_queries(3):
        registrations_csv(Registration.objects.filter(edition=edition))


# --- Through the admin ---------------------------------------------------------------------------


@pytest.fixture
def organizer_client(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Organizers"))
    client.force_login(user)
    return client


def test_admin_exports_a_whole_edition_as_csv(organizer_client):
    edition = EditionFactory()
    RegistrationFactory.create_batch(2, edition=edition)
    RegistrationFactory()  # another edition

    response = organizer_client.get(
        reverse("admin:registrations_registration_export", args=[edition.pk, "csv"])
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert len(read_csv(response.content)) == 3


def test_admin_exports_a_whole_edition_as_xlsx(organizer_client):
    edition = EditionFactory()
    RegistrationFactory(edition=edition)

    response = organizer_client.get(
        reverse("admin:registrations_registration_export", args=[edition.pk, "xlsx"])
    )

    rows, _sheet = read_xlsx(response.content)
    assert len(rows) == 2


def test_admin_export_of_an_unknown_format_is_404(organizer_client):
    edition = EditionFactory()

    response = organizer_client.get(
        reverse("admin:registrations_registration_export", args=[edition.pk, "pdf"])
    )

    assert response.status_code == 404


def test_admin_export_action_exports_the_selection(organizer_client):
    chosen, _other = RegistrationFactory.create_batch(2)

    response = organizer_client.post(
        reverse("admin:registrations_registration_changelist"),
        {"action": "export_csv", "_selected_action": [chosen.pk]},
    )

    rows = read_csv(response.content)
    assert len(rows) == 2
    assert column(rows, "签到码") == [chosen.checkin_code]


def test_editor_cannot_export(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    edition = EditionFactory()

    response = client.get(
        reverse("admin:registrations_registration_export", args=[edition.pk, "csv"])
    )

    assert response.status_code == 403


# --- Ready to use in a spreadsheet (issue 12) --------------------------------------------------


def test_csv_mobile_has_no_apostrophe_but_a_formula_still_has():
    RegistrationFactory(mobile="+8613800138000", organization="+cmd|' /C calc'!A0")

    with translation.override("en"):
        rows = read_csv(registrations_csv(Registration.objects.all()))

    assert column(rows, "Mobile") == ["+8613800138000"]
    assert column(rows, "Organization") == ["'+cmd|' /C calc'!A0"]


def test_english_export_of_an_edition_is_english_throughout(organizer_client):
    forum = ForumFactory(name_zh="上海创新创业青年50人论坛", name_en="Youth 50 Forum")
    edition = EditionFactory(forum=forum, number=7, year=2026)
    registration = RegistrationFactory(edition=edition, category="investor")
    registration.sectors.add(SectorFactory(name_zh="集成电路", name_en="Integrated circuits"))

    response = organizer_client.get(
        reverse("admin:registrations_registration_export", args=[edition.pk, "xlsx"]),
        {"language": "en"},
    )

    rows, sheet = read_xlsx(response.content)
    assert sheet.title == "7th edition (2026)"
    assert rows[0][0] == "Edition"
    assert column(rows, "Edition") == ["Youth 50 Forum · 7th edition (2026)"]
    assert column(rows, "Category") == ["Investor"]
    assert column(rows, "Sectors of interest") == ["Integrated circuits"]
    assert not any("集成电路" in str(value) for row in rows for value in row)
    assert "-en-" in response["Content-Disposition"]


def test_chinese_export_of_an_edition_is_chinese(organizer_client):
    edition = EditionFactory(number=7, year=2026)
    RegistrationFactory(edition=edition, category="investor")

    response = organizer_client.get(
        reverse("admin:registrations_registration_export", args=[edition.pk, "xlsx"]),
        {"language": "zh-hans", "lang": "ignored"},
    )

    rows, sheet = read_xlsx(response.content)
    assert sheet.title == "第七届（2026）"
    assert column(rows, "参会身份") == ["投资人"]


def test_xlsx_times_are_dates_the_header_bold_and_columns_wide():
    RegistrationFactory(organization="上海某某集成电路设计有限公司")

    with translation.override("en"):
        rows, sheet = read_xlsx(registrations_xlsx(Registration.objects.all(), sheet_title="x"))

    registered = column(rows, "Registered at")[0]
    assert isinstance(registered, datetime.datetime)
    assert registered.second == 0
    index = rows[0].index("Registered at") + 1
    assert sheet.cell(row=2, column=index).number_format == "yyyy-mm-dd hh:mm"
    assert all(cell.font.bold for cell in sheet[1])
    organization = rows[0].index("Organization") + 1
    assert sheet.column_dimensions[chr(ord("A") + organization - 1)].width >= 28


def test_waiting_list_position_is_within_the_category():
    edition = open_edition(capacity=0)
    first = register(edition, category="entrepreneur")
    second = register(edition, category="entrepreneur")
    investor = register(edition, category="investor")

    with translation.override("en"):
        rows = read_csv(registrations_csv(Registration.objects.filter(pk=investor.pk)))
        every = read_csv(registrations_csv(Registration.objects.all()))

    assert column(rows, "Waiting-list position") == ["1"]
    positions = dict(
        zip(column(every, "Check-in code"), column(every, "Waiting-list position"), strict=True)
    )
    assert positions == {
        first.checkin_code: "1",
        second.checkin_code: "2",
        investor.checkin_code: "1",
    }
