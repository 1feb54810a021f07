import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from config.common.dates import DatePrecision
from profiles.enums import Board, Exchange, MilestoneKind, RoleKind
from profiles.models import Milestone, Person, Quote, Role
from profiles.services import (
    milestone_save,
    organization_save,
    person_save,
    quote_save,
    role_save,
)
from tests.factories import (
    MilestoneFactory,
    OrganizationFactory,
    PersonFactory,
    RoleFactory,
    SourceFactory,
)

# The messages below are asserted in English; the site's default language is Chinese.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png_upload(name="portrait.png", colour="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), colour).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def new_person(**fields):
    return Person(**{"name_zh": "陈维良", "name_en": "Chen Weiliang", **fields})


# --- person_save ---------------------------------------------------------------------------


def test_person_slug_comes_from_the_pinyin_name():
    person = person_save(person=new_person())

    assert person.slug == "chen-weiliang"


def test_bio_is_sanitized_to_the_allow_list():
    person = person_save(
        person=new_person(
            bio_zh='<p onclick="x()">创业<script>alert(1)</script><img src="x.png">'
            '<a href="https://example.com" target="_blank">链接</a></p>'
        )
    )

    assert person.bio_zh == (
        '<p>创业<a href="https://example.com" rel="noopener noreferrer nofollow">链接</a></p>'
    )


def test_bio_keeps_lists_and_emphasis():
    html = "<ul><li><strong>一</strong></li><li><em>二</em></li></ul>"

    person = person_save(person=new_person(bio_en=html))

    assert person.bio_en == html


def test_bio_drops_javascript_links():
    person = person_save(person=new_person(bio_zh='<a href="javascript:alert(1)">x</a>'))

    assert "javascript" not in person.bio_zh


def test_duplicate_slug_is_a_validation_error_not_an_integrity_error():
    PersonFactory(slug="chen-weiliang")

    with pytest.raises(ValidationError) as error:
        person_save(person=new_person())

    assert "slug" in error.value.message_dict


def test_a_person_without_a_portrait_has_initials_and_no_file(media_root):
    person = person_save(person=new_person())

    assert person.portrait is None
    assert person.initials == "CW"
    assert 0 <= person.tile_tone < 8
    assert not any(media_root.rglob("*.*"))


def test_initials_fall_back_to_the_slug():
    assert Person(name_zh="某人", slug="mou-ren").initials == "MR"


# --- organization_save ---------------------------------------------------------------------


def test_organization_cannot_be_its_own_parent():
    organization = OrganizationFactory()
    organization.parent = organization

    with pytest.raises(ValidationError) as error:
        organization_save(organization=organization)

    assert error.value.message_dict["parent"] == ["This would make the item its own parent."]


def test_organization_cannot_sit_under_its_own_unit():
    institute = OrganizationFactory()
    department = OrganizationFactory(parent=institute)
    institute.parent = department

    with pytest.raises(ValidationError) as error:
        organization_save(organization=institute)

    assert "parent" in error.value.message_dict


def test_organization_with_parent_is_saved():
    institute = OrganizationFactory()
    department = OrganizationFactory.build(parent=institute, slug="siom-gonggong")

    saved = organization_save(organization=department)

    assert saved.pk is not None
    assert saved.parent == institute


def test_organization_founded_year_must_be_plausible():
    organization = OrganizationFactory.build(founded_year=1200)

    with pytest.raises(ValidationError):
        organization_save(organization=organization)


# --- role_save -----------------------------------------------------------------------------


def test_founder_role_always_carries_the_founder_flag():
    role = RoleFactory.build(
        person=PersonFactory(), organization=OrganizationFactory(), kind=RoleKind.FOUNDER
    )
    role.is_founder = False

    assert role_save(role=role).is_founder is True


def test_role_cannot_end_before_it_starts():
    role = RoleFactory.build(
        person=PersonFactory(),
        organization=OrganizationFactory(),
        start_date=datetime.date(2021, 1, 1),
        start_precision=DatePrecision.YEAR,
        end_date=datetime.date(2020, 1, 1),
        end_precision=DatePrecision.YEAR,
    )

    with pytest.raises(ValidationError) as error:
        role_save(role=role)

    assert error.value.message_dict["end_date"] == ["The end cannot come before the start."]


def test_role_date_needs_its_precision():
    role = RoleFactory.build(
        person=PersonFactory(),
        organization=OrganizationFactory(),
        start_date=datetime.date(2021, 1, 1),
    )

    with pytest.raises(ValidationError) as error:
        role_save(role=role)

    assert "start_precision" in error.value.message_dict


def test_year_precision_date_is_stored_as_first_of_january():
    role = RoleFactory.build(
        person=PersonFactory(),
        organization=OrganizationFactory(),
        start_date=datetime.date(2021, 6, 15),
        start_precision=DatePrecision.YEAR,
    )

    with pytest.raises(ValidationError) as error:
        role_save(role=role)

    assert error.value.message_dict["start_date"] == [
        "A date known only to the year is stored as 2021-01-01."
    ]


def test_same_title_twice_in_one_organization_is_a_validation_error():
    role = RoleFactory()
    duplicate = Role(
        person=role.person,
        organization=role.organization,
        kind=RoleKind.FOUNDER,
        title_zh=role.title_zh,
    )

    with pytest.raises(ValidationError):
        role_save(role=duplicate)


# --- milestone_save ------------------------------------------------------------------------


def listing(**fields):
    return MilestoneFactory.build(
        organization=OrganizationFactory(),
        source=SourceFactory(),
        kind=MilestoneKind.LISTING,
        **fields,
    )


def test_star_market_listing_on_the_sse_is_saved():
    milestone = milestone_save(milestone=listing(exchange=Exchange.SSE, board=Board.STAR))

    assert Milestone.objects.get(pk=milestone.pk).board == Board.STAR


def test_listing_without_exchange_is_allowed_when_the_source_gives_none():
    milestone = milestone_save(milestone=listing(date=None, date_precision=""))

    assert milestone.pk is not None


def test_star_market_is_not_a_board_of_the_hong_kong_exchange():
    with pytest.raises(ValidationError) as error:
        milestone_save(milestone=listing(exchange=Exchange.HKEX, board=Board.STAR))

    assert error.value.message_dict["board"] == [
        "The STAR Market is not a board of the Hong Kong Stock Exchange."
    ]


def test_board_needs_an_exchange():
    with pytest.raises(ValidationError) as error:
        milestone_save(milestone=listing(board=Board.MAIN))

    assert error.value.message_dict["board"] == ["Give the exchange the board belongs to."]


def test_only_a_listing_has_an_exchange():
    milestone = MilestoneFactory.build(
        organization=OrganizationFactory(),
        source=SourceFactory(),
        kind=MilestoneKind.FUNDING,
        exchange=Exchange.SSE,
    )

    with pytest.raises(ValidationError) as error:
        milestone_save(milestone=milestone)

    assert error.value.message_dict["exchange"] == [
        "Only a stock listing has an exchange, board or ticker."
    ]


def test_amount_needs_a_currency():
    milestone = MilestoneFactory.build(
        organization=OrganizationFactory(),
        source=SourceFactory(),
        kind=MilestoneKind.FUNDING,
        amount=Decimal("10"),
    )

    with pytest.raises(ValidationError) as error:
        milestone_save(milestone=milestone)

    assert error.value.message_dict["amount_currency"] == ["Give the currency of the amount."]


def test_amount_cannot_be_negative():
    milestone = MilestoneFactory.build(
        organization=OrganizationFactory(),
        source=SourceFactory(),
        kind=MilestoneKind.FUNDING,
        amount=Decimal("-1"),
        amount_currency="CNY",
    )

    with pytest.raises(ValidationError) as error:
        milestone_save(milestone=milestone)

    assert "amount" in error.value.message_dict


def test_round_name_only_on_a_funding_round():
    milestone = MilestoneFactory.build(
        organization=OrganizationFactory(), source=SourceFactory(), round_name_zh="D轮"
    )

    with pytest.raises(ValidationError) as error:
        milestone_save(milestone=milestone)

    assert error.value.message_dict["round_name_zh"] == ["Only a funding round has a round name."]


def test_month_precision_date_is_the_first_of_the_month():
    milestone = MilestoneFactory.build(
        organization=OrganizationFactory(),
        source=SourceFactory(),
        date=datetime.date(2025, 10, 15),
        date_precision=DatePrecision.MONTH,
    )

    with pytest.raises(ValidationError) as error:
        milestone_save(milestone=milestone)

    assert "date" in error.value.message_dict


def test_milestone_needs_a_source():
    milestone = MilestoneFactory.build(organization=OrganizationFactory(), source=None)

    with pytest.raises(ValidationError) as error:
        milestone_save(milestone=milestone)

    assert "source" in error.value.message_dict


# --- quote_save ----------------------------------------------------------------------------


def test_quote_text_is_trimmed():
    quote = quote_save(
        quote=Quote(person=PersonFactory(), source=SourceFactory(), text_zh="  上海速度。\n")
    )

    assert quote.text_zh == "上海速度。"


def test_quote_needs_text():
    with pytest.raises(ValidationError) as error:
        quote_save(quote=Quote(person=PersonFactory(), source=SourceFactory(), text_zh="  "))

    assert "text_zh" in error.value.message_dict
