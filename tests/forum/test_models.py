"""The database itself refuses bad forums, editions, tracks, agenda items and participations
(writes that bypass full_clean)."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from config.common.dates import DatePrecision
from forum.models import Edition, Forum, Participation, Track
from tests.factories import (
    AgendaItemFactory,
    EditionFactory,
    ForumFactory,
    ParticipationFactory,
    TrackFactory,
)

pytestmark = pytest.mark.django_db


def refused():
    return pytest.raises(IntegrityError)


def test_forum_slug_is_unique():
    ForumFactory(slug="youth-50")
    with refused(), transaction.atomic():
        Forum.objects.create(name_zh="上海创新创业青年50人论坛", slug="youth-50")


def test_edition_number_is_unique_within_a_forum():
    sixth = EditionFactory(number=6, year=2025)
    with refused(), transaction.atomic():
        Edition.objects.create(forum=sixth.forum, number=6, year=2026)


def test_same_number_in_another_forum_is_stored():
    EditionFactory(number=6)
    assert EditionFactory(number=6).number == 6


def test_edition_bulk_created_with_a_duplicate_number_is_refused():
    forum = ForumFactory()
    with refused(), transaction.atomic():
        Edition.objects.bulk_create(
            [Edition(forum=forum, number=1, year=2020), Edition(forum=forum, number=1, year=2021)]
        )


def test_edition_number_starts_at_one():
    with refused(), transaction.atomic():
        EditionFactory(number=0)


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


def test_edition_without_a_date_is_stored():
    edition = EditionFactory(start_date=None, start_precision="")
    assert edition.start_date is None


def test_track_slug_is_unique_within_an_edition():
    track = TrackFactory(slug="ai")
    with refused(), transaction.atomic():
        Track.objects.create(edition=track.edition, name_zh="人工智能", slug="ai")


def test_same_track_slug_in_another_edition_is_stored():
    TrackFactory(slug="ai")
    assert TrackFactory(slug="ai").slug == "ai"


def test_agenda_item_cannot_end_before_it_starts():
    start = datetime.datetime(2025, 5, 10, 9, 0, tzinfo=datetime.UTC)
    with refused(), transaction.atomic():
        AgendaItemFactory(starts_at=start, ends_at=start - datetime.timedelta(minutes=1))


def test_person_holds_a_role_once_per_edition():
    participation = ParticipationFactory(role="speaker")
    with refused(), transaction.atomic():
        Participation.objects.create(
            edition=participation.edition, person=participation.person, role="speaker"
        )


def test_person_may_hold_two_roles_in_one_edition():
    speaker = ParticipationFactory(role="speaker")
    investor = ParticipationFactory(edition=speaker.edition, person=speaker.person, role="investor")
    assert investor.pk != speaker.pk


def test_edition_venue_falls_back_to_chinese_on_english_pages():
    edition = EditionFactory(venue_zh="上海中心", venue_en="")
    with translation.override("en"):
        assert edition.venue == "上海中心"


def test_edition_venue_reads_english_on_english_pages():
    edition = EditionFactory(venue_zh="上海中心", venue_en="Shanghai Tower")
    with translation.override("en"):
        assert edition.venue == "Shanghai Tower"
