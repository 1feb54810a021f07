"""How the site search finds rows at scale, and stays right when content changes: the columns
PostgreSQL generates for it, and the words "Did you mean" draws on."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from config.common.language import pinyin_key
from config.revisions import scheduling, services
from forum.website.search import indexes, matching
from profiles.models import Organization, Person
from tests.factories import IndicatorFactory, OrganizationFactory, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]


def results(client, text, language="zh-hans"):
    response = client.get(f"/{language}/search/", {"q": text})
    assert response.status_code == 200
    return response.context["results"]


@pytest.mark.parametrize("text", ["沐", "沐曦", "ai", "A", "%", "_曦"])
def test_one_and_two_character_queries_find_what_contains_them(client, text):
    person = PersonFactory(name_zh="沐曦", name_en="Mu Xi", headline_en="AI founder")
    organization = OrganizationFactory(name_zh="沐曦股份", name_en="MetaX", short_name_en="A%_曦")
    indicator = IndicatorFactory(name_zh="沐曦营收", name_en="MetaX AI revenue")

    found = results(client, text)

    contains = {
        "沐": (person, organization, indicator),
        "沐曦": (person, organization, indicator),
        "ai": (person, indicator),
        "A": (person, organization, indicator),
        "%": (organization,),
        "_曦": (organization,),
    }[text]
    shown = [*found["people"], *found["organizations"], *found["indicators"]]
    assert set(shown) == set(contains)


def test_a_query_never_matches_across_two_texts(client):
    PersonFactory(name_zh="沐曦", name_en="Chen")

    assert results(client, "曦 Chen").groups == []


def test_a_change_written_without_save_is_found_at_once(client):
    person = PersonFactory(name_zh="陈伟", headline_zh="创始人")
    Person.objects.filter(pk=person.pk).update(name_zh="陈维良", headline_zh="首席科学家")

    assert results(client, "维良")["people"] == [person]
    assert results(client, "科学")["people"] == [person]
    assert results(client, "创始人").groups == []


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("column", "index"),
    [
        (matching.PERSON_NAME, "person_search_name"),
        (matching.PERSON_PINYIN, "person_search_pinyin"),
        (matching.PERSON_TEXT, "person_search_text"),
    ],
)
def test_two_character_queries_can_use_the_trigram_indexes(column, index):
    PersonFactory(name_zh="沐曦")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # The keys, as the search counts them: ordered, the rows could come from an order index.
        plan = Person.objects.filter(column.found("沐曦")).order_by().values("pk").explain()

    assert index in plan


# --- What is found follows publishing ---------------------------------------------------------


def test_an_item_unpublished_deleted_or_past_its_time_is_no_longer_found(
    client, django_capture_on_commit_callbacks
):
    unpublished = PersonFactory(name_zh="沐曦甲")
    deleted = PersonFactory(name_zh="沐曦乙")
    expiring = PersonFactory(
        name_zh="沐曦丙", expire_at=timezone.now() + datetime.timedelta(hours=1)
    )
    kept = PersonFactory(name_zh="沐曦丁")
    assert set(results(client, "沐曦")["people"]) == {unpublished, deleted, expiring, kept}

    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish(obj=unpublished)
        deleted.delete()
    Person.objects.filter(pk=expiring.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert results(client, "沐曦")["people"] == [kept]
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.run_schedule()
    assert results(client, "沐曦")["people"] == [kept]


# --- "Did you mean" follows the names on the site ---------------------------------------------


def suggestion(client, text):
    return results(client, text, "en").suggestion


def test_a_misspelling_is_suggested_the_word_of_a_name_as_written(client):
    OrganizationFactory(name_en="MetaX Integrated Circuits")

    assert suggestion(client, "metx") == "MetaX"
    assert suggestion(client, "Integrted circits") == "Integrated Circuits"
    assert suggestion(client, "xyzzy") == ""


def test_a_name_unpublished_or_deleted_is_no_longer_suggested(
    client, django_capture_on_commit_callbacks
):
    unpublished = OrganizationFactory(name_en="MetaX")
    deleted = PersonFactory(name_en="Minimax Founder")
    assert suggestion(client, "MetX") == "MetaX"
    assert suggestion(client, "minimx") == "Minimax"

    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish(obj=unpublished)
        deleted.delete()

    assert suggestion(client, "MetX") == ""
    assert suggestion(client, "minimx") == ""


def test_a_renamed_organization_is_suggested_by_its_new_name(
    client, django_capture_on_commit_callbacks
):
    organization = OrganizationFactory(name_en="MetaX")
    assert suggestion(client, "MetX") == "MetaX"

    organization.name_en = "MetaXa"
    with django_capture_on_commit_callbacks(execute=True):
        organization.save()

    assert suggestion(client, "MetX") == "MetaXa"


def test_a_name_past_its_unpublishing_time_is_no_longer_suggested(client, monkeypatch):
    at = timezone.now() + datetime.timedelta(hours=1)
    organization = OrganizationFactory(name_en="MetaX", expire_at=at)
    assert suggestion(client, "MetX") == "MetaX"

    # The time comes: the database's clock (published() compares with Now()) and this
    # process's, before the worker's job has taken the organization offline.
    type(organization).objects.filter(pk=organization.pk).update(
        expire_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    later = at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert suggestion(client, "MetX") == ""


def test_the_words_are_read_once_per_version_of_the_content(client, django_assert_num_queries):
    OrganizationFactory(name_en="MetaX")
    suggestion(client, "MetX")

    with django_assert_num_queries(0):
        assert indexes.vocabulary().closest("MetX") == "MetaX"


def test_a_one_character_query_found_as_typed_suggests_no_homophone(client):
    PersonFactory(name_zh="王欣")
    OrganizationFactory(name_zh="上海芯源科技有限公司")

    found = results(client, "芯")

    assert found.suggestion == ""


def test_the_data_set_at_scale_is_found_by_pinyin(client):
    call_command("load_scale_data", "--people", "40", stdout=io.StringIO())
    person = Person.objects.order_by("pk").first()
    organization = Organization.objects.order_by("pk").first()

    assert person.name_pinyin == pinyin_key(person.name_zh)
    assert person in results(client, person.name_pinyin)["people"]
    assert organization in results(client, organization.name_pinyin)["organizations"]


@pytest.mark.postgres
def test_english_text_matches_by_its_stem_also_after_a_change_without_save(client):
    person = PersonFactory(headline_en="Builds robots")
    organization = OrganizationFactory(description_en="Designs chips")
    Person.objects.filter(pk=person.pk).update(bio_en="She founded two companies.")

    assert results(client, "robot", "en")["people"] == [person]
    assert results(client, "company", "en")["people"] == [person]
    assert results(client, "chip design", "en")["organizations"] == [organization]
