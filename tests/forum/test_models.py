"""The rules of forums, editions, tracks, agenda items and participations: full_clean() refuses
bad data with the message on its field, the database itself refuses it when a write bypasses
full_clean, and each row reads as it should (titles, last day, bilingual fields)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from config.common.dates import DatePrecision
from forum.models import AgendaItem, Edition, Forum, Participation, Track
from tests.factories import (
    AgendaItemFactory,
    EditionFactory,
    ForumFactory,
    ParticipationFactory,
    TrackFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]


def refused():
    return pytest.raises(IntegrityError)


def clean_errors(obj):
    """The errors full_clean() finds, by field ({} when it accepts the row)."""
    try:
        obj.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def edition(**fields):
    """An unsaved edition held on 10 May 2025, valid unless `fields` break a rule."""
    values = {
        "forum": ForumFactory(),
        "number": 6,
        "year": 2025,
        "start_date": datetime.date(2025, 5, 10),
        "start_precision": DatePrecision.DAY,
        **fields,
    }
    return Edition(**values)


DATE_AND_PRECISION = ["A date and its precision go together: give both, or neither."]


def test_forum_slug_is_unique():
    ForumFactory(slug="youth-50")
    with refused(), transaction.atomic():
        Forum.objects.create(name_zh="上海创新创业青年50人论坛", slug="youth-50")


def test_edition_number_is_unique_within_a_forum():
    sixth = EditionFactory(number=6, year=2025)
    with refused(), transaction.atomic():
        Edition.objects.create(forum=sixth.forum, number=6, year=2026)


@pytest.mark.usefixtures("english")
def test_full_clean_refuses_a_number_taken():
    sixth = EditionFactory(number=6, year=2025)

    assert clean_errors(edition(forum=sixth.forum)) == {
        "number": ["This forum already has an edition with this number."]
    }


@pytest.mark.usefixtures("english")
def test_a_second_forum_series_is_refused_by_full_clean_and_the_database():
    ForumFactory()
    second = Forum(name_zh="另一个论坛", slug="another")

    assert clean_errors(second) == {
        "__all__": [
            "This site runs one forum series: edit the existing one, or run another site for "
            "another forum."
        ]
    }
    with refused(), transaction.atomic():
        Forum.objects.bulk_create([Forum(name_zh="另一个论坛", slug="another")])


def test_edition_bulk_created_with_a_duplicate_number_is_refused():
    forum = ForumFactory()
    with refused(), transaction.atomic():
        Edition.objects.bulk_create(
            [Edition(forum=forum, number=1, year=2020), Edition(forum=forum, number=1, year=2021)]
        )


def test_edition_number_starts_at_one():
    with refused(), transaction.atomic():
        EditionFactory(number=0)


@pytest.mark.usefixtures("english")
def test_full_clean_numbers_editions_from_one():
    assert clean_errors(edition(number=0)) == {"number": ["Editions are numbered from 1 (第1届)."]}


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"end_date": datetime.date(2025, 5, 9)},
            {"end_date": ["The last day cannot come before the first day."]},
        ),
        ({"end_date": datetime.date(2025, 5, 10)}, {}),
        (
            {"start_date": None, "start_precision": "", "end_date": datetime.date(2025, 5, 9)},
            {"end_date": ["Give the first day before the last day."]},
        ),
        ({"start_precision": ""}, {"start_precision": DATE_AND_PRECISION}),
        ({"start_date": None}, {"start_precision": DATE_AND_PRECISION}),
        ({"start_date": None, "start_precision": ""}, {}),  # an edition not dated yet
    ],
)
def test_full_clean_checks_an_editions_days(fields, errors):
    assert clean_errors(edition(**fields)) == errors


@pytest.mark.usefixtures("english")
def test_full_clean_refuses_a_forum_founded_after_one_of_its_editions():
    first = EditionFactory(number=1, year=2020)
    forum = first.forum

    forum.founded_year = 2021
    assert clean_errors(forum) == {"founded_year": ["Edition 1 was held in 2020, before that."]}
    forum.founded_year = 2020
    assert clean_errors(forum) == {}


def test_edition_cannot_end_before_it_starts():
    with refused(), transaction.atomic():
        EditionFactory(
            start_date=datetime.date(2025, 5, 10),
            start_precision=DatePrecision.DAY,
            end_date=datetime.date(2025, 5, 9),
        )


def test_edition_last_day_needs_a_first_day():
    with refused(), transaction.atomic():
        EditionFactory(start_date=None, start_precision="", end_date=datetime.date(2025, 5, 9))


def test_edition_date_needs_its_precision():
    with refused(), transaction.atomic():
        EditionFactory(start_date=datetime.date(2025, 5, 10), start_precision="")


@pytest.mark.parametrize(
    ("start", "precision", "end", "last_day"),
    [
        (datetime.date(2025, 5, 10), DatePrecision.DAY, None, datetime.date(2025, 5, 10)),
        (
            datetime.date(2025, 5, 10),
            DatePrecision.DAY,
            datetime.date(2025, 5, 11),
            datetime.date(2025, 5, 11),
        ),
        (datetime.date(2024, 2, 1), DatePrecision.MONTH, None, datetime.date(2024, 2, 29)),
        (datetime.date(2025, 1, 1), DatePrecision.YEAR, None, datetime.date(2025, 12, 31)),
        (None, "", None, None),
    ],
)
def test_an_editions_last_day_is_the_last_it_can_have_been_held(start, precision, end, last_day):
    held = Edition(start_date=start, start_precision=precision, end_date=end)
    assert held.last_day == last_day


@pytest.mark.parametrize(
    ("start", "precision", "exact"),
    [
        (datetime.date(2025, 5, 10), DatePrecision.DAY, True),
        (datetime.date(2025, 5, 1), DatePrecision.MONTH, False),
        (None, "", False),
    ],
)
def test_only_an_edition_known_to_the_day_has_an_exact_date(start, precision, exact):
    assert Edition(start_date=start, start_precision=precision).has_exact_date is exact


@pytest.mark.parametrize(
    ("language", "title", "with_year"),
    [("zh-hans", "第七届", "第七届（2026）"), ("en", "7th edition", "7th edition (2026)")],
)
def test_an_edition_is_titled_by_its_number_in_the_page_language(language, title, with_year):
    seventh = Edition(number=7, year=2026, forum=Forum(name_zh="青年50人论坛", name_en="Youth 50"))
    with translation.override(language):
        assert (seventh.title, seventh.title_with_year) == (title, with_year)
        assert seventh.full_title == f"{seventh.forum.name} · {title}"


@pytest.mark.parametrize(
    ("short_name", "expected"),
    [("青年50", "青年50 第7届 (2026)"), ("", "青年50人论坛 第7届 (2026)")],
)
def test_an_edition_reads_as_its_forum_number_and_year(short_name, expected):
    forum = Forum(name_zh="青年50人论坛", short_name_zh=short_name)
    assert str(Edition(forum=forum, number=7, year=2026)) == expected


def test_track_slug_is_unique_within_an_edition():
    track = TrackFactory(slug="ai")
    with refused(), transaction.atomic():
        Track.objects.create(edition=track.edition, name_zh="人工智能", slug="ai")


@pytest.mark.usefixtures("english")
def test_full_clean_refuses_a_track_slug_taken_in_the_same_edition_only():
    track = TrackFactory(slug="ai")

    twin = Track(edition=track.edition, name_zh="人工智能", slug="ai")
    assert clean_errors(twin) == {"slug": ["This edition already has a track with this slug."]}
    elsewhere = Track(edition=EditionFactory(), name_zh="人工智能", slug="ai")
    assert clean_errors(elsewhere) == {}


def test_agenda_item_cannot_end_before_it_starts():
    start = datetime.datetime(2025, 5, 10, 9, 0, tzinfo=datetime.UTC)
    with refused(), transaction.atomic():
        AgendaItemFactory(starts_at=start, ends_at=start - datetime.timedelta(minutes=1))


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("minutes", "errors"),
    [(-1, {"ends_at": ["A session cannot end before it starts."]}), (0, {}), (90, {})],
)
def test_full_clean_refuses_a_session_ending_before_it_starts(minutes, errors):
    start = datetime.datetime(2025, 5, 10, 9, 0, tzinfo=datetime.UTC)
    item = AgendaItemFactory.build(
        edition=EditionFactory(year=2025, start_date=datetime.date(2025, 5, 10)),
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=minutes),
    )
    assert clean_errors(item) == errors


@pytest.mark.usefixtures("english")
def test_full_clean_checks_a_session_of_an_edition_not_saved_yet():
    """An edition being added in the admin has no pk: its sessions are checked all the same."""
    new = edition()
    late = AgendaItem(
        edition=new,
        title_zh="闭幕式",
        starts_at=datetime.datetime(2025, 5, 11, 9, 0, tzinfo=datetime.UTC),
    )
    assert clean_errors(late)["starts_at"] == ["The session falls outside the edition's dates."]


def test_person_holds_a_role_once_per_edition():
    participation = ParticipationFactory(role="speaker")
    with refused(), transaction.atomic():
        Participation.objects.create(
            edition=participation.edition, person=participation.person, role="speaker"
        )


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("role", "errors"),
    [
        ("speaker", {"role": ["This person already takes part in this edition in this role."]}),
        ("investor", {}),  # a second role in the same edition
    ],
)
def test_full_clean_refuses_the_same_role_twice_in_one_edition(role, errors):
    speaker = ParticipationFactory(role="speaker")
    again = Participation(edition=speaker.edition, person=speaker.person, role=role)
    assert clean_errors(again) == errors


@pytest.mark.usefixtures("english")
def test_a_new_edition_has_no_tracks_to_take_part_in():
    other_track = TrackFactory()
    participation = Participation(
        edition=edition(), person=ParticipationFactory().person, role="guest", track=other_track
    )
    assert clean_errors(participation)["track"] == ["This track belongs to another edition."]


def test_edition_venue_falls_back_to_chinese_on_english_pages():
    edition = EditionFactory(venue_zh="上海中心", venue_en="")
    with translation.override("en"):
        assert edition.venue == "上海中心"


def test_edition_venue_reads_english_on_english_pages():
    edition = EditionFactory(venue_zh="上海中心", venue_en="Shanghai Tower")
    with translation.override("en"):
        assert edition.venue == "Shanghai Tower"
