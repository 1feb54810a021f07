"""Each rule of the models, broken on an admin change form, comes back on the field it concerns,
in the editor's language, and nothing is saved: the ModelForm validates the constraints and
clean() before any service runs.

Each case opens a change form, posts it back with one value changed, and reads the errors of
the form or of an inline row. A control posts the same forms unchanged, to show that the
error comes from the changed value alone."""

import datetime
from decimal import Decimal

import pytest
from django.forms import MultiWidget
from django.forms.models import model_to_dict
from django.urls import reverse

from config.common.dates import DatePrecision
from forum.enums import EditionStatus
from metrics.enums import Comparison, Unit
from profiles.enums import Exchange, MilestoneKind
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]

HELD_DAY = datetime.date(2025, 5, 10)


@pytest.fixture
def client_as_boss(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.com", "pw"))
    return client


def _change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _post_data(bound_field):
    """What a browser posts for one field of a rendered form."""
    value = bound_field.value()
    widget = bound_field.field.widget
    name = bound_field.html_name
    if isinstance(widget, MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        return {f"{name}_{i}": "" if part is None else str(part) for i, part in enumerate(parts)}
    if value is None or value is False:
        return {}
    if value is True:
        return {name: "on"}
    if isinstance(value, list | tuple):
        return {name: [str(v) for v in value]}
    return {name: str(value)}


def _change_form(client, obj):
    """The change form of `obj` as the browser would post it back, unchanged."""
    response = client.get(_change_url(obj))
    assert response.status_code == 200
    forms = [response.context["adminform"].form]
    data = {"_save": "Save"}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({bf.html_name: str(bf.value()) for bf in management})
        forms.extend(inline.formset.forms)
    for form in forms:
        for bound_field in form:
            data.update(_post_data(bound_field))
    return data


def _stored(obj):
    return model_to_dict(type(obj).objects.get(pk=obj.pk))


# ---- the cases: (the row, the values changed, where the error shows, the message) -----------


def _organization():
    return factories.OrganizationFactory(founded_year=2020)


def _role():
    return factories.RoleFactory(
        start_date=datetime.date(2020, 1, 1), start_precision=DatePrecision.YEAR
    )


def _role_beside_another():
    other = factories.RoleFactory(title_zh="董事长")
    return factories.RoleFactory(person=other.person, organization=other.organization)


def _milestone():
    return factories.MilestoneFactory(kind=MilestoneKind.FUNDING)


def _milestone_beside_another():
    other = factories.MilestoneFactory(title_zh="D轮融资", kind=MilestoneKind.FUNDING)
    return factories.MilestoneFactory(organization=other.organization, kind=MilestoneKind.FUNDING)


def _edition():
    return factories.EditionFactory(number=6, year=2025, start_date=HELD_DAY)


def _edition_beside_another():
    fifth = factories.EditionFactory(number=5, year=2024, start_date=datetime.date(2024, 5, 10))
    return factories.EditionFactory(forum=fifth.forum, number=6, year=2025, start_date=HELD_DAY)


def _track_beside_another():
    other = factories.TrackFactory(slug="ai", edition=_edition())
    return factories.TrackFactory(edition=other.edition)


def _agenda_item():
    return factories.AgendaItemFactory(edition=_edition())


def _participation_beside_another():
    other = factories.ParticipationFactory(role="speaker", edition=_edition())
    return factories.ParticipationFactory(edition=other.edition, person=other.person, role="guest")


def _source_beside_another():
    factories.SourceFactory(title_zh="创新引领时代", publisher_zh="解放日报")
    return factories.SourceFactory(publisher_zh="解放日报")


def _observation_beside_another():
    other = factories.ObservationFactory(period_date=datetime.date(2024, 1, 1))
    return factories.ObservationFactory(
        indicator=other.indicator, period_date=datetime.date(2025, 1, 1)
    )


def _person_with_a_role():
    return _role().person


def _indicator_with_an_observation():
    return factories.ObservationFactory().indicator


CASES = [
    pytest.param(
        _organization,
        {"founded_year": "1799"},
        "founded_year",
        "成立年份须在1800年至2100年之间。",
        id="organization_founded_year_plausible",
    ),
    pytest.param(
        _organization,
        {"parent": "{pk}"},
        "parent",
        "这会使该项成为自己的上级。",
        id="organization_not_own_parent",
    ),
    pytest.param(
        _role,
        {"end_date": "2019-01-01", "end_precision": DatePrecision.YEAR},
        "end_date",
        "结束时间不能早于开始时间。",
        id="role_end_after_start",
    ),
    pytest.param(
        _role,
        {"start_precision": ""},
        "start_precision",
        "日期与其精度须同时填写，或同时留空。",
        id="role_start_precision_with_date",
    ),
    pytest.param(
        _role,
        {"end_precision": DatePrecision.YEAR},
        "end_precision",
        "日期与其精度须同时填写，或同时留空。",
        id="role_end_precision_with_date",
    ),
    pytest.param(
        _role_beside_another,
        {"title_zh": "董事长"},
        "title_zh",
        "此人在该机构已有同一职务。",
        id="role_unique_title",
    ),
    pytest.param(
        _milestone,
        {"amount": "-10", "amount_currency": "CNY"},
        "amount",
        "金额不能为负数。",
        id="milestone_amount_non_negative",
    ),
    pytest.param(
        _milestone,
        {"amount": "10"},
        "amount_currency",
        "请填写金额的币种。",
        id="milestone_amount_has_currency",
    ),
    pytest.param(
        _milestone,
        {"exchange": Exchange.SSE},
        "exchange",
        "只有股票上市才有交易所、板块或股票代码。",
        id="milestone_exchange_only_for_listings",
    ),
    pytest.param(
        _milestone,
        {"date": ""},
        "date_precision",
        "日期与其精度须同时填写，或同时留空。",
        id="milestone_precision_with_date",
    ),
    pytest.param(
        _milestone_beside_another,
        {"title_zh": "D轮融资"},
        "title_zh",
        "该机构已有同类同名的里程碑。",
        id="milestone_unique_title",
    ),
    pytest.param(
        _edition,
        {"number": "0"},
        "number",
        "届次从1开始编号（第1届）。",
        id="edition_number_from_one",
    ),
    pytest.param(
        _edition_beside_another,
        {"number": "5"},
        "number",
        "该论坛已有这一届次。",
        id="edition_unique_number",
    ),
    pytest.param(
        _edition,
        {"end_date": "2025-05-09"},
        "end_date",
        "最后一天不能早于第一天。",
        id="edition_end_after_start",
    ),
    pytest.param(
        _edition,
        {"start_precision": ""},
        "start_precision",
        "日期与其精度须同时填写，或同时留空。",
        id="edition_precision_with_date",
    ),
    pytest.param(
        _track_beside_another,
        {"slug": "ai"},
        "slug",
        "本届论坛已有使用该网址标识的赛道。",
        id="track_unique_slug",
    ),
    pytest.param(
        _agenda_item,
        {"ends_at_0": "2025-05-10", "ends_at_1": "08:00:00"},
        "ends_at",
        "议程的结束时间不能早于开始时间。",
        id="agenda_item_ends_after_start",
    ),
    pytest.param(
        _participation_beside_another,
        {"role": "speaker"},
        "role",
        "此人已以这一角色参加本届论坛。",
        id="participation_unique_role",
    ),
    pytest.param(
        _source_beside_another,
        {"title_zh": "创新引领时代"},
        "title_zh",
        "已有同一标题和发布方的来源。",
        id="source_unique_title",
    ),
    pytest.param(
        factories.SectorFactory,
        {"parent": "{pk}"},
        "parent",
        "这会使该项成为自己的上级。",
        id="sector_not_own_parent",
    ),
    pytest.param(
        factories.IndicatorFactory,
        {"count_noun_zh": "家"},
        "count_noun_zh",
        "只有按个数计量的指标才有量词。",
        id="indicator_count_noun_only_for_counts",
    ),
    pytest.param(
        _observation_beside_another,
        {"period_date": "2024-01-01"},
        "period_date",
        "该指标在这一时期已有同一度量和类型的数字。",
        id="observation_unique_per_period",
    ),
    pytest.param(
        factories.ObservationFactory,
        {"value": "-3"},
        "value",
        "只有增长率可以为负数。",
        id="observation_value_non_negative",
    ),
    pytest.param(
        factories.ObservationFactory,
        {"comparison": Comparison.RANK_CHINA, "value": "0"},
        "value",
        "排名是从1（第一）开始的整数。",
        id="observation_rank_from_one",
    ),
    pytest.param(
        factories.ObservationFactory,
        {"share_denominator": "3"},
        "share_denominator",
        "只有占比可以按分数发布，且分母至少为2。",
        id="observation_fraction_only_for_shares",
    ),
]

INLINE_CASES = [
    pytest.param(
        _person_with_a_role,
        "roles",
        {"end_date": "2019-01-01", "end_precision": DatePrecision.YEAR},
        "end_date",
        "结束时间不能早于开始时间。",
        id="person-roles-role_end_after_start",
    ),
    pytest.param(
        _person_with_a_role,
        "roles",
        {"start_date": ""},
        "start_precision",
        "日期与其精度须同时填写，或同时留空。",
        id="person-roles-role_start_precision_with_date",
    ),
    pytest.param(
        _indicator_with_an_observation,
        "observations",
        {"share_denominator": "3"},
        "share_denominator",
        "只有占比可以按分数发布，且分母至少为2。",
        id="indicator-observations-observation_fraction_only_for_shares",
    ),
]


def _fill(changes, obj):
    return {name: value.format(pk=obj.pk) for name, value in changes.items()}


@pytest.mark.parametrize(("make", "changes", "field", "message"), CASES)
def test_a_broken_rule_is_shown_on_its_field(client_as_boss, make, changes, field, message):
    obj = make()
    stored = _stored(obj)
    data = {**_change_form(client_as_boss, obj), **_fill(changes, obj)}

    response = client_as_boss.post(_change_url(obj), data)

    assert response.status_code == 200, "the form should come back with its error"
    errors = response.context["adminform"].form.errors
    assert errors == {field: [message]}
    assert _stored(obj) == stored


@pytest.mark.parametrize(("make", "prefix", "changes", "field", "message"), INLINE_CASES)
def test_a_broken_rule_in_an_inline_row_is_shown_on_its_field(
    client_as_boss, make, prefix, changes, field, message
):
    parent = make()
    row = getattr(parent, prefix).get()
    stored = _stored(row)
    data = _change_form(client_as_boss, parent)
    data.update({f"{prefix}-0-{name}": value for name, value in changes.items()})

    response = client_as_boss.post(_change_url(parent), data)

    assert response.status_code == 200, "the form should come back with its error"
    assert not response.context["adminform"].form.errors
    (inline,) = [i for i in response.context["inline_admin_formsets"] if i.formset.prefix == prefix]
    assert inline.formset.errors == [{field: [message]}]
    assert _stored(row) == stored


def test_the_message_is_in_the_editors_language(client_as_boss):
    role = _role()
    data = {**_change_form(client_as_boss, role), "end_date": "2019-01-01", "end_precision": "year"}

    response = client_as_boss.post(_change_url(role), data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.context["adminform"].form.errors == {
        "end_date": ["The end cannot come before the start."]
    }


@pytest.mark.parametrize(
    "make",
    [
        _organization,
        _role,
        _milestone,
        _edition,
        _agenda_item,
        factories.SectorFactory,
        factories.ObservationFactory,
        _person_with_a_role,
        _indicator_with_an_observation,
    ],
    ids=lambda make: make.__name__.strip("_"),
)
def test_control_the_same_form_posted_unchanged_is_saved(client_as_boss, make):
    obj = make()

    response = client_as_boss.post(_change_url(obj), _change_form(client_as_boss, obj))

    assert response.status_code == 302


def test_an_edition_held_in_the_future_is_refused_on_its_status(client_as_boss):
    """A rule of clean() across fields, not a constraint: on the form as well."""
    next_year = datetime.date.today().year + 1
    edition = factories.EditionFactory(
        number=7,
        year=next_year,
        start_date=datetime.date(next_year, 5, 10),
        status=EditionStatus.ANNOUNCED,
    )
    data = {**_change_form(client_as_boss, edition), "status": EditionStatus.HELD}

    response = client_as_boss.post(_change_url(edition), data)

    assert response.context["adminform"].form.errors == {
        "status": ["日期在未来的一届论坛不可能已经举办。"]
    }
    edition.refresh_from_db()
    assert edition.status == EditionStatus.ANNOUNCED


def test_an_amount_stays_a_decimal_on_the_form(client_as_boss):
    """The helper posts what the form shows: a stored amount survives the round trip."""
    milestone = factories.MilestoneFactory(
        kind=MilestoneKind.FUNDING, amount=Decimal("10.5"), amount_currency="CNY"
    )

    client_as_boss.post(_change_url(milestone), _change_form(client_as_boss, milestone))

    milestone.refresh_from_db()
    assert milestone.amount == Decimal("10.5")


def test_an_indicator_counted_in_units_needs_its_count_word(client_as_boss):
    indicator = factories.IndicatorFactory(unit=Unit.COUNT, count_noun_zh="家")
    data = {**_change_form(client_as_boss, indicator), "count_noun_zh": ""}

    response = client_as_boss.post(_change_url(indicator), data)

    assert response.context["adminform"].form.errors == {
        "count_noun_zh": ["请填写计数的量词（家、颗、台……）。"]
    }
