"""Guest lists: organizers register a whole spreadsheet of invited people for an edition.

The file is read with django-import-export's formats (CSV as UTF-8 with or without a byte-order
mark, or GB18030 as Excel saves it on a Chinese Windows; XLSX), the way editors' imports read
theirs (config/common/importing.py). Each row is then:

- checked by GuestRowForm, the public form's own fields and cleaning: a bad cell is a row
  error naming the row, the column as the file heads it, and why, in the organizer's language;
- registered by seats.registration_create, the public form's service: capacity, quotas,
  duplicate mailboxes and the waiting list are its rules, not this module's. A row comes out
  confirmed, waitlisted, refused as a duplicate (its mailbox is registered already, by an
  earlier row too) or refused by another rule (a full guest reserve).

Rows are registered in batches of BATCH_SIZE, each one transaction under the edition's lock
(seat_lock.edition_locked): a public rush during an import waits between two batches, never
sees half a batch and never overbooks. The dry run does the same inside rehearsal.rehearsal(),
one transaction that is rolled back and takes no lock: it reports what the import would do at
that moment, and the public form does not wait for it.

Importing the same file again registers nobody twice: every row's mailbox is then registered,
and the service refuses it as a duplicate.
"""

import contextlib
import csv
import io
import logging
import unicodedata
from dataclasses import asdict, dataclass, field

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.formats import base_formats
from import_export.tmp_storages import MediaStorage

from config.common.importing import PROGRESS_KEEP
from forum.models import Edition
from metrics.models import Sector

from . import questions as custom_questions
from . import rehearsal, seat_lock, seats, selectors
from .enums import AttendeeCategory, RegistrationStatus
from .exceptions import AlreadyRegistered, RegistrationError, RegistrationUnavailable
from .organizer_forms import GuestRowForm
from .question_models import QuestionKind

logger = logging.getLogger(__name__)

BATCH_SIZE = 25

# The columns a guest list may have: field → the headings that name it (compared after NFKC
# and lower-casing, so "Ｅｍａｉｌ" and "EMAIL" are "email").
COLUMNS = {
    "name": ("name", "姓名", "名字"),
    "email": ("email", "e-mail", "邮箱", "电子邮件", "电子邮箱"),
    "mobile": ("mobile", "phone", "手机", "手机号", "手机号码"),
    "organization": ("organization", "organisation", "单位", "机构", "公司"),
    "title": ("title", "职务", "职位", "头衔"),
    "category": ("category", "类别", "身份"),
    "sectors": ("sectors", "关注领域", "领域"),
    "needs": ("needs", "需求", "特殊需求"),
    "language": ("language", "语言"),
}
REQUIRED_COLUMNS = ("name", "email", "organization", "title", "category")
TEMPLATE_HEADERS = ("name", "email", "mobile", "organization", "title", "category", "sectors")
# Any other column is kept under this prefix and its heading: a custom question of the edition
# it names (in either language) is answered by it, other columns are ignored.
EXTRA = "extra:"
YES_NO = {
    "yes": "yes",
    "y": "yes",
    "true": "yes",
    "1": "yes",
    "是": "yes",
    "有": "yes",
    "no": "no",
    "n": "no",
    "false": "no",
    "0": "no",
    "否": "no",
    "无": "no",
    "没有": "no",
}
# Separators between several sectors (or options of a multiple-choice answer) in one cell.
SECTOR_SEPARATORS = ("|", "、", "，", ",", ";", "；")


class GuestListUnreadable(Exception):
    """The file is not a guest list this module can read; str() says why, translated."""


class Outcome:
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    DUPLICATE = "duplicate"
    INVALID = "invalid"
    REFUSED = "refused"

    LABELS = {
        CONFIRMED: gettext_lazy("Confirmed"),
        WAITLISTED: gettext_lazy("Waiting list"),
        DUPLICATE: gettext_lazy("Already registered: skipped"),
        INVALID: gettext_lazy("Rejected: a cell is wrong"),
        REFUSED: gettext_lazy("Refused"),
    }
    ORDER = (CONFIRMED, WAITLISTED, DUPLICATE, INVALID, REFUSED)


@dataclass
class GuestRow:
    number: int  # as the spreadsheet numbers it: the heading is row 1
    name: str = ""
    email: str = ""
    outcome: str = ""
    errors: list = field(default_factory=list)  # [column, message] pairs
    registration_id: int | None = None

    @property
    def outcome_label(self):
        return Outcome.LABELS[self.outcome]


@dataclass
class GuestListReport:
    rows: list
    dry_run: bool

    def counts(self):
        found = dict.fromkeys(Outcome.ORDER, 0)
        for row in self.rows:
            found[row.outcome] += 1
        return found

    def count_items(self):
        """[(label, count)] in a fixed order, for the pages."""
        counts = self.counts()
        return [(Outcome.LABELS[outcome], counts[outcome]) for outcome in Outcome.ORDER]

    def as_dict(self):
        return {"dry_run": self.dry_run, "rows": [asdict(row) for row in self.rows]}

    @classmethod
    def from_dict(cls, data):
        return cls(rows=[GuestRow(**row) for row in data["rows"]], dry_run=data["dry_run"])


# --- Reading the file -------------------------------------------------------------------------


def file_format_of(name):
    return "xlsx" if name.lower().endswith(".xlsx") else "csv"


def _decode(content):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise GuestListUnreadable(_("The CSV file is neither UTF-8 nor GB18030 text."))


def _heading(value):
    return unicodedata.normalize("NFKC", str(value or "")).strip().lower()


def _cell(value):
    """A cell as text, as typed: a whole number (a mobile number in an XLSX number cell) has
    no ".0"; nothing else is changed (full-width characters stay full-width)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_guest_list(content, file_format):
    """[(row number, {field: cell text}, {field: heading as typed})] from the file's bytes.
    Raises GuestListUnreadable."""
    try:
        if file_format == "xlsx":
            dataset = base_formats.XLSX().create_dataset(content)
        else:
            text = _decode(content)
            dialect = csv.excel
            with contextlib.suppress(csv.Error):
                dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
            rows = list(csv.reader(io.StringIO(text), dialect))
            if not rows:
                raise GuestListUnreadable(_("The file is empty."))
            dataset = base_formats.CSV().create_dataset("")
            dataset.headers = rows[0]
            width = len(rows[0])
            for row in rows[1:]:
                dataset.append((row + [""] * width)[:width])
    except GuestListUnreadable:
        raise
    except Exception as exc:
        logger.info("unreadable guest list: %r", exc)
        raise GuestListUnreadable(_("This file cannot be read as a CSV or XLSX table.")) from exc
    columns = {}
    for index, header in enumerate(dataset.headers or []):
        heading = _heading(header)
        known = False
        for name, accepted in COLUMNS.items():
            if heading in accepted:
                known = True
                if name not in columns:
                    columns[name] = (index, str(header).strip())
        if not known and heading and EXTRA + heading not in columns:
            columns[EXTRA + heading] = (index, str(header).strip())
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise GuestListUnreadable(
            _("The first row must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    result = []
    for offset, values in enumerate(dataset, start=2):
        cells = {name: _cell(values[index]) for name, (index, _header) in columns.items()}
        if not any(cells.values()):
            continue  # a blank line
        result.append((offset, cells, {name: header for name, (_i, header) in columns.items()}))
    return result


# --- Checking a row -----------------------------------------------------------------------------


def _category_lookup():
    """Category by its value or its label in either language ("investor", "Investor", "投资人")."""
    lookup = {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for choice in AttendeeCategory:
                lookup[_heading(choice.label)] = choice.value
    for choice in AttendeeCategory:
        lookup[choice.value] = choice.value
    return lookup


def _sector_lookup():
    lookup = {}
    for sector in Sector.objects.for_display().roots():
        for key in (sector.slug, sector.name_zh, sector.name_en):
            if key:
                lookup[_heading(key)] = sector.pk
    return lookup


def _split_sectors(text):
    for separator in SECTOR_SEPARATORS[1:]:
        text = text.replace(separator, SECTOR_SEPARATORS[0])
    return [part.strip() for part in text.split(SECTOR_SEPARATORS[0]) if part.strip()]


def _question_lookup(questions):
    """The edition's questions by their wording in either language, as a column heads them."""
    lookup = {}
    for question in questions:
        for label in (question.label_zh, question.label_en):
            if label:
                lookup.setdefault(EXTRA + _heading(label), question)
    return lookup


def _options_lookup(question):
    lookup = {}
    for text in (question.options_zh, question.options_en):
        for index, option in enumerate(line.strip() for line in text.splitlines() if line.strip()):
            lookup.setdefault(_heading(option), str(index))
    return lookup


def _answer_data(question, text):
    """A cell as the question's form field reads it: an option by its wording (several,
    separated as sectors are, for a multiple choice), yes or no in either language."""
    if question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
        options = _options_lookup(question)
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            return [options.get(_heading(part), part) for part in _split_sectors(text)]
        return options.get(_heading(text), text)
    if question.kind == QuestionKind.YES_NO:
        return YES_NO.get(_heading(text), text)
    return text


def _form_data(cells, categories, sectors, questions=None):
    data = {name: value for name, value in cells.items() if not name.startswith(EXTRA)}
    for name, question in (questions or {}).items():
        if cells.get(name):
            data[custom_questions.field_name(question)] = _answer_data(question, cells[name])
    # E-mail and mobile typed with full-width characters (＠, １３８…) read as their ASCII.
    data["email"] = unicodedata.normalize("NFKC", cells.get("email", ""))
    data["mobile"] = unicodedata.normalize("NFKC", cells.get("mobile", ""))
    category = cells.get("category", "")
    data["category"] = categories.get(_heading(category), category)
    names = _split_sectors(cells.get("sectors", ""))
    data["sectors"] = [sectors.get(_heading(name), name) for name in names]
    language = _heading(cells.get("language", ""))
    data["language"] = {"zh": "zh-hans", "中文": "zh-hans", "英文": "en"}.get(language, language)
    return data


def _check(number, cells, headers, categories, sectors, questions, by_column):
    """A row checked by GuestRowForm with the edition's `questions` (`by_column`: those the
    file answers, by column): a required one left blank, or without its column, is the row's
    error, named by the column or the question."""
    form = GuestRowForm(_form_data(cells, categories, sectors, by_column), questions=questions)
    row = GuestRow(number=number, name=cells.get("name", ""), email=cells.get("email", ""))
    if form.is_valid():
        return row, {**form.cleaned_data, "answers": form.answers}
    row.outcome = Outcome.INVALID
    columns = {custom_questions.field_name(question): str(question.label) for question in questions}
    columns.update(
        (custom_questions.field_name(question), headers[name])
        for name, question in by_column.items()
        if name in headers
    )
    for name, messages in form.errors.items():
        column = columns.get(name) or headers.get(name, name)
        for message in messages:
            row.errors.append([column, str(message)])
    return row, None


# --- Registering --------------------------------------------------------------------------------


def guest_list_import(
    *,
    edition,
    rows,
    by,
    seat,
    consent_method,
    consent_note="",
    email_timing,
    language,
    dry_run,
    progress=None,
    batch_size=BATCH_SIZE,
):
    """Register the guests of `rows` (read_guest_list's) for `edition`, each through
    seats.registration_create with the organizer `by` and their choices; returns a
    GuestListReport, one GuestRow per row. With `dry_run` nothing is kept. `progress(done,
    total)` is told after each batch. Raises RegistrationUnavailable (no registration on the
    edition, or no privacy notice in force)."""
    registration_settings = selectors.registration_settings_for(edition)
    notice = selectors.privacy_notice_for(registration_settings)
    if registration_settings is None or notice is None:
        raise RegistrationUnavailable
    categories, sectors = _category_lookup(), _sector_lookup()
    questions = custom_questions.edition_questions(edition)
    lookup = _question_lookup(questions)
    checked = []
    for number, cells, headers in rows:
        by_column = {name: lookup[name] for name in cells if name in lookup}
        checked.append(_check(number, cells, headers, categories, sectors, questions, by_column))
    valid = [(row, data) for row, data in checked if data is not None]
    choices = {
        "by": by,
        "seat": seat,
        "consent_method": consent_method,
        "consent_note": consent_note,
        "email_timing": email_timing,
        "privacy_notice": notice,
    }
    run = rehearsal.rehearsal() if dry_run else _Nothing()
    with run:
        done = 0
        for start in range(0, len(valid), batch_size):
            batch = valid[start : start + batch_size]
            outcomes = []
            with seat_lock.edition_locked(edition):
                for _row, data in batch:
                    outcomes.append(_register(edition, data, language, choices))
            for (row, _data), (outcome, registration_id, error) in zip(
                batch, outcomes, strict=True
            ):
                row.outcome, row.registration_id = outcome, registration_id
                if error:
                    row.errors.append(["", error])
            done += len(batch)
            if progress is not None:
                progress(done, len(valid))
    report = GuestListReport(rows=[row for row, _data in checked], dry_run=dry_run)
    if dry_run:
        for row in report.rows:
            row.registration_id = None
    else:
        logger.info("guest list for edition %s: %s", edition.pk, report.counts())
    return report


class _Nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _register(edition, data, default_language, choices):
    try:
        registration = seats.registration_create(
            edition=edition,
            category=data["category"],
            name=data["name"],
            email=data["email"],
            mobile=data["mobile"],
            organization=data["organization"],
            title=data["title"],
            sectors=data["sectors"],
            needs=data["needs"],
            answers=data.get("answers", ()),
            language=data.get("language") or default_language,
            **choices,
        )
    except AlreadyRegistered:
        return Outcome.DUPLICATE, None, ""
    except RegistrationError as error:
        return Outcome.REFUSED, None, str(error.message)
    if registration.status == RegistrationStatus.CONFIRMED:
        return Outcome.CONFIRMED, registration.pk, ""
    return Outcome.WAITLISTED, registration.pk, ""


# --- The confirmed import, through the task worker ----------------------------------------------


def stored_file(name):
    return MediaStorage(name=name, read_mode="rb")


def store_upload(upload):
    storage = MediaStorage(read_mode="rb")
    storage.save(upload.read())
    return storage.name


def progress_key(job):
    return f"guest-lists:{job}"


def progress_of(job):
    return cache.get(progress_key(job))


def set_progress(job, **state):
    current = cache.get(progress_key(job)) or {}
    cache.set(progress_key(job), {**current, **state}, PROGRESS_KEEP)


CHOICE_NAMES = ("seat", "consent_method", "consent_note", "email_timing", "language")


@task
def run_guest_list(*, job, edition_id, user_id, language, options, dry_run):
    """Check (`dry_run`) or import a guest list stored by store_upload (`options`: its name and
    format, and the organizer's choices), as a task: its progress and report go to the cache
    under `job` (states: running, then checked or done; failed). The stored file is removed
    once imported, or after a dry run that found nothing to confirm."""
    with translation.override(language):
        try:
            edition = Edition.objects.select_related("registration_settings").get(pk=edition_id)
            user = get_user_model().objects.get(pk=user_id)
            storage = stored_file(options["stored_name"])
            rows = read_guest_list(storage.read(), options["file_format"])
            set_progress(job, state="running", dry_run=dry_run, done=0, total=len(rows))
            report = guest_list_import(
                edition=edition,
                rows=rows,
                by=user,
                dry_run=dry_run,
                progress=lambda done, total: set_progress(job, done=done, total=total),
                **{name: options[name] for name in CHOICE_NAMES},
            )
            counts = report.counts()
            if not dry_run or not (counts[Outcome.CONFIRMED] or counts[Outcome.WAITLISTED]):
                storage.remove()  # imported, or nothing to confirm: not kept waiting
        except Exception:
            set_progress(job, state="failed")
            raise
        set_progress(job, state="checked" if dry_run else "done", report=report.as_dict())
    return report.counts()
