import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.common.dates import DatePrecision
from forum.enums import EditionStatus, ParticipationRole
from forum.models import Edition, Forum, Participation, Track
from forum.services import (
    agenda_item_save,
    edition_save,
    forum_save,
    participation_save,
    track_save,
)
from tests.factories import (
    AgendaItemFactory,
    EditionFactory,
    ForumFactory,
    ParticipationFactory,
    PersonFactory,
    TrackFactory,
)

# The messages below are asserted in English; the site's default language is Chinese.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def edition(**fields):
    values = {
        "forum": ForumFactory(founded_year=2020),
        "number": 6,
        "year": 2025,
        "start_date": datetime.date(2025, 5, 10),
        "start_precision": DatePrecision.DAY,
        "venue_zh": "上海中心",
        "status": EditionStatus.HELD,
        **fields,
    }
    return Edition(**values)


# --- forum_save ----------------------------------------------------------------------------


def test_forum_slug_comes_from_the_english_short_name():
    forum = forum_save(
        forum=Forum(name_zh="上海创新创业青年50人论坛", short_name_en="Youth 50 Forum")
    )

    assert forum.slug == "youth-50-forum"


def test_forum_cannot_be_founded_after_one_of_its_editions():
    first = EditionFactory(year=2020, number=1)
    forum = first.forum
    forum.founded_year = 2021

    with pytest.raises(ValidationError) as error:
        forum_save(forum=forum)

    assert error.value.message_dict["founded_year"] == ["Edition 1 was held in 2020, before that."]


# --- edition_save --------------------------------------------------------------------------


def test_sixth_edition_on_its_day_is_saved():
    saved = edition_save(edition=edition())

    assert (saved.start_date, saved.start_precision) == (datetime.date(2025, 5, 10), "day")


def test_held_edition_without_a_known_date_is_saved():
    saved = edition_save(edition=edition(number=1, year=2020, start_date=None, start_precision=""))

    assert saved.start_date is None


def test_edition_date_must_fall_in_its_year():
    with pytest.raises(ValidationError) as error:
        edition_save(edition=edition(year=2024))

    assert error.value.message_dict["start_date"] == [
        "The date falls in 2025, not in the edition's year."
    ]


def test_edition_cannot_end_before_it_starts():
    with pytest.raises(ValidationError) as error:
        edition_save(edition=edition(end_date=datetime.date(2025, 5, 9)))

    assert error.value.message_dict["end_date"] == [
        "The last day cannot come before the first day."
    ]


def test_edition_last_day_needs_a_first_day():
    with pytest.raises(ValidationError) as error:
        edition_save(
            edition=edition(start_date=None, start_precision="", end_date=datetime.date(2025, 5, 9))
        )

    assert "end_date" in error.value.message_dict


def test_edition_in_the_future_cannot_be_held():
    next_year = timezone.localdate().year + 1

    with pytest.raises(ValidationError) as error:
        edition_save(edition=edition(year=next_year, start_date=datetime.date(next_year, 5, 10)))

    assert error.value.message_dict["status"] == [
        "An edition dated in the future cannot have been held yet."
    ]


def test_announced_edition_without_a_date_is_saved():
    saved = edition_save(
        edition=edition(
            number=7, year=2026, start_date=None, start_precision="", status="announced"
        )
    )

    assert saved.status == EditionStatus.ANNOUNCED


def test_edition_cannot_be_older_than_its_forum():
    with pytest.raises(ValidationError) as error:
        edition_save(edition=edition(year=2019, start_date=datetime.date(2019, 5, 10)))

    assert error.value.message_dict["year"] == ["The forum was founded in 2020, after this year."]


def test_edition_number_is_unique_per_forum():
    existing = EditionFactory(number=6, year=2025)

    with pytest.raises(ValidationError):
        edition_save(edition=edition(forum=existing.forum))


def test_edition_date_needs_its_precision():
    with pytest.raises(ValidationError) as error:
        edition_save(edition=edition(start_precision=""))

    assert "start_precision" in error.value.message_dict


# --- track_save ----------------------------------------------------------------------------


def test_track_slug_comes_from_the_english_name():
    track = track_save(
        track=Track(edition=EditionFactory(), name_zh="人工智能", name_en="Artificial intelligence")
    )

    assert track.slug == "artificial-intelligence"


def test_track_slug_is_unique_within_an_edition():
    existing = TrackFactory(slug="life-health")

    with pytest.raises(ValidationError):
        track_save(track=Track(edition=existing.edition, name_zh="生命健康", slug="life-health"))


def test_same_track_slug_in_another_edition_is_fine():
    TrackFactory(slug="life-health")

    track = track_save(
        track=Track(edition=EditionFactory(), name_zh="生命健康", slug="life-health")
    )

    assert track.pk is not None


# --- participation_save --------------------------------------------------------------------


def test_participation_is_saved():
    saved = participation_save(
        participation=Participation(
            edition=EditionFactory(), person=PersonFactory(), role=ParticipationRole.STARTUP
        )
    )

    assert saved.pk is not None


def test_participation_track_must_belong_to_the_same_edition():
    track = TrackFactory()

    with pytest.raises(ValidationError) as error:
        participation_save(
            participation=Participation(
                edition=EditionFactory(), person=PersonFactory(), role="guest", track=track
            )
        )

    assert error.value.message_dict["track"] == ["This track belongs to another edition."]


def test_same_person_same_role_same_edition_twice_is_a_validation_error():
    existing = ParticipationFactory()

    with pytest.raises(ValidationError):
        participation_save(
            participation=Participation(
                edition=existing.edition, person=existing.person, role=existing.role
            )
        )


# --- agenda_item_save ----------------------------------------------------------------------


def agenda_item(**fields):
    values = {
        "edition": EditionFactory(year=2025, start_date=datetime.date(2025, 5, 10)),
        "starts_at": datetime.datetime(2025, 5, 10, 9, 0, tzinfo=SHANGHAI),
        **fields,
    }
    return AgendaItemFactory.build(**values)


def test_agenda_item_on_the_edition_day_is_saved():
    saved = agenda_item_save(agenda_item=agenda_item())

    assert saved.pk is not None


def test_agenda_item_cannot_end_before_it_starts():
    with pytest.raises(ValidationError) as error:
        agenda_item_save(
            agenda_item=agenda_item(ends_at=datetime.datetime(2025, 5, 10, 8, 0, tzinfo=SHANGHAI))
        )

    assert error.value.message_dict["ends_at"] == ["A session cannot end before it starts."]


def test_agenda_item_must_fall_on_the_edition_dates():
    with pytest.raises(ValidationError) as error:
        agenda_item_save(
            agenda_item=agenda_item(starts_at=datetime.datetime(2025, 5, 11, 9, 0, tzinfo=SHANGHAI))
        )

    assert error.value.message_dict["starts_at"] == [
        "The session falls outside the edition's dates."
    ]


def test_agenda_item_track_must_belong_to_the_same_edition():
    with pytest.raises(ValidationError) as error:
        agenda_item_save(agenda_item=agenda_item(track=TrackFactory()))

    assert "track" in error.value.message_dict
