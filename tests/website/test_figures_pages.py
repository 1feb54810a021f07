"""Figures pages: sector index, sector, indicator, chart and CSV, in both languages."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from metrics.enums import Comparison, ObservationKind, Qualifier, Scale, Unit
from tests.factories import (
    IndicatorFactory,
    ObservationFactory,
    SectorFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def url(name, language="zh-hans", **kwargs):
    with translation.override(language):
        return reverse(f"website:{name}", kwargs=kwargs or None)


@pytest.fixture
def ic_size():
    """上海集成电路产业规模: 2020 and 2025, with a cited source."""
    sector = SectorFactory(name_zh="集成电路", name_en="Integrated circuits", slug="ic")
    indicator = IndicatorFactory(
        sector=sector,
        name_zh="上海集成电路产业规模",
        name_en="Shanghai IC industry size",
        slug="shanghai-ic-size",
        unit=Unit.CNY,
    )
    source = SourceFactory(
        title_zh="创新引领时代", title_en="Innovation leads the era", url="https://example.org/a"
    )
    ObservationFactory(
        indicator=indicator,
        period_date=datetime.date(2020, 1, 1),
        value=Decimal("2400"),
        scale=Scale.YI,
        source=source,
    )
    ObservationFactory(
        indicator=indicator,
        period_date=datetime.date(2025, 1, 1),
        value=Decimal("4800"),
        scale=Scale.YI,
        qualifier=Qualifier.OVER,
        source=source,
        excerpt="2025年，上海集成电路产业规模突破4800亿元",
    )
    return indicator


def many_observations(indicator, count=55):
    for offset in range(count):
        ObservationFactory(
            indicator=indicator,
            period_date=datetime.date(1950 + offset, 1, 1),
            value=Decimal(100 + offset),
            scale=Scale.YI,
        )


def count_queries(client, path):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


# Sector index


def test_sector_index_lists_sectors_hierarchically_with_indicators(client, ic_size):
    SectorFactory(name_zh="GPU", name_en="GPUs", slug="gpu", parent=ic_size.sector)

    html = client.get(url("sector_list", "en")).content.decode()

    assert "Integrated circuits" in html
    assert '<a class="tag" href="/en/figures/sectors/gpu/">GPUs</a>' in html  # sub-sector
    assert "GPUs" in html
    assert "Shanghai IC industry size" in html
    assert "over ¥480 billion" in html


def test_sector_index_in_chinese_shows_figures_as_published(client, ic_size):
    html = client.get(url("sector_list")).content.decode()

    assert "超过4800亿元" in html
    assert "2025年" in html


def test_sector_index_hides_unpublished_sectors_and_indicators(client, ic_size):
    SectorFactory(name_en="Hidden sector", is_published=False)
    IndicatorFactory(sector=ic_size.sector, name_en="Hidden indicator", is_published=False)

    html = client.get(url("sector_list", "en")).content.decode()

    assert "Hidden sector" not in html
    assert "Hidden indicator" not in html


def test_sector_index_when_nothing_is_published(client):
    response = client.get(url("sector_list", "en"))

    assert response.status_code == 200
    assert "No figures have been published yet." in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Sectors without figures yet"), ("zh-hans", "尚无数据的领域")]
)
def test_sector_index_names_sectors_without_figures_apart_not_as_empty_cards(
    client, ic_size, language, heading
):
    SectorFactory(name_zh="量子计算", name_en="Quantum computing", slug="quantum")
    empty_child = SectorFactory(name_zh="光刻", name_en="Lithography", parent=ic_size.sector)

    html = client.get(url("sector_list", language)).content.decode()

    cards, _, apart = html.partition(heading)
    assert apart, "no list of sectors without figures"
    assert f'href="/{language}/figures/sectors/quantum/"' in apart
    assert "quantum" not in cards
    assert "0 figures" not in html
    assert "0项数据" not in html
    assert empty_child.get_absolute_url() in cards  # a sub-sector stays in its parent's card
    assert "sector-card" in cards  # the sector with figures keeps its card


def test_sector_index_when_no_sector_has_figures_yet(client):
    SectorFactory(name_en="Quantum computing")

    html = client.get(url("sector_list", "en")).content.decode()

    assert "No figures have been published yet." in html
    assert "Sectors without figures yet" in html
    assert "sector-card" not in html


def test_sector_index_query_count_is_constant(client, ic_size):
    few = count_queries(client, url("sector_list"))
    for _ in range(55):
        IndicatorFactory(sector=SectorFactory(parent=ic_size.sector))
    many_observations(ic_size)

    assert count_queries(client, url("sector_list")) == few <= 4


# Sector page


def test_sector_page_shows_its_indicators_as_cards(client, ic_size):
    html = client.get(url("sector_detail", "en", slug="ic")).content.decode()

    assert "<h1>Integrated circuits</h1>" in html
    assert "figure-card" in html
    assert "over ¥480 billion" in html
    assert "Innovation leads the era" in html


def test_sector_page_breadcrumbs_and_sub_sectors(client, ic_size):
    child = SectorFactory(name_en="GPUs", slug="gpu", parent=ic_size.sector)
    SectorFactory(name_en="Chiplets", slug="chiplets", parent=child)

    html = client.get(url("sector_detail", "en", slug="gpu")).content.decode()

    assert 'href="/en/figures/sectors/ic/"' in html
    assert 'href="/en/figures/sectors/chiplets/"' in html


def test_unpublished_sector_is_404(client):
    SectorFactory(slug="draft", is_published=False)

    assert client.get(url("sector_detail", slug="draft")).status_code == 404


def test_unknown_sector_is_404(client):
    assert client.get(url("sector_detail", slug="nope")).status_code == 404


def test_sector_page_query_count_is_constant(client, ic_size):
    few = count_queries(client, url("sector_detail", slug="ic"))
    many_observations(ic_size)
    for _ in range(55):
        IndicatorFactory(sector=ic_size.sector)

    # 5 for the figures, 3 for the organizations and people of the sector (none here).
    assert count_queries(client, url("sector_detail", slug="ic")) == few <= 8


# Indicator page


def test_indicator_page_has_chart_table_unit_and_scope(client, ic_size):
    html = client.get(url("indicator_detail", "en", slug=ic_size.slug)).content.decode()

    assert '<img src="/en/figures/indicators/shanghai-ic-size/chart.svg"' in html
    assert "the table below gives every value" in html
    assert "<caption>" in html
    assert "yuan (¥)" in html
    assert "Shanghai" in html
    assert "¥480 billion" in html
    assert "2025年，上海集成电路产业规模突破4800亿元" in html
    assert 'href="https://example.org/a"' in html
    assert "data.csv" in html


def test_indicator_page_in_chinese(client, ic_size):
    html = client.get(url("indicator_detail", slug=ic_size.slug)).content.decode()

    assert "4800亿元" in html
    assert "超过" in html
    assert "2020年" in html


def test_indicator_with_one_period_shows_a_card_and_no_chart(client):
    observation = ObservationFactory(
        indicator=IndicatorFactory(unit=Unit.PERCENT, slug="share"),
        value=Decimal("39.5"),
        comparison=Comparison.LEVEL,
    )

    html = client.get(url("indicator_detail", "en", slug="share")).content.decode()

    assert "chart.svg" not in html
    assert "figure-hero" in html
    assert "39.5%" in html
    assert observation.source.title_en in html


def test_indicator_target_reads_expected(client):
    ObservationFactory(
        indicator=IndicatorFactory(slug="low-altitude"),
        period_date=datetime.date(2028, 1, 1),
        value=Decimal("800"),
        scale=Scale.YI,
        kind=ObservationKind.TARGET,
    )

    html = client.get(url("indicator_detail", "en", slug="low-altitude")).content.decode()

    assert "expected ¥80 billion" in html


def test_unpublished_indicator_is_404(client):
    IndicatorFactory(slug="draft", is_published=False)

    assert client.get(url("indicator_detail", slug="draft")).status_code == 404


def test_indicator_of_unpublished_sector_is_404(client):
    IndicatorFactory(slug="hidden", sector=SectorFactory(is_published=False))

    assert client.get(url("indicator_detail", slug="hidden")).status_code == 404


def test_indicator_page_query_count_is_constant(client, ic_size):
    few = count_queries(client, url("indicator_detail", slug=ic_size.slug))
    many_observations(ic_size)

    assert count_queries(client, url("indicator_detail", slug=ic_size.slug)) == few <= 3


def test_indicator_page_has_canonical_and_hreflang(client, ic_size):
    html = client.get(url("indicator_detail", "en", slug=ic_size.slug)).content.decode()

    assert (
        '<link rel="canonical" href="http://testserver/en/figures/indicators/shanghai-ic-size/">'
        in html
    )
    assert 'hreflang="zh-hans" href="http://testserver/zh-hans/figures/indicators/' in html


@pytest.mark.parametrize(
    "query", ["?page=abc", "?x=%00", "?q=<script>", "?measure=' OR 1=1", "?lang=xx&&&"]
)
@pytest.mark.parametrize("name", ["sector_list", "indicator_detail", "chart", "csv"])
def test_garbage_parameters_never_500(client, ic_size, name, query):
    path = {
        "sector_list": url("sector_list"),
        "indicator_detail": url("indicator_detail", slug=ic_size.slug),
        "chart": url("indicator_chart", slug=ic_size.slug),
        "csv": url("indicator_csv", slug=ic_size.slug),
    }[name]

    # A NUL is refused before any view (the site's 400 page); other garbage is ignored.
    assert client.get(path + query).status_code == (400 if "%00" in query else 200)


def test_post_is_not_allowed(client, ic_size):
    assert client.post(url("indicator_detail", slug=ic_size.slug)).status_code == 405


# Chart


def test_chart_is_an_svg_image_without_script(client, ic_size):
    response = client.get(url("indicator_chart", "en", slug=ic_size.slug))

    body = response.content.decode()
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "<svg" in body
    assert "<script" not in body
    assert "over ¥480 billion" in body


def test_chart_csp_allows_its_inline_style_and_no_script(client, ic_size):
    response = client.get(url("indicator_chart", slug=ic_size.slug))

    policy = response["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy
    assert "default-src 'none'" in policy
    assert "script-src" not in policy


def test_page_csp_stays_strict(client, ic_size):
    response = client.get(url("indicator_detail", slug=ic_size.slug))

    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_chart_of_a_single_period_is_404(client):
    ObservationFactory(indicator=IndicatorFactory(slug="single"))

    assert client.get(url("indicator_chart", slug="single")).status_code == 404


def test_chart_of_unpublished_indicator_is_404(client):
    indicator = IndicatorFactory(slug="draft", is_published=False)
    ObservationFactory(indicator=indicator)
    ObservationFactory(indicator=indicator)

    assert client.get(url("indicator_chart", slug="draft")).status_code == 404


def test_chart_failure_answers_503_without_breaking(client, ic_size, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("forum.website.views.indicator_chart_svg", broken)

    response = client.get(url("indicator_chart", slug=ic_size.slug))

    assert response.status_code == 503
    assert "shanghai-ic-size" in caplog.text


def test_chart_query_count_is_constant(client, ic_size):
    few = count_queries(client, url("indicator_chart", slug=ic_size.slug))
    many_observations(ic_size)

    assert count_queries(client, url("indicator_chart", slug=ic_size.slug)) == few <= 2


# CSV


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_is_utf8_with_bom_and_named_after_the_slug(client, ic_size):
    response = client.get(url("indicator_csv", slug=ic_size.slug))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="shanghai-ic-size-zh-hans.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")


def test_csv_has_one_row_per_observation_in_the_page_language(client, ic_size):
    rows = read_csv(client.get(url("indicator_csv", "en", slug=ic_size.slug)))

    assert rows[0][:3] == ["Indicator", "Period", "Figure"]
    assert len(rows) == 3
    assert rows[2][1:4] == ["2025", "over ¥480 billion", "4800"]
    assert rows[2][5] == "480000000000"


def test_csv_in_chinese_keeps_chinese_text(client, ic_size):
    rows = read_csv(client.get(url("indicator_csv", slug=ic_size.slug)))

    assert rows[2][0] == "上海集成电路产业规模"
    assert rows[2][2] == "超过4800亿元"


def test_csv_neutralizes_formulas(client, ic_size):
    ObservationFactory(
        indicator=ic_size, period_date=datetime.date(2030, 1, 1), excerpt="=HYPERLINK(1)"
    )

    rows = read_csv(client.get(url("indicator_csv", slug=ic_size.slug)))

    assert rows[-1][-1] == "'=HYPERLINK(1)"


def test_csv_of_unpublished_indicator_is_404(client):
    IndicatorFactory(slug="draft", is_published=False)

    assert client.get(url("indicator_csv", slug="draft")).status_code == 404


def test_csv_query_count_is_constant(client, ic_size):
    few = count_queries(client, url("indicator_csv", slug=ic_size.slug))
    many_observations(ic_size)

    assert count_queries(client, url("indicator_csv", slug=ic_size.slug)) == few <= 2


def test_narrow_chart_for_phones(client, ic_size):
    wide = client.get(url("indicator_chart", slug=ic_size.slug)).content.decode()
    narrow = client.get(url("indicator_chart", slug=ic_size.slug) + "?size=narrow")

    assert 'viewBox="0 0 800 420"' in wide
    assert 'viewBox="0 0 420 440"' in narrow.content.decode()


def test_indicator_page_offers_the_narrow_chart_to_phones(client, ic_size):
    html = client.get(url("indicator_detail", slug=ic_size.slug)).content.decode()

    assert 'media="(max-width: 40rem)" srcset="/zh-hans/figures/indicators/' in html


def test_observation_note_is_shown_with_the_figure(client, ic_size):
    ObservationFactory(
        indicator=ic_size,
        period_date=datetime.date(2025, 1, 1),
        comparison=Comparison.MULTIPLE,
        value=Decimal("2"),
        note_zh="五年间",
        note_en="in five years",
    )

    html = client.get(url("indicator_detail", "en", slug=ic_size.slug)).content.decode()

    assert "doubled <span" in html
    assert "(in five years)" in html


def test_chinese_excerpt_on_an_english_page_is_marked_as_chinese(client, ic_size):
    html = client.get(url("indicator_detail", "en", slug=ic_size.slug)).content.decode()

    assert '<blockquote class="data-table__excerpt" lang="zh-hans">' in html


def test_sector_index_shows_every_figure_of_the_latest_period(client, ic_size):
    ObservationFactory(
        indicator=ic_size,
        period_date=datetime.date(2025, 1, 1),
        comparison=Comparison.RANK_WORLD,
        value=Decimal("4"),
    )

    html = client.get(url("sector_list", "en")).content.decode()

    assert "over ¥480 billion</span>; <span" in html
    assert "4th in the world" in html


def test_card_shows_targets_beyond_the_latest_actual_figure(client, ic_size):
    ObservationFactory(
        indicator=ic_size,
        period_date=datetime.date(2028, 1, 1),
        value=Decimal("8000"),
        scale=Scale.YI,
        kind=ObservationKind.TARGET,
    )

    html = client.get(url("sector_detail", "en", slug="ic")).content.decode()

    assert "over ¥480 billion" in html
    assert "expected ¥800 billion · 2028" in html


def test_published_sector_under_an_unpublished_one_stays_reachable(client):
    hidden = SectorFactory(name_en="Hidden parent", is_published=False)
    SectorFactory(name_en="Visible child", slug="visible-child", parent=hidden)

    html = client.get(url("sector_list", "en")).content.decode()

    assert "Hidden parent" not in html
    assert 'href="/en/figures/sectors/visible-child/"' in html


def test_unpublished_parent_is_left_out_of_breadcrumbs(client):
    hidden = SectorFactory(name_en="Hidden parent", is_published=False)
    SectorFactory(name_en="Visible child", slug="visible-child", parent=hidden)

    html = client.get(url("sector_detail", "en", slug="visible-child")).content.decode()

    assert "Hidden parent" not in html


def test_a_sector_page_lists_its_organizations_and_their_people(client):
    from tests.factories import OrganizationFactory, PersonFactory, RoleFactory

    parent = SectorFactory(name_en="Integrated circuits", slug="ic")
    gpu = SectorFactory(name_en="GPUs", slug="gpu", parent=parent)
    metax = OrganizationFactory(name_en="MetaX")
    metax.sectors.add(gpu)
    RoleFactory(organization=metax, person=PersonFactory(name_en="Chen Weiliang"))
    OrganizationFactory(name_en="Elsewhere")
    OrganizationFactory(name_en="Draft", is_published=False).sectors.add(gpu)

    def page():
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url("sector_detail", "en", slug="ic")).content.decode()
        return html, len(captured)

    html, queries = page()
    assert "MetaX" in html
    assert "Chen Weiliang" in html
    assert "Elsewhere" not in html
    assert "Draft" not in html
    for _ in range(5):
        organization = OrganizationFactory()
        organization.sectors.add(gpu)
        RoleFactory(organization=organization)
    assert page()[1] == queries


# At scale: the index shows counts and a few figures per sector, the sector page a page at a time


def test_sector_index_shows_a_count_and_the_first_figures_of_a_big_sector(client, ic_size):
    for number in range(40):
        IndicatorFactory(sector=ic_size.sector, name_en=f"Figure {number:02}", order=number + 1)

    html = client.get(url("sector_list", "en")).content.decode()

    assert "41 figures" in html
    assert "All 41 figures of Integrated circuits" in html
    assert "Shanghai IC industry size" in html  # order 0 comes first
    assert "Figure 01" in html
    assert "Figure 02" not in html  # three per card


def test_sector_index_previews_sub_sectors_when_the_sector_has_few_figures(client, ic_size):
    gpu = SectorFactory(name_en="GPUs", parent=ic_size.sector)
    IndicatorFactory(sector=gpu, name_en="GPU shipments")

    html = client.get(url("sector_list", "en")).content.decode()

    assert "2 figures" in html
    assert "GPU shipments" in html


def test_sector_page_lists_indicators_a_page_at_a_time(client, ic_size):
    for number in range(30):
        IndicatorFactory(sector=ic_size.sector, name_en=f"Figure {number:02}", order=number + 1)

    first = client.get(url("sector_detail", "en", slug="ic")).content.decode()
    second = client.get(url("sector_detail", "en", slug="ic") + "?page=2").content.decode()

    assert first.count('class="card figure-card"') == 24
    assert second.count('class="card figure-card"') == 7
    assert "?page=2" in first
    assert "Figure 29" in second


def test_a_big_sector_page_shows_some_members_and_links_to_all(client):
    from tests.factories import OrganizationFactory, RoleFactory

    sector = SectorFactory(name_en="Robots", slug="robots")
    for _ in range(14):
        organization = OrganizationFactory()
        organization.sectors.add(sector)
        RoleFactory(organization=organization)

    html = client.get(url("sector_detail", "en", slug="robots")).content.decode()

    assert html.count('<li class="card">') == 24  # 12 organizations and 12 people
    assert 'href="/en/organizations/?sector=robots"' in html
    assert 'href="/en/people/?sector=robots"' in html
