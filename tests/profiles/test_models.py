"""The database itself refuses bad people, organizations, roles and milestones (writes that
bypass full_clean), and bilingual fields fall back to Chinese."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.utils import translation

from config.common.dates import DatePrecision
from metrics.enums import Currency, Qualifier, Scale
from profiles.enums import Board, Exchange, MilestoneKind
from profiles.models import Milestone, Organization, Person, Role
from tests.factories import (
    MilestoneFactory,
    OrganizationFactory,
    PersonFactory,
    RoleFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def refused():
    """The write must fail in the database; the savepoint keeps the test's transaction usable."""
    return pytest.raises(IntegrityError)


# ---- people and organizations -------------------------------------------------------------------


def test_person_slug_is_unique():
    PersonFactory(slug="chen-weiliang")
    with refused(), transaction.atomic():
        Person.objects.create(name_zh="陈维良", slug="chen-weiliang")


def test_organization_slug_is_unique():
    OrganizationFactory(slug="metax")
    with refused(), transaction.atomic():
        Organization.objects.create(kind="company", name_zh="沐曦股份", slug="metax")


@pytest.mark.parametrize("year", [1799, 2101])
def test_founded_year_outside_the_plausible_range_is_refused(year):
    with refused(), transaction.atomic():
        OrganizationFactory(founded_year=year)


@pytest.mark.parametrize("year", [1800, 2020, 2100])
def test_founded_year_inside_the_range_is_stored(year):
    assert OrganizationFactory(founded_year=year).founded_year == year


def test_organization_cannot_be_its_own_parent():
    organization = OrganizationFactory()
    with refused(), transaction.atomic():
        Organization.objects.filter(pk=organization.pk).update(parent=organization)


# ---- roles --------------------------------------------------------------------------------------


def test_role_cannot_end_before_it_starts():
    with refused(), transaction.atomic():
        RoleFactory(
            start_date=datetime.date(2020, 1, 1),
            start_precision=DatePrecision.YEAR,
            end_date=datetime.date(2019, 1, 1),
            end_precision=DatePrecision.YEAR,
        )


def test_role_may_end_the_day_it_starts():
    day = datetime.date(2020, 5, 1)
    role = RoleFactory(
        start_date=day, start_precision=DatePrecision.DAY, end_date=day, end_precision="day"
    )
    assert role.end_date == role.start_date


def test_role_start_date_needs_its_precision():
    with refused(), transaction.atomic():
        RoleFactory(start_date=datetime.date(2020, 1, 1), start_precision="")


def test_role_start_precision_needs_a_date():
    with refused(), transaction.atomic():
        RoleFactory(start_date=None, start_precision=DatePrecision.YEAR)


def test_role_end_date_needs_its_precision():
    with refused(), transaction.atomic():
        RoleFactory(end_date=datetime.date(2020, 1, 1), end_precision="")


def test_same_title_twice_in_one_organization_is_refused():
    role = RoleFactory(title_zh="董事长")
    with refused(), transaction.atomic():
        Role.objects.create(
            person=role.person, organization=role.organization, kind="executive", title_zh="董事长"
        )


# ---- milestones ---------------------------------------------------------------------------------


def test_milestone_amount_cannot_be_negative():
    with refused(), transaction.atomic():
        MilestoneFactory(
            kind=MilestoneKind.FUNDING, amount=Decimal("-1"), amount_currency=Currency.CNY
        )


def test_milestone_amount_of_zero_is_stored():
    milestone = MilestoneFactory(
        kind=MilestoneKind.FUNDING, amount=Decimal("0"), amount_currency=Currency.CNY
    )
    assert milestone.amount == 0


def test_milestone_amount_needs_a_currency():
    with refused(), transaction.atomic():
        MilestoneFactory(kind=MilestoneKind.FUNDING, amount=Decimal("10"), amount_currency="")


@pytest.mark.parametrize(
    "listing_field", [{"exchange": Exchange.SSE}, {"board": Board.STAR}, {"ticker": "688802"}]
)
def test_exchange_board_and_ticker_only_on_listings(listing_field):
    with refused(), transaction.atomic():
        MilestoneFactory(kind=MilestoneKind.PRODUCT, **listing_field)


def test_listing_keeps_its_exchange_and_board():
    milestone = MilestoneFactory(
        kind=MilestoneKind.LISTING, exchange=Exchange.SSE, board=Board.STAR, ticker="688802"
    )
    assert (milestone.exchange, milestone.board) == (Exchange.SSE, Board.STAR)


def test_milestone_date_needs_its_precision():
    with refused(), transaction.atomic():
        MilestoneFactory(date=datetime.date(2025, 1, 1), date_precision="")


def test_milestone_precision_needs_a_date():
    with refused(), transaction.atomic():
        MilestoneFactory(date=None, date_precision=DatePrecision.YEAR)


def test_milestone_without_a_date_is_stored_as_unknown():
    assert MilestoneFactory(date=None, date_precision="").date is None


def test_same_milestone_title_twice_is_refused():
    milestone = MilestoneFactory(title_zh="科创板上市")
    with refused(), transaction.atomic():
        Milestone.objects.create(
            organization=milestone.organization,
            kind=milestone.kind,
            title_zh="科创板上市",
            source=SourceFactory(),
        )


def _funding_round():
    return Milestone(
        amount=Decimal("10"),
        amount_scale=Scale.YI,
        amount_currency=Currency.CNY,
        amount_qualifier=Qualifier.NEARLY,
    )


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hans", "近10亿元"), ("en", "nearly ¥1 billion")]
)
def test_milestone_amount_reads_in_the_page_language(language, expected):
    with translation.override(language):
        assert _funding_round().amount_text == expected


def test_milestone_amount_in_a_template():
    template = Template("{{ m.amount_text }}")
    with translation.override("zh-hans"):
        assert template.render(Context({"m": _funding_round()})) == "近10亿元"


def test_milestone_without_an_amount_reads_blank():
    assert Milestone().amount_text == ""


# ---- the Translated descriptor -------------------------------------------------------------------


def test_english_page_reads_english():
    person = PersonFactory(name_zh="陈维良", name_en="Chen Weiliang")
    with translation.override("en"):
        assert person.name == "Chen Weiliang"


def test_english_page_falls_back_to_chinese_when_english_is_blank():
    person = PersonFactory(name_zh="陈维良", headline_zh="沐曦股份创始人", headline_en="")
    with translation.override("en"):
        assert person.headline == "沐曦股份创始人"


def test_chinese_page_reads_chinese():
    person = PersonFactory(name_zh="陈维良", name_en="Chen Weiliang")
    with translation.override("zh-hans"):
        assert person.name == "陈维良"


def test_translated_on_the_class_is_the_descriptor():
    assert Person.name.name == "name"
