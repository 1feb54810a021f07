"""`manage.py load_scale_data`: the data set at scale, at a small size."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from forum.models import Edition
from forum.news.models import Article
from forum.registrations.models import Registration
from metrics.models import Indicator, Observation
from profiles.models import Milestone, Organization, Person, Role
from tests.factories import PersonFactory
from tests.helpers import sitemap_text

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]

SMALL = ["--people", "40"]


def load(*arguments):
    call_command("load_scale_data", *arguments, stdout=None)


def snapshot():
    return {
        "people": list(Person.objects.order_by("slug").values_list("slug", "name_zh", "name_en")),
        "organizations": list(
            Organization.objects.order_by("slug").values_list("slug", "name_zh", "name_en")
        ),
        "roles": list(
            Role.objects.order_by("person__slug", "organization__slug", "title_zh").values_list(
                "person__slug", "organization__slug", "title_zh"
            )
        ),
        "observations": list(
            Observation.objects.order_by("indicator__slug", "period_date").values_list(
                "indicator__slug", "period_date", "value"
            )
        ),
        "articles": list(Article.objects.order_by("slug").values_list("slug", "title_zh")),
        "registrations": list(
            Registration.objects.order_by("email").values_list("edition__number", "email", "name")
        ),
    }


class _Undo(Exception):
    pass


def test_the_proportions_of_the_full_size_at_a_small_one():
    load(*SMALL)

    assert Person.objects.count() == 40
    assert Organization.objects.count() == 20
    assert Role.objects.count() == 80
    assert Milestone.objects.count() == 40
    assert Indicator.objects.count() == 20
    assert Observation.objects.count() == 200
    assert Article.objects.published().count() == 8
    assert Edition.objects.count() == 10
    assert Registration.objects.count() == 80


def test_each_count_can_be_set_on_its_own():
    load("--people", "12", "--organizations", "3", "--registrations", "7", "--editions", "2")

    assert Person.objects.count() == 12
    assert Organization.objects.count() == 3
    assert Registration.objects.filter(edition__number=1).count() == 4
    assert Registration.objects.filter(edition__number=2).count() == 3


def test_names_are_bilingual():
    load(*SMALL)

    person = Person.objects.order_by("pk").first()
    assert not person.name_zh.isascii()
    assert " " in person.name_en
    assert person.name_en.replace("ü", "u").isascii()
    organization = Organization.objects.order_by("pk").first()
    assert organization.name_zh.startswith("上海")
    assert organization.name_en.startswith("Shanghai ")


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows():
    try:
        with transaction.atomic():
            load(*SMALL)
            first = snapshot()
            raise _Undo
    except _Undo:
        pass
    assert not Person.objects.exists()

    try:
        with transaction.atomic():
            load(*SMALL, "--seed", "7")
            other_seed = snapshot()
            raise _Undo
    except _Undo:
        pass

    load(*SMALL)
    assert snapshot() == first
    assert other_seed["people"] != first["people"]


def test_a_database_with_content_is_refused_and_left_as_it_was():
    PersonFactory()

    with pytest.raises(CommandError, match="already holds content"):
        load(*SMALL)

    assert Person.objects.count() == 1
    assert not Organization.objects.exists()


def test_a_second_run_is_refused():
    load(*SMALL)

    with pytest.raises(CommandError, match="already holds content"):
        load(*SMALL)

    assert Person.objects.count() == 40


@pytest.mark.parametrize("arguments", [["--people", "0"], ["--people", "5", "--articles", "0"]])
def test_counts_below_one_are_refused(arguments):
    with pytest.raises(CommandError, match="at least 1"):
        load(*arguments)

    assert not Person.objects.exists()


def test_the_public_pages_show_the_data_at_once(client, django_capture_on_commit_callbacks):
    sitemap_text(client)  # cached before the load

    with django_capture_on_commit_callbacks(execute=True):
        load(*SMALL)

    person = Person.objects.order_by("pk").first()
    assert f"/en/people/{person.slug}/" in sitemap_text(client)
    assert client.get(f"/en/people/{person.slug}/").status_code == 200
    article = Article.objects.order_by("pk").first()
    assert client.get(f"/zh-hans/news/{article.slug}/").status_code == 200
