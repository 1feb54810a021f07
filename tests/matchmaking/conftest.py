import datetime

import pytest
from django.utils import timezone

from forum.matchmaking import services
from tests.factories import (
    MatchmakingSettingsFactory,
    ParticipantFactory,
    RegistrationFactory,
    RoundFactory,
)


@pytest.fixture
def settings_row(db):
    settings = MatchmakingSettingsFactory(tables=2, max_requests=2)
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    RoundFactory(settings=settings, starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    services.slots_rebuild(settings=settings)
    return settings


@pytest.fixture
def edition(settings_row):
    return settings_row.edition


@pytest.fixture
def make_participant(edition):
    def make(side="startup", **kwargs):
        kwargs.setdefault("registration", RegistrationFactory(edition=edition))
        return ParticipantFactory(side=side, **kwargs)

    return make
