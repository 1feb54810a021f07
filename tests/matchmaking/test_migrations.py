"""Stages became several (migration 0003): each participant's one stage is kept as its first
row of stages, and going back keeps an investor's earliest stage."""

import pytest

from forum.matchmaking.models import Participant
from tests.factories import RegistrationFactory
from tests.helpers import latest_migrations, migrate_to

pytestmark = pytest.mark.every_database

BEFORE = [("matchmaking", "0002_organizers_run_matchmaking")]
AFTER = [("matchmaking", "0003_participant_stages_several_for_investors")]


@pytest.fixture
def before(transactional_db):
    apps = migrate_to(BEFORE)
    yield apps
    migrate_to(latest_migrations())


def _participant(apps, side, stage):
    registration = RegistrationFactory()
    return (
        apps.get_model("matchmaking", "Participant")
        .objects.create(
            registration_id=registration.pk,
            edition_id=registration.edition_id,
            side=side,
            organization_zh=f"{side}-{stage}",
            stage=stage,
            ticket_band="5m_20m",
        )
        .pk
    )


def test_each_stage_is_kept_as_a_row_of_stages_and_back(before):
    investor = _participant(before, "investor", "b")
    startup = _participant(before, "startup", "seed")

    migrate_to(AFTER)

    stages = {p.pk: [s.stage for s in p.stages.all()] for p in Participant.objects.all()}
    assert stages == {investor: ["b"], startup: ["seed"]}

    Participant.objects.get(pk=investor).stages.create(stage="seed")
    apps = migrate_to(BEFORE)
    old = apps.get_model("matchmaking", "Participant").objects
    assert old.get(pk=investor).stage == "seed"  # the earliest of its stages
    assert old.get(pk=startup).stage == "seed"
