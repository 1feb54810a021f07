"""The issue's search examples on the demo content, on whichever database the tests run
(run them with DATABASE_URL=postgres://… for PostgreSQL: same answers)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]


@pytest.fixture
def demo(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO())


def search(client, text, language="en"):
    response = client.get(f"/{language}/search/", {"q": text})
    assert response.status_code == 200
    return response


def slugs(results, kind):
    return [item.slug for item in results[kind]]


def test_robotics_finds_the_sector_and_its_companies(client, demo):
    results = search(client, "Robotics").context["results"]

    assert "robotics" in slugs(results, "sectors")
    assert {"flexiv"} <= set(slugs(results, "organizations"))
    assert not results.suggestion


def test_gpu_finds_the_gpu_companies_first_and_the_figures(client, demo):
    results = search(client, "GPU").context["results"]

    organizations = slugs(results, "organizations")
    assert "metax" in organizations
    assert len(organizations) >= 4
    assert len(results["indicators"]) > 1


def test_a_company_name_finds_the_people_at_it(client, demo):
    results = search(client, "沐曦", "zh-hans").context["results"]

    assert slugs(results, "people") == ["chen-weiliang"]
    assert slugs(results, "organizations")[0] == "metax"
    assert not results.suggestion


def test_pinyin_finds_a_chinese_name(client, demo):
    results = search(client, "chen weiliang", "zh-hans").context["results"]

    assert slugs(results, "people")[0] == "chen-weiliang"


@pytest.mark.parametrize(
    ("typed", "meant", "organization"),
    [("MetX", "MetaX", "metax"), ("minimx", "MiniMax", "minimax")],
)
def test_a_latin_misspelling_suggests_and_searches_the_name(
    client, demo, typed, meant, organization
):
    response = search(client, typed)
    results = response.context["results"]

    assert results.suggestion == meant
    assert results.corrected
    assert organization in slugs(results, "organizations")
    assert f'Did you mean <a href="/en/search/?q={meant}">{meant}</a>?' in (
        response.content.decode()
    )


def test_a_chinese_homophone_suggests_the_written_name(client, demo):
    response = search(client, "沐熙", "zh-hans")
    results = response.context["results"]

    assert results.suggestion == "沐曦"
    assert slugs(results, "organizations")[0] == "metax"
    assert "您是不是要找" in response.content.decode()


def test_results_are_grouped_with_counts(client, demo):
    response = search(client, "GPU")
    results = response.context["results"]
    page = response.content.decode()

    for group in results.groups:
        assert f'id="{group.kind}-results">{group.label} <span class="count">{group.count}' in page
    assert results.total == sum(group.count for group in results.groups)


def test_an_empty_query_shows_a_helpful_page(client, demo):
    response = client.get("/en/search/", {"q": ""})
    page = response.content.decode()

    assert response.status_code == 200
    assert "For example:" in page
    assert "/en/figures/sectors/" in page
    assert "/en/editions/7/" in page


def test_nonsense_suggests_nothing(client, demo):
    results = search(client, "qqqqzzzz").context["results"]

    assert results.groups == []
    assert results.suggestion == ""


def test_the_query_count_is_fixed(client, demo):
    with CaptureQueriesContext(connection) as captured:
        search(client, "GPU")

    assert len(captured) <= 20
