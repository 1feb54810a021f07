"""Header search, icons and manifest, share tags, hreflang x-default, JSON-LD names, copy."""

import json
import re

import pytest

from profiles.enums import MilestoneKind
from tests.factories import (
    EditionFactory,
    ForumFactory,
    IndicatorFactory,
    MilestoneFactory,
    ObservationFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
)
from tests.helpers import sitemap_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/zh-hans/", "/en/people/", "/en/figures/", "/zh-hans/search/"])
def test_every_page_has_the_header_search_box(client, path):
    html = client.get(path).content.decode()

    assert re.search(r'<form class="header-search" method="get" action="/[a-z-]+/search/"', html)
    assert 'id="header-search-q" name="q"' in html


def test_favicon_is_not_a_404(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith(".ico")


def test_pages_name_the_icons_and_the_manifest(client):
    html = client.get("/en/").content.decode()

    assert 'rel="apple-touch-icon"' in html
    assert '<link rel="manifest" href="/en/manifest.webmanifest">' in html


def test_the_manifest_is_in_the_page_language(client):
    data = json.loads(client.get("/zh-hans/manifest.webmanifest").content)

    assert data["short_name"] == "青年50人论坛"
    assert data["start_url"] == "/zh-hans/"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}


def test_every_page_has_share_tags(client):
    html = client.get("/en/figures/").content.decode()

    assert '<meta property="og:image" content="http://testserver/static/images/share.png">' in html
    assert '<meta property="og:locale:alternate" content="zh_CN">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_sitemap_x_default_is_the_address_the_pages_name(client):
    person = PersonFactory()

    xml = sitemap_text(client)
    html = client.get(f"/en/people/{person.slug}/").content.decode()

    default = f"http://testserver/zh-hans/people/{person.slug}/"
    assert f'<xhtml:link rel="alternate" hreflang="x-default" href="{default}"/>' in xml
    assert f'<link rel="alternate" hreflang="x-default" href="{default}">' in html
    assert f'hreflang="x-default" href="http://testserver/people/{person.slug}/"' not in xml


def test_json_ld_names_each_alternate_name_once(client):
    organization = OrganizationFactory(
        name_zh="稀宇科技", name_en="MiniMax", short_name_zh="MiniMax", short_name_en="MiniMax"
    )

    html = client.get(f"/zh-hans/organizations/{organization.slug}/").content.decode()
    data = json.loads(re.search(r'ld\+json">(.*?)</script>', html, re.S).group(1))

    assert data["alternateName"] == ["MiniMax"]


def test_a_milestone_whose_title_says_the_amount_does_not_repeat_it(client):
    MilestoneFactory(
        kind=MilestoneKind.FUNDING,
        title_en="Announces a Series D of nearly ¥1 billion",
        amount="10",
        amount_scale=100_000_000,
        amount_currency="CNY",
        amount_qualifier="nearly",
    )

    html = client.get("/en/").content.decode()

    assert html.count("nearly ¥1 billion") == 1


def test_one_participant_reads_singular_and_natural(client):
    edition = EditionFactory(forum=ForumFactory())
    ParticipationFactory(edition=edition, person=PersonFactory())

    html = client.get("/en/editions/").content.decode()

    assert "1 participant profiled on this site" in html
    assert "1 person" not in html


def test_the_figures_period_column_is_not_a_term_of_office(client):
    indicator = IndicatorFactory()
    ObservationFactory(indicator=indicator)

    page = client.get(f"/zh-hans/figures/indicators/{indicator.slug}/").content.decode()
    csv = client.get(f"/zh-hans/figures/indicators/{indicator.slug}/data.csv").content.decode()

    assert "任期" not in page
    assert "任期" not in csv
    assert "时间" in csv.splitlines()[0]


def test_the_chinese_no_results_hint_has_no_ascii_punctuation(client):
    html = client.get("/zh-hans/search/", {"q": "qqqqzzzz"}).content.decode()
    hint = html[html.index('class="empty"') : html.index("</div>", html.index('class="empty"'))]

    text = re.sub(r"<[^>]+>", "", hint)
    assert not re.search(r"[,.:;?!]", text)


def listed(client, address, rows):
    """The rows a list page shows, in order (its listing is read lazily by the template)."""
    return client.get(address).context["listing"]()[rows]


def test_chinese_pages_sort_names_by_pinyin_english_pages_by_latin_name(client):
    PersonFactory(name_zh="张伟", name_en="Zhang Wei")
    PersonFactory(name_zh="阿明", name_en="A Ming")
    PersonFactory(name_zh="陈维良", name_en="Chen Weiliang")
    OrganizationFactory(name_zh="中芯", name_en="SMIC")
    OrganizationFactory(name_zh="壁仞科技", name_en="Biren Technology")

    people_zh = [p.name_zh for p in listed(client, "/zh-hans/people/", "people")]
    people_en = [p.name_en for p in listed(client, "/en/people/", "people")]
    organizations_zh = [
        o.name_zh for o in listed(client, "/zh-hans/organizations/", "organizations")
    ]

    assert people_zh == ["阿明", "陈维良", "张伟"]  # by code point 张 would come first
    assert people_en == ["A Ming", "Chen Weiliang", "Zhang Wei"]
    assert organizations_zh == ["壁仞科技", "中芯"]
