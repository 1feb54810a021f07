"""Alumni outcomes computed from the data (forum/outcomes.py), against counts worked out by
hand for a small cohort."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from forum.enums import FundingBand
from forum.outcomes import outcomes
from profiles.enums import Board, Designation, DesignationLevel, Exchange, MilestoneKind
from tests.factories import (
    EditionFactory,
    MilestoneFactory,
    OrganizationFactory,
    ParticipationFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


def alumnus(edition, **organization):
    role = RoleFactory(organization=OrganizationFactory(**organization))
    ParticipationFactory(edition=edition, person=role.person)
    return role.organization


def milestone(organization, kind, year, **fields):
    return MilestoneFactory(
        organization=organization, kind=kind, date=datetime.date(year, 6, 1), **fields
    )


def little_giant(organization, year):
    return milestone(
        organization,
        MilestoneKind.DESIGNATION,
        year,
        designation=Designation.LITTLE_GIANT,
        designation_level=DesignationLevel.NATIONAL,
    )


def star_listing(organization, year):
    return milestone(
        organization, MilestoneKind.LISTING, year, exchange=Exchange.SSE, board=Board.STAR
    )


@pytest.fixture
def cohort():
    """Edition 2020 (A, B, C, an institute) and 2021 (C again, D).

    By hand, within 5 years of taking part:
    - 2020: A little giant 2022 ✓; B little giant 2019 ✗ (before), STAR 2024 ✓; C STAR 2026 ✗
      (2020 + 5 = 2025); the institute's designation ✗ (not a company).
      → 1 little giant (A), 1 STAR listing (B).
    - 2021: C STAR 2026 ✓ (2021 + 5); D undated designation ✗, funding ¥30 million 2022 ✓
      (band ¥10–100 million), funding $5 million 2023 ✓ (not comparable).
      → 0 little giants, 1 STAR listing (C), D in two funding bands.
    - both: C counts once, from 2020 (its first edition): its 2026 listing ✗.
      → 1 little giant (A), 1 STAR (B), D's fundings.
    """
    first = EditionFactory(year=2020, number=1)
    second = EditionFactory(year=2021, number=2)
    a, b, c = (alumnus(first, name_zh=name) for name in ("甲", "乙", "丙"))
    institute = alumnus(first, name_zh="研究院", kind="research_institute")
    d = alumnus(second, name_zh="丁")
    ParticipationFactory(edition=second, person=c.roles.get().person)
    little_giant(a, 2022)
    little_giant(b, 2019)
    star_listing(b, 2024)
    star_listing(c, 2026)
    little_giant(institute, 2022)
    MilestoneFactory(
        organization=d,
        kind=MilestoneKind.DESIGNATION,
        designation=Designation.SPECIALIZED,
        designation_level=DesignationLevel.MUNICIPAL,
        date=None,
        date_precision="",
    )
    milestone(
        d,
        MilestoneKind.FUNDING,
        2022,
        amount=Decimal(3000),
        amount_scale=10_000,
        amount_currency="CNY",
    )
    milestone(d, MilestoneKind.FUNDING, 2023, amount=Decimal(5_000_000), amount_currency="USD")
    return first, second, {"甲": a, "乙": b, "丙": c, "丁": d}


def names(organizations):
    return [o.name_zh for o in organizations]


def test_first_edition(cohort):
    first, _second, _ = cohort
    result = outcomes(first)
    assert names(result.alumni) == sorted(["甲", "乙", "丙"])
    assert names(result.little_giants) == ["甲"]
    assert {key: names(value) for key, value in result.listed.items()} == {("sse", "star"): ["乙"]}
    assert result.funded == {}


def test_second_edition(cohort):
    _first, second, _ = cohort
    result = outcomes(second)
    assert result.little_giants == []
    assert result.specialized_any == []  # D's designation is undated
    assert {key: names(value) for key, value in result.listed.items()} == {("sse", "star"): ["丙"]}
    assert {key: names(value) for key, value in result.funded.items()} == {
        FundingBand.FROM_10M: ["丁"],
        FundingBand.NOT_COMPARABLE: ["丁"],
    }


def test_editions_together_count_each_organization_once_from_its_first(cohort):
    first, second, _ = cohort
    result = outcomes([first, second])
    assert names(result.alumni) == sorted(["甲", "乙", "丙", "丁"])
    assert names(result.little_giants) == ["甲"]
    assert {key: names(value) for key, value in result.listed.items()} == {("sse", "star"): ["乙"]}


def test_a_longer_window_counts_later_outcomes(cohort):
    first, _second, _ = cohort
    result = outcomes(first, years=6)
    assert sorted(names(result.listed[("sse", "star")])) == sorted(["乙", "丙"])


def test_a_designation_needs_its_designation_and_level_and_only_it_has_them():
    organization = OrganizationFactory()
    with pytest.raises(ValidationError) as caught:
        MilestoneFactory.build(
            organization=organization, kind=MilestoneKind.DESIGNATION
        ).full_clean()
    assert "designation" in caught.value.error_dict
    with pytest.raises(ValidationError):
        MilestoneFactory.build(
            organization=organization,
            kind=MilestoneKind.PRODUCT,
            designation=Designation.LITTLE_GIANT,
            designation_level=DesignationLevel.NATIONAL,
        ).full_clean()
