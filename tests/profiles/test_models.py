"""The rules of people, organizations, roles and milestones: full_clean() refuses bad data with
the message on its field, the database itself refuses it when a write bypasses full_clean, and
each row reads as it should (names, amounts, bilingual fields falling back to Chinese)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.utils import translation

from config.common.dates import DatePrecision
from metrics.enums import Currency, Qualifier, Scale
from profiles.enums import Board, Exchange, MilestoneKind
from profiles.models import Milestone, Organization, Person, Quote, Role
from tests.factories import (
    MilestoneFactory,
    OrganizationFactory,
    PersonFactory,
    RoleFactory,
    SourceFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]


def refused():
    """The write must fail in the database; the savepoint keeps the test's transaction usable."""
    return pytest.raises(IntegrityError)


def clean_errors(obj):
    """The errors full_clean() finds, by field ({} when it accepts the row)."""
    try:
        obj.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


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


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("year", "errors"),
    [
        (1799, {"founded_year": ["The founding year must lie between 1800 and 2100."]}),
        (1800, {}),
        (2100, {}),
        (2101, {"founded_year": ["The founding year must lie between 1800 and 2100."]}),
    ],
)
def test_full_clean_checks_the_founded_year_range(year, errors):
    assert clean_errors(OrganizationFactory.build(founded_year=year)) == errors


def test_organization_cannot_be_its_own_parent():
    organization = OrganizationFactory()
    with refused(), transaction.atomic():
        Organization.objects.filter(pk=organization.pk).update(parent=organization)


@pytest.mark.usefixtures("english")
def test_full_clean_refuses_an_organization_under_itself():
    organization = OrganizationFactory()
    organization.parent = organization
    assert clean_errors(organization) == {"parent": ["This would make the item its own parent."]}


def test_an_organization_reads_as_its_chinese_name():
    assert str(OrganizationFactory.build(name_zh="沐曦集成电路（上海）股份有限公司")) == (
        "沐曦集成电路（上海）股份有限公司"
    )


@pytest.mark.parametrize(
    ("language", "short_zh", "short_en", "expected"),
    [
        ("zh-hans", "沐曦股份", "MetaX", "沐曦股份"),
        ("en", "沐曦股份", "MetaX", "MetaX"),
        ("zh-hans", "", "", "沐曦集成电路"),
        ("en", "", "", "MetaX Integrated Circuits"),
    ],
)
def test_an_organization_is_displayed_by_its_short_name_when_it_has_one(
    language, short_zh, short_en, expected
):
    organization = Organization(
        name_zh="沐曦集成电路",
        name_en="MetaX Integrated Circuits",
        short_name_zh=short_zh,
        short_name_en=short_en,
    )
    with translation.override(language):
        assert organization.display_name == expected


@pytest.mark.parametrize(
    ("name_en", "expected"), [("Chen Weiliang", "陈维良 (Chen Weiliang)"), ("", "陈维良")]
)
def test_a_person_reads_as_both_names_when_both_are_known(name_en, expected):
    assert str(Person(name_zh="陈维良", name_en=name_en)) == expected


# ---- roles --------------------------------------------------------------------------------------


def test_role_cannot_end_before_it_starts():
    with refused(), transaction.atomic():
        RoleFactory(
            start_date=datetime.date(2020, 1, 1),
            start_precision=DatePrecision.YEAR,
            end_date=datetime.date(2019, 1, 1),
            end_precision=DatePrecision.YEAR,
        )


def _role(**dates):
    return RoleFactory.build(
        person=PersonFactory(), organization=OrganizationFactory(), kind="executive", **dates
    )


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("end", "errors"),
    [
        (datetime.date(2020, 4, 30), {"end_date": ["The end cannot come before the start."]}),
        (datetime.date(2020, 5, 1), {}),  # a role may end the day it starts
    ],
)
def test_full_clean_refuses_a_role_ending_before_it_starts(end, errors):
    role = _role(
        start_date=datetime.date(2020, 5, 1),
        start_precision=DatePrecision.DAY,
        end_date=end,
        end_precision=DatePrecision.DAY,
    )
    assert clean_errors(role) == errors


DATE_AND_PRECISION = ["A date and its precision go together: give both, or neither."]


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("dates", "errors"),
    [
        ({"start_date": datetime.date(2020, 1, 1)}, {"start_precision": DATE_AND_PRECISION}),
        ({"start_precision": DatePrecision.YEAR}, {"start_precision": DATE_AND_PRECISION}),
        ({"end_date": datetime.date(2020, 1, 1)}, {"end_precision": DATE_AND_PRECISION}),
        ({"end_precision": DatePrecision.YEAR}, {"end_precision": DATE_AND_PRECISION}),
        ({}, {}),
    ],
)
def test_full_clean_wants_a_role_date_and_its_precision_together(dates, errors):
    assert clean_errors(_role(**dates)) == errors


@pytest.mark.usefixtures("english")
def test_full_clean_refuses_the_same_title_twice_in_one_organization():
    role = RoleFactory(title_zh="董事长")
    twin = Role(
        person=role.person, organization=role.organization, kind="executive", title_zh="董事长"
    )
    assert clean_errors(twin) == {
        "title_zh": ["This person already holds a role with this title in this organization."]
    }


def test_a_role_without_an_end_is_current():
    assert Role(end_date=None).is_current
    assert not Role(end_date=datetime.date(2024, 1, 1)).is_current


def test_a_role_reads_as_person_organization_and_title():
    role = RoleFactory.build(
        person=Person(name_zh="陈维良"),
        organization=Organization(name_zh="沐曦股份"),
        title_zh="董事长",
    )
    assert str(role) == "陈维良 · 沐曦股份 · 董事长"


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


def _funding(**fields):
    return MilestoneFactory.build(
        organization=OrganizationFactory(),
        source=SourceFactory(),
        kind=MilestoneKind.FUNDING,
        **fields,
    )


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("amount", "currency", "errors"),
    [
        ("-1", Currency.CNY, {"amount": ["An amount cannot be negative."]}),
        ("0", Currency.CNY, {}),
        ("10", "", {"amount_currency": ["Give the currency of the amount."]}),
        (None, Currency.CNY, {"amount": ["Give the amount, or clear the currency."]}),
    ],
)
def test_full_clean_checks_a_milestone_amount(amount, currency, errors):
    milestone = _funding(
        amount=None if amount is None else Decimal(amount), amount_currency=currency
    )
    assert clean_errors(milestone) == errors


def test_milestone_amount_needs_a_currency():
    with refused(), transaction.atomic():
        MilestoneFactory(kind=MilestoneKind.FUNDING, amount=Decimal("10"), amount_currency="")


@pytest.mark.parametrize(
    "listing_field", [{"exchange": Exchange.SSE}, {"board": Board.STAR}, {"ticker": "688802"}]
)
def test_exchange_board_and_ticker_only_on_listings(listing_field):
    with refused(), transaction.atomic():
        MilestoneFactory(kind=MilestoneKind.PRODUCT, **listing_field)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("kind", "errors"),
    [
        (MilestoneKind.LISTING, {}),
        (
            MilestoneKind.PRODUCT,
            {"exchange": ["Only a stock listing has an exchange, board or ticker."]},
        ),
    ],
)
def test_full_clean_keeps_exchange_board_and_ticker_to_listings(kind, errors):
    milestone = MilestoneFactory.build(
        organization=OrganizationFactory(),
        source=SourceFactory(),
        kind=kind,
        exchange=Exchange.SSE,
        board=Board.STAR,
        ticker="688802",
    )
    assert clean_errors(milestone) == errors


def test_milestone_date_needs_its_precision():
    with refused(), transaction.atomic():
        MilestoneFactory(date=datetime.date(2025, 1, 1), date_precision="")


def test_milestone_precision_needs_a_date():
    with refused(), transaction.atomic():
        MilestoneFactory(date=None, date_precision=DatePrecision.YEAR)


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("date", "precision", "errors"),
    [
        (None, "", {}),  # a milestone whose date was not published
        (None, DatePrecision.YEAR, {"date_precision": DATE_AND_PRECISION}),
        (datetime.date(2025, 1, 1), "", {"date_precision": DATE_AND_PRECISION}),
    ],
)
def test_full_clean_wants_a_milestone_date_and_its_precision_together(date, precision, errors):
    assert clean_errors(_funding(date=date, date_precision=precision)) == errors


@pytest.mark.usefixtures("english")
def test_full_clean_refuses_the_same_milestone_title_twice():
    milestone = MilestoneFactory(title_zh="科创板上市")
    twin = Milestone(
        organization=milestone.organization,
        kind=milestone.kind,
        title_zh="科创板上市",
        source=SourceFactory(),
    )
    assert clean_errors(twin) == {
        "title_zh": ["This organization already has a milestone of this kind with this title."]
    }


def test_a_milestone_reads_as_organization_and_title():
    milestone = Milestone(organization=Organization(name_zh="沐曦股份"), title_zh="科创板上市")
    assert str(milestone) == "沐曦股份 · 科创板上市"


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


def test_a_quote_reads_as_the_person_and_the_start_of_the_text():
    quote = Quote(person=Person(name_zh="陈维良"), text_zh="上海速度" * 20)
    assert str(quote) == f"陈维良: {'上海速度' * 10}"
