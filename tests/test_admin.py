"""The editors' admin as a product: every registered model's pages open, Chinese search finds
rows, add forms save through the services, refusals come back as field errors, and every
content changelist runs a constant number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.common.dates import DatePrecision
from forum.models import Edition, Forum, Participation
from metrics.enums import Comparison, Currency
from metrics.models import Indicator, Observation
from profiles.enums import Exchange, MilestoneKind, RoleKind
from profiles.models import Milestone, Organization, Person, Role
from tests import factories
from tests.helpers import FACTORIES

pytestmark = pytest.mark.django_db

# The editors' content admins; registrations (forum/registrations/admin.py) are the organizers'.
CONTENT_ADMIN_MODULES = {"metrics.admin", "profiles.admin", "forum.admin", "forum.news.admin"}
REGISTERED = sorted(admin.site._registry, key=lambda m: m._meta.label)
CONTENT_MODELS = [
    m for m in REGISTERED if type(admin.site._registry[m]).__module__ in CONTENT_ADMIN_MODULES
]
# The project's own models (not the task queue's): their constraints carry their fields.
PROJECT_MODELS = [
    m
    for m in REGISTERED
    if m._meta.app_label in {"metrics", "profiles", "forum", "registrations", "news"}
]


def _label(model):
    return model._meta.label


def factory_for(model):
    """The factory of a registered model; a model without one fails the test, on purpose:
    append a factory to tests/factories.py so the admin smoke tests cover it."""
    if model not in FACTORIES:
        pytest.fail(
            f"{_label(model)} is registered in admin but has no factory in tests/factories.py"
        )
    return FACTORIES[model]


def _url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _plain_search_field(model):
    """The first search field that is a text column of the model itself."""
    for name in admin.site._registry[model].search_fields:
        if name[0] in "=^@" or "__" in name:
            continue
        field = model._meta.get_field(name)
        if field.get_internal_type() in {"CharField", "TextField"}:
            return name
    return None


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")


@pytest.fixture
def client_as_boss(client, superuser):
    client.force_login(superuser)
    return client


# ---- every registered model ------------------------------------------------------------------


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_changelist_opens(client_as_boss, model):
    factory_for(model).create()
    response = client_as_boss.get(_url(model, "changelist"))
    assert response.status_code == 200


# Rows only the code writes: the e-mail outbox, the registration log, the task queue, the
# sign-in attempts django-axes records. (A registration's add page is the organizers' own
# form, which calls the registration service: forum/registrations/organizer_admin.py.)
ADDED_ELSEWHERE = {
    "registrations.RegistrationEmail",
    "registrations.RegistrationLogEntry",
    "django_tasks_database.DBTaskResult",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
}


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_add_page_opens_or_is_refused_by_design(client_as_boss, model):
    response = client_as_boss.get(_url(model, "add"))
    assert response.status_code == (403 if _label(model) in ADDED_ELSEWHERE else 200)


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_change_page_opens(client_as_boss, model):
    obj = factory_for(model).create()
    response = client_as_boss.get(_url(model, "change", obj.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=_label)
def test_content_model_is_searchable_in_both_languages(model):
    fields = admin.site._registry[model].search_fields
    assert any(name.endswith("_zh") for name in fields)
    assert any(name.endswith("_en") for name in fields)


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_chinese_search_finds_the_row(client_as_boss, model):
    field = _plain_search_field(model)
    if field is None:
        pytest.skip(f"{_label(model)} has no text search field of its own")
    make = factory_for(model)
    wanted = make.create(**{field: "沐曦股份"})
    # The site runs one forum series: a second forum would be the same row.
    other = make.create() if model is not Forum else None
    response = client_as_boss.get(_url(model, "changelist"), {"q": "沐曦"})
    assert response.status_code == 200
    found = {obj.pk for obj in response.context["cl"].result_list}
    assert wanted.pk in found
    if other is not None:
        assert other.pk not in found


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=_label)
def test_every_relation_uses_autocomplete(model):
    model_admin = admin.site._registry[model]
    relations = {
        f.name
        for f in model._meta.get_fields()
        if (f.many_to_one or f.many_to_many) and not f.auto_created and f.editable
    }
    assert relations <= set(model_admin.autocomplete_fields)


def _search(client, model, term):
    response = client.get(_url(model, "changelist"), {"q": term})
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


@pytest.mark.parametrize("term", ["沐曦", "沐曦股份", "MetaX", "metax integrated"])
def test_organization_search_covers_both_languages_and_short_names(client_as_boss, term):
    metax = factories.OrganizationFactory(
        name_zh="沐曦集成电路（上海）股份有限公司",
        name_en="MetaX Integrated Circuits (Shanghai) Co., Ltd.",
        short_name_zh="沐曦股份",
        short_name_en="MetaX",
    )
    factories.OrganizationFactory(name_zh="壁仞科技", name_en="Biren Technology")
    assert _search(client_as_boss, Organization, term) == {metax.pk}


@pytest.mark.parametrize("term", ["维良", "Weiliang"])
def test_person_search_covers_chinese_and_pinyin(client_as_boss, term):
    chen = factories.PersonFactory(name_zh="陈维良", name_en="Chen Weiliang")
    factories.PersonFactory(name_zh="闫俊杰", name_en="Yan Junjie")
    assert _search(client_as_boss, Person, term) == {chen.pk}


def test_role_search_finds_a_person_by_organization_name(client_as_boss):
    role = factories.RoleFactory(organization__short_name_zh="沐曦股份")
    factories.RoleFactory()
    assert _search(client_as_boss, Role, "沐曦") == {role.pk}


def _forms(model_admin, request, obj):
    """(label, model, the fields its form edits) of the admin's form and each inline's."""
    form = model_admin.get_form(request, obj, change=obj is not None)
    yield "form", model_admin.model, set(form.base_fields)
    for inline in model_admin.get_inline_instances(request, obj):
        if not inline.has_add_permission(request, obj) and not inline.has_change_permission(
            request, obj
        ):
            continue  # a read-only inline (a history) edits nothing
        formset = inline.get_formset(request, obj)
        yield type(inline).__name__, inline.model, {*formset.form.base_fields, formset.fk.name}


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=_label)
@pytest.mark.parametrize("page", ["add", "change"])
def test_every_form_edits_all_or_none_of_each_rules_fields(superuser, rf, model, page):
    """A ModelForm skips a constraint that reads a field it does not edit. If it edits another
    field of that rule, the editor could break the rule unseen, and only the service's
    full_clean() would notice, after the form was accepted: each form edits all of a
    constraint's fields or none."""
    request = rf.get("/")
    request.user = superuser
    obj = factory_for(model).create() if page == "change" else None
    gaps = []
    for label, form_model, edited in _forms(admin.site._registry[model], request, obj):
        for constraint in form_model._meta.constraints:
            # A rule on the whole table (one forum series) reads no field.
            fields_read = getattr(constraint, "constrained_fields", set)()
            read = set(fields_read) - {"pk", form_model._meta.pk.name}
            if read & edited and not read <= edited:
                gaps.append(f"{label}: {constraint.name} needs {sorted(read - edited)}")
    assert not gaps


# ---- query counts ----------------------------------------------------------------------------


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=_label)
def test_changelist_queries_do_not_grow_with_rows(client_as_boss, model):
    make = factory_for(model)
    url = _url(model, "changelist")
    make.create()
    client_as_boss.get(url)  # warm caches (content types, session)
    with_one = _count_queries(client_as_boss, url)
    make.create_batch(29)
    with_thirty = _count_queries(client_as_boss, url)
    assert with_thirty == with_one


# ---- pleasant lists ---------------------------------------------------------------------------


def test_person_list_shows_the_portraits_thumbnail(client_as_boss):
    portrait = factories.ImageFactory()
    factories.PersonFactory(portrait=portrait)
    response = client_as_boss.get(_url(Person, "changelist"))
    thumbnail = portrait.renditions["admin"]["fallback"][0][0]
    assert f'src="/media/{thumbnail}"' in response.text
    assert 'class="admin-thumb"' in response.text


def test_admin_css_is_a_static_file_not_inline(client_as_boss):
    response = client_as_boss.get(_url(Person, "changelist"))
    assert "admin-extra/admin.css" in response.text
    assert " style=" not in response.text.split("<body", 1)[1].replace('id="style', "")


def test_listing_filter_keeps_listed_organizations(client_as_boss):
    listed = factories.OrganizationFactory()
    factories.MilestoneFactory(organization=listed, kind=MilestoneKind.LISTING)
    unlisted = factories.OrganizationFactory()
    response = client_as_boss.get(_url(Organization, "changelist"), {"listed": "yes"})
    found = {obj.pk for obj in response.context["cl"].result_list}
    assert found == {listed.pk}
    assert unlisted.pk not in found


def test_listing_filter_keeps_unlisted_organizations(client_as_boss):
    listed = factories.OrganizationFactory()
    factories.MilestoneFactory(organization=listed, kind=MilestoneKind.LISTING)
    unlisted = factories.OrganizationFactory()
    response = client_as_boss.get(_url(Organization, "changelist"), {"listed": "no"})
    assert {obj.pk for obj in response.context["cl"].result_list} == {unlisted.pk}


def test_exchange_filter_keeps_organizations_listed_there(client_as_boss):
    on_star = factories.OrganizationFactory()
    factories.MilestoneFactory(
        organization=on_star, kind=MilestoneKind.LISTING, exchange=Exchange.SSE
    )
    in_hong_kong = factories.OrganizationFactory()
    factories.MilestoneFactory(
        organization=in_hong_kong, kind=MilestoneKind.LISTING, exchange=Exchange.HKEX
    )
    response = client_as_boss.get(_url(Organization, "changelist"), {"exchange": "hkex"})
    assert {obj.pk for obj in response.context["cl"].result_list} == {in_hong_kong.pk}


def test_source_list_counts_what_cites_it(client_as_boss):
    source = factories.SourceFactory()
    factories.ObservationFactory.create_batch(3, source=source)
    factories.MilestoneFactory(source=source)
    factories.QuoteFactory.create_batch(2, source=source)
    response = client_as_boss.get(_url(source.__class__, "changelist"))
    row = next(obj for obj in response.context["cl"].result_list if obj.pk == source.pk)
    assert (row.n_observations, row.n_milestones, row.n_quotes) == (3, 1, 2)


# ---- adding through the admin saves through the services ---------------------------------------


def _management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _form_errors(response):
    assert response.status_code == 200, "the form should come back with errors"
    return response.context["adminform"].form.errors


def test_adding_a_person_creates_the_row_through_the_service(client_as_boss):
    data = {
        "name_zh": "陈维良",
        "name_en": "Chen Weiliang",
        "slug": "chen-weiliang",
        "is_published": "on",
        "_save": "Save",
        **_management("roles"),
        **_management("quotes"),
    }
    response = client_as_boss.post(_url(Person, "add"), data)
    assert response.status_code == 302
    person = Person.objects.get(slug="chen-weiliang")
    assert person.portrait is None
    assert person.initials == "CW"


def test_adding_an_organization_with_a_role_saves_both(client_as_boss):
    person = factories.PersonFactory()
    data = {
        "kind": "company",
        "name_zh": "沐曦集成电路（上海）股份有限公司",
        "name_en": "MetaX Integrated Circuits (Shanghai) Co., Ltd.",
        "short_name_zh": "沐曦股份",
        "short_name_en": "MetaX",
        "slug": "metax",
        "is_published": "on",
        **_management("roles", 1),
        "roles-0-person": str(person.pk),
        "roles-0-kind": RoleKind.FOUNDER,
        "roles-0-title_zh": "创始人、董事长兼总经理",
        "roles-0-order": "0",
        **_management("milestones"),
        "_save": "Save",
    }
    response = client_as_boss.post(_url(Organization, "add"), data)
    assert response.status_code == 302
    role = Role.objects.get(organization__slug="metax")
    assert role.person == person
    assert role.is_founder  # role_save sets the flag for a founder: the inline used the service


def test_adding_an_indicator_with_an_observation_saves_both(client_as_boss):
    sector = factories.SectorFactory()
    source = factories.SourceFactory()
    data = {
        "name_zh": "上海集成电路产业规模",
        "name_en": "Shanghai integrated circuit industry size",
        "slug": "shanghai-ic-industry",
        "sector": str(sector.pk),
        "scope": "shanghai",
        "unit": "CNY",
        "order": "0",
        "is_published": "on",
        **_management("observations", 1),
        "observations-0-value": "4800",
        "observations-0-scale": "100000000",
        "observations-0-qualifier": "over",
        "observations-0-period_date": "2025-01-01",
        "observations-0-period_precision": DatePrecision.YEAR,
        "observations-0-comparison": Comparison.LEVEL,
        "observations-0-kind": "actual",
        "observations-0-source": str(source.pk),
        "_save": "Save",
    }
    response = client_as_boss.post(_url(Indicator, "add"), data)
    assert response.status_code == 302
    observation = Observation.objects.get(indicator__slug="shanghai-ic-industry")
    assert (observation.value, observation.qualifier) == (Decimal("4800"), "over")


def _edition_data(forum, **overrides):
    data = {
        "forum": str(forum.pk),
        "number": "6",
        "year": "2025",
        "status": "held",
        "start_date": "2025-05-10",
        "start_precision": DatePrecision.DAY,
        "venue_zh": "上海中心",
        "is_published": "on",
        **_management("tracks"),
        **_management("participations"),
        **_management("agenda_items"),
        **_management("photos"),
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_adding_an_edition_with_participations_saves_them(client_as_boss):
    forum = factories.ForumFactory()
    speaker, guest = factories.PersonFactory.create_batch(2)
    data = _edition_data(
        forum,
        **_management("participations", 2),
        **{
            "participations-0-person": str(speaker.pk),
            "participations-0-role": "speaker",
            "participations-1-person": str(guest.pk),
            "participations-1-role": "guest",
        },
    )
    response = client_as_boss.post(_url(Edition, "add"), data)
    assert response.status_code == 302
    edition = Edition.objects.get(forum=forum, number=6)
    assert set(Participation.objects.filter(edition=edition).values_list("role", flat=True)) == {
        "speaker",
        "guest",
    }


# ---- what the database would refuse comes back as a field error ---------------------------------


def test_role_ending_before_it_starts_is_a_field_error(client_as_boss):
    person, organization = factories.PersonFactory(), factories.OrganizationFactory()
    data = {
        "person": str(person.pk),
        "organization": str(organization.pk),
        "kind": RoleKind.EXECUTIVE,
        "title_zh": "总经理",
        "order": "0",
        "start_date": "2020-01-01",
        "start_precision": DatePrecision.YEAR,
        "end_date": "2019-01-01",
        "end_precision": DatePrecision.YEAR,
        "_save": "Save",
    }
    response = client_as_boss.post(_url(Role, "add"), data)
    assert "end_date" in _form_errors(response)
    assert not Role.objects.exists()


def test_duplicate_edition_number_is_an_error_not_a_crash(client_as_boss):
    existing = factories.EditionFactory(number=6, year=2025)
    response = client_as_boss.post(_url(Edition, "add"), _edition_data(existing.forum))
    assert _form_errors(response) == {"number": ["该论坛已有这一届次。"]}
    assert Edition.objects.filter(forum=existing.forum, number=6).count() == 1


def test_edition_number_zero_is_a_field_error(client_as_boss):
    forum = factories.ForumFactory()
    response = client_as_boss.post(_url(Edition, "add"), _edition_data(forum, number="0"))
    assert "number" in _form_errors(response)


def test_negative_milestone_amount_is_a_field_error(client_as_boss):
    organization, source = factories.OrganizationFactory(), factories.SourceFactory()
    data = {
        "organization": str(organization.pk),
        "kind": MilestoneKind.FUNDING,
        "title_zh": "D轮融资",
        "round_name_zh": "D轮",
        "amount": "-10",
        "amount_scale": "100000000",
        "amount_currency": Currency.CNY,
        "amount_qualifier": "nearly",
        "source": str(source.pk),
        "_save": "Save",
    }
    response = client_as_boss.post(_url(Milestone, "add"), data)
    assert "amount" in _form_errors(response)
    assert not Milestone.objects.exists()


def test_a_rule_of_the_models_clean_comes_back_on_the_form(client_as_boss):
    """A held edition dated in the future is refused by Edition.clean, which the admin's
    ModelForm runs: the form comes back with the message on the status, nothing saved."""
    forum = factories.ForumFactory()
    next_year = datetime.date.today().year + 1
    data = _edition_data(forum, year=str(next_year), start_date=f"{next_year}-05-10", status="held")
    response = client_as_boss.post(_url(Edition, "add"), data)
    assert "status" in _form_errors(response)
    assert not Edition.objects.exists()


def _inline_errors(response, prefix):
    """The errors of each row of the inline whose formset has this prefix."""
    assert response.status_code == 200, "the form should come back with errors"
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return inline.formset.errors
    raise AssertionError(f"no inline {prefix!r} on the page")


def test_refused_inline_row_rolls_back_the_whole_save(client_as_boss):
    """A new edition has no tracks yet: a participation in another edition's track is refused
    on its row, and nothing is saved."""
    forum = factories.ForumFactory()
    person = factories.PersonFactory()
    other_track = factories.TrackFactory()
    data = _edition_data(
        forum,
        **_management("participations", 1),
        **{
            "participations-0-person": str(person.pk),
            "participations-0-role": "speaker",
            "participations-0-track": str(other_track.pk),
        },
    )
    editions_before = Edition.objects.count()
    response = client_as_boss.post(_url(Edition, "add"), data)
    assert _inline_errors(response, "participations") == [{"track": ["该赛道属于另一届论坛。"]}]
    assert Edition.objects.count() == editions_before


def test_agenda_item_outside_a_new_editions_day_is_refused_on_its_row(client_as_boss):
    """The edition is being added (no pk yet): its agenda is still checked against its date."""
    forum = factories.ForumFactory()
    data = _edition_data(
        forum,
        **_management("agenda_items", 1),
        **{
            "agenda_items-0-starts_at_0": "2025-05-11",
            "agenda_items-0-starts_at_1": "09:00:00",
            "agenda_items-0-title_zh": "开幕式",
        },
    )
    response = client_as_boss.post(_url(Edition, "add"), data)
    assert _inline_errors(response, "agenda_items") == [
        {"starts_at": ["该议程不在本届论坛的日期之内。"]}
    ]
    assert not Edition.objects.filter(forum=forum).exists()


def test_forum_founded_after_one_of_its_editions_is_a_field_error(client_as_boss):
    first = factories.EditionFactory(number=1, year=2020)
    forum = first.forum
    data = {
        "name_zh": forum.name_zh,
        "short_name_zh": forum.short_name_zh,
        "slug": forum.slug,
        "founded_year": "2021",
        "_save": "Save",
    }
    response = client_as_boss.post(_url(type(forum), "change", forum.pk), data)
    assert _form_errors(response)["founded_year"] == ["第1届已于2020年举办，早于该年份。"]
    forum.refresh_from_db()
    assert forum.founded_year != 2021


# ---- actions ---------------------------------------------------------------------------------


def test_unpublish_action_hides_the_selected_people(client_as_boss):
    hidden, kept = factories.PersonFactory.create_batch(2)
    data = {"action": "unpublish", "_selected_action": [str(hidden.pk)]}
    response = client_as_boss.post(_url(Person, "changelist"), data)
    assert response.status_code == 302
    hidden.refresh_from_db()
    kept.refresh_from_db()
    assert (hidden.is_published, kept.is_published) == (False, True)


def test_publish_action_publishes_the_selected_organizations(client_as_boss):
    draft = factories.OrganizationFactory(is_published=False)
    data = {"action": "publish", "_selected_action": [str(draft.pk)]}
    client_as_boss.post(_url(Organization, "changelist"), data)
    draft.refresh_from_db()
    assert draft.is_published


def test_publish_action_reports_a_row_the_service_refuses(client_as_boss):
    """An edition held 'in the future' is refused by edition_save: it stays unpublished."""
    next_year = datetime.date.today().year + 1
    edition = factories.EditionFactory(
        is_published=False,
        status="held",
        year=next_year,
        start_date=datetime.date(next_year, 5, 10),
    )
    data = {"action": "publish", "_selected_action": [str(edition.pk)]}
    response = client_as_boss.post(_url(Edition, "changelist"), data, follow=True)
    edition.refresh_from_db()
    assert not edition.is_published
    assert any(m.level_tag == "error" for m in response.context["messages"])
