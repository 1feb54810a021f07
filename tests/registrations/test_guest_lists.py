"""Guest lists: an organizer uploads a CSV or XLSX for an edition, sees a dry run row by row
(confirmed, waitlisted, duplicate, rejected for a bad cell: row, column, why, in their language),
confirms, and the same file a second time registers nobody twice. Chinese names, mobile numbers
in the usual formats and full-width characters come through intact."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from forum.registrations import guest_lists
from forum.registrations.enums import LogAction
from forum.registrations.exceptions import ReserveFull
from forum.registrations.models import Registration, RegistrationEmail
from tests.factories import EditionFactory, QuestionFactory, SectorFactory, UserFactory

from .helpers import open_edition, register

pytestmark = pytest.mark.django_db

COLUMNS = ["name", "email", "mobile", "organization", "title", "category", "sectors"]


def guests(n=6):
    return [
        {
            "name": f"嘉宾{i}",
            "email": f"guest{i}@example.com",
            "mobile": "13812345678",
            "organization": f"某机构{i}",
            "title": "总经理",
            "category": "investor",
            "sectors": "",
        }
        for i in range(1, n + 1)
    ]


def csv_bytes(rows, columns=COLUMNS, encoding="utf-8-sig"):
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows, columns=COLUMNS):
    book = Workbook()
    sheet = book.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column, "") for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def organizer():
    user = UserFactory(is_staff=True, username="orga-li")
    user.groups.add(Group.objects.get(name="Organizers"))
    return user


@pytest.fixture
def organizer_client(client, organizer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(organizer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


CHOICES = {
    "seat": "public",
    "consent_method": "inviter",
    "consent_note": "",
    "email_timing": "never",
    "language": "zh-hans",
}


def run(edition, content, *, by, file_format="csv", dry_run=False, **choices):
    return guest_lists.guest_list_import(
        edition=edition,
        rows=guest_lists.read_guest_list(content, file_format),
        by=by,
        dry_run=dry_run,
        **{**CHOICES, **choices},
    )


def outcomes(report):
    return [(row.number, row.outcome) for row in report.rows]


# --- The dry run ----------------------------------------------------------------------------------


def test_the_dry_run_reports_each_row_and_saves_nothing(organizer):
    edition = open_edition(capacity=3, quotas={"investor": 10})
    register(edition, email="guest2@example.com")  # registered already: a duplicate
    rows = guests(6)
    rows[3]["email"] = "not an address"  # row 5
    rows[4]["mobile"] = "12345"  # row 6
    rows.append(dict(rows[0]))  # row 8: the same address as row 2, in the same file

    with translation.override("en"):
        report = run(edition, csv_bytes(rows), by=organizer, dry_run=True)

    assert outcomes(report) == [
        (2, "confirmed"),
        (3, "duplicate"),
        (4, "confirmed"),
        (5, "invalid"),
        (6, "invalid"),
        (7, "waitlisted"),  # the public registrant and rows 2, 4 took the 3 seats
        (8, "duplicate"),
    ]
    assert report.rows[3].errors == [["email", "Enter a valid email address."]]
    assert report.rows[4].errors == [["mobile", "This does not look like a valid mobile number."]]
    assert Registration.objects.filter(edition=edition).count() == 1
    assert not RegistrationEmail.objects.filter(registration__email__startswith="guest1").exists()


def test_the_dry_run_report_speaks_the_organizers_language(organizer):
    edition = open_edition()
    rows = guests(1)
    rows[0]["mobile"] = "12345"
    with translation.override("zh-hans"):
        report = run(edition, csv_bytes(rows), by=organizer, dry_run=True)

    [(column, message)] = report.rows[0].errors
    assert column == "mobile"
    assert message != "This does not look like a valid mobile number."
    assert "手机" in message


def test_the_dry_run_page_shows_rows_columns_and_reasons_then_confirms(organizer_client):
    edition = open_edition(capacity=10)
    rows = guests(3)
    rows[1]["name"] = "www.example.com"
    url = reverse("admin:registrations_registration_guest_list", args=[edition.pk])
    assert organizer_client.get(url).status_code == 200

    upload = SimpleUploadedFile("guests.csv", csv_bytes(rows), content_type="text/csv")
    response = organizer_client.post(url, {**CHOICES, "file": upload}, follow=True)

    assert response.redirect_chain[-1][0].startswith(f"{url}progress/")
    assert "Dry run: nothing is saved yet" in response.text
    assert "Column “name”: A name cannot contain a web address" in response.text
    assert not Registration.objects.exists()
    confirm = response.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}

    done = organizer_client.post(url, data, follow=True)

    assert "Guest list imported" in done.text
    assert set(Registration.objects.values_list("name", flat=True)) == {"嘉宾1", "嘉宾3"}
    assert all(
        r.registered_by_name == "orga-li" and r.consent_method == "inviter"
        for r in Registration.objects.all()
    )


def test_an_unreadable_or_headless_file_is_refused_with_a_reason(organizer_client):
    edition = open_edition()
    url = reverse("admin:registrations_registration_guest_list", args=[edition.pk])
    headless = SimpleUploadedFile("guests.csv", b"a,b\n1,2\n", content_type="text/csv")

    response = organizer_client.post(url, {**CHOICES, "file": headless})

    assert "missing: name, email, organization, title, category" in response.text
    broken = SimpleUploadedFile("guests.xlsx", b"not a workbook", content_type="text/plain")
    response = organizer_client.post(url, {**CHOICES, "file": broken})
    assert "cannot be read as a CSV or XLSX table" in response.text


def test_an_edition_without_registration_has_no_guest_list_page(organizer_client):
    url = reverse("admin:registrations_registration_guest_list", args=[EditionFactory().pk])

    assert organizer_client.get(url).status_code == 404


# --- Idempotent, and intact ----------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_importing_the_same_file_twice_registers_nobody_twice(organizer, file_format):
    edition = open_edition(capacity=4)
    content = (csv_bytes if file_format == "csv" else xlsx_bytes)(guests(6))

    first = run(edition, content, by=organizer, file_format=file_format)
    before = list(Registration.objects.order_by("pk").values("pk", "status", "updated_at"))
    second = run(edition, content, by=organizer, file_format=file_format)

    assert first.counts()["confirmed"] == 4
    assert first.counts()["waitlisted"] == 2
    assert second.counts()["duplicate"] == 6
    assert list(Registration.objects.order_by("pk").values("pk", "status", "updated_at")) == before


def test_chinese_names_mobiles_and_full_width_characters_round_trip(organizer):
    edition = open_edition()
    rows = [
        {
            "name": "欧阳娜娜（Ｎａｎａ）",
            "email": "ｏｕｙａｎｇ＠example.com",
            "mobile": "+86 138-1234-5678",
            "organization": "ＡＢＣ（上海）科技有限公司",
            "title": "首席技术官（ＣＴＯ）",
            "category": "投资人",
        },
        {
            "name": "Zhang Wei",
            "email": "zhang@example.com",
            "mobile": "１３９ ８７６５ ４３２１",
            "organization": "某大学",
            "title": "教授",
            "category": "Researcher",
        },
        {
            "name": "陈一",
            "email": "chen@example.com",
            "mobile": "(+86)13700001111",
            "organization": "某基金",
            "title": "合伙人",
            "category": "investor",
        },
    ]

    for content, file_format in [(xlsx_bytes(rows), "xlsx"), (csv_bytes(rows), "csv")]:
        Registration.objects.all().delete()
        report = run(edition, content, by=organizer, file_format=file_format)

        assert report.counts()["confirmed"] == 3, report.rows
        stored = {r.email: r for r in Registration.objects.all()}
        ouyang = stored["ouyang@example.com"]
        assert ouyang.name == "欧阳娜娜（Ｎａｎａ）"
        assert ouyang.organization == "ＡＢＣ（上海）科技有限公司"
        assert ouyang.title == "首席技术官（ＣＴＯ）"
        assert ouyang.category == "investor"
        assert ouyang.mobile == "+8613812345678"
        assert stored["zhang@example.com"].mobile == "+8613987654321"
        assert stored["zhang@example.com"].category == "researcher"
        assert stored["chen@example.com"].mobile == "+8613700001111"


def test_a_gb18030_csv_from_a_chinese_excel_reads_right(organizer):
    edition = open_edition()

    report = run(edition, csv_bytes(guests(2), encoding="gb18030"), by=organizer)

    assert report.counts()["confirmed"] == 2
    assert set(Registration.objects.values_list("name", flat=True)) == {"嘉宾1", "嘉宾2"}


def test_xlsx_mobile_numbers_stored_as_numbers_read_right(organizer):
    edition = open_edition()
    rows = guests(1)
    rows[0]["mobile"] = 13812345678

    run(edition, xlsx_bytes(rows), by=organizer, file_format="xlsx")

    assert Registration.objects.get().mobile == "+8613812345678"


def test_chinese_headings_and_sectors_by_name(organizer):
    edition = open_edition()
    sector = SectorFactory(name_zh="人工智能", slug="ai")
    columns = ["姓名", "邮箱", "手机", "单位", "职务", "类别", "关注领域"]
    content = "\ufeff" + ",".join(columns) + "\n李雷,li@example.com,,某公司,经理,媒体,人工智能\n"

    report = run(edition, content.encode(), by=organizer)

    assert report.counts()["confirmed"] == 1, report.rows
    registration = Registration.objects.get()
    assert registration.category == "media"
    assert list(registration.sectors.all()) == [sector]


# --- The organizer's choices ---------------------------------------------------------------------


def test_a_guest_list_into_the_reserve_refuses_past_it(organizer):
    edition = open_edition(capacity=1, reserved_seats=2)
    register(edition)

    report = run(edition, csv_bytes(guests(3)), by=organizer, seat="reserve")

    assert [row.outcome for row in report.rows] == ["confirmed", "confirmed", "refused"]
    assert report.rows[2].errors == [["", str(ReserveFull.default_message)]]
    assert Registration.objects.reserved_seats().confirmed().count() == 2


def test_the_email_choice_applies_to_every_guest(organizer, django_capture_on_commit_callbacks):
    edition = open_edition()

    with django_capture_on_commit_callbacks(execute=True):
        run(edition, csv_bytes(guests(2)), by=organizer, email_timing="now")

    assert sorted(m.to[0] for m in mail.outbox) == ["guest1@example.com", "guest2@example.com"]
    assert (
        Registration.objects.filter(
            log_entries__action=LogAction.REGISTERED_BY_STAFF, log_entries__actor_name="orga-li"
        ).count()
        == 2
    )


def test_the_confirmed_import_reports_its_progress_in_batches(organizer):
    edition = open_edition()
    seen = []

    guest_lists.guest_list_import(
        edition=edition,
        rows=guest_lists.read_guest_list(csv_bytes(guests(7)), "csv"),
        by=organizer,
        dry_run=False,
        progress=lambda done, total: seen.append((done, total)),
        batch_size=3,
        **CHOICES,
    )

    assert seen == [(3, 7), (6, 7), (7, 7)]


def test_the_template_downloads_with_the_headings(organizer_client):
    response = organizer_client.get(reverse("admin:registrations_registration_guest_list_template"))

    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(guest_lists.TEMPLATE_HEADERS)
    edition = open_edition()
    rows = guest_lists.read_guest_list(response.content, "csv")
    report = guest_lists.guest_list_import(
        edition=edition, rows=rows, by=UserFactory(is_staff=True), dry_run=True, **CHOICES
    )
    assert report.counts()["confirmed"] == 1


def test_a_stored_file_is_removed_once_imported_or_when_nothing_can_be_confirmed(
    organizer_client, tmp_path
):
    edition = open_edition()
    url = reverse("admin:registrations_registration_guest_list", args=[edition.pk])
    waiting = tmp_path / "django-import-export"
    rows = guests(2)
    for row in rows:
        row["email"] = "wrong"

    organizer_client.post(url, {**CHOICES, "file": SimpleUploadedFile("bad.csv", csv_bytes(rows))})
    assert list(waiting.iterdir()) == []

    response = organizer_client.post(
        url, {**CHOICES, "file": SimpleUploadedFile("good.csv", csv_bytes(guests(2)))}, follow=True
    )
    assert len(list(waiting.iterdir())) == 1
    confirm = response.context["confirm_form"]
    organizer_client.post(url, {name: confirm[name].value() for name in confirm.fields})
    assert list(waiting.iterdir()) == []
    assert Registration.objects.count() == 2


# --- Custom questions -----------------------------------------------------------------------------


def test_a_column_named_after_a_custom_question_answers_it(organizer):
    edition = open_edition(capacity=10, quotas={"investor": 10})
    diet = QuestionFactory(edition=edition, label_zh="饮食", label_en="Diet")
    lunch = QuestionFactory(
        edition=edition,
        label_zh="午餐",
        label_en="Lunch",
        kind="single_choice",
        options_zh="参加\n不参加",
        options_en="Yes\nNo",
    )
    badge = QuestionFactory(edition=edition, label_zh="胸牌", label_en="Badge", kind="yes_no")
    rows = guests(2)
    rows[0].update({"Diet": "素食", "Lunch": "不参加", "胸牌": "是"})
    rows[1].update({"Diet": "", "Lunch": "maybe", "胸牌": "no"})

    with translation.override("en"):
        report = run(edition, csv_bytes(rows, [*COLUMNS, "Diet", "Lunch", "胸牌"]), by=organizer)

    assert outcomes(report) == [(2, "confirmed"), (3, "invalid")]
    assert report.rows[1].errors[0][0] == "Lunch"
    registration = Registration.objects.get(email="guest1@example.com")
    answers = {a.question_id: a.value for a in registration.answers.all()}
    assert answers == {diet.pk: "素食", lunch.pk: 1, badge.pk: True}


def test_a_required_question_without_its_column_rejects_the_row_naming_it(organizer):
    edition = open_edition(capacity=10, quotas={"investor": 10})
    QuestionFactory(edition=edition, label_zh="饮食", label_en="Diet", required=True)

    with translation.override("en"):
        report = run(edition, csv_bytes(guests(1)), by=organizer)

    assert outcomes(report) == [(2, "invalid")]
    assert report.rows[0].errors[0][0] == "Diet"
    assert not Registration.objects.exists()
