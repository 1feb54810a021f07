import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from forum.models import Edition, Forum, Participation, Track
from forum.news.models import Article, Tag
from forum.registrations.models import PrivacyNotice
from forum.website.models import DeletedRow
from metrics.formatting import format_observation
from metrics.models import Indicator, Observation, Sector, Source
from profiles.models import Milestone, Organization, Person, Quote, Role

pytestmark = pytest.mark.django_db

ARTICLE = (Path(__file__).parents[2] / "forum" / "demo" / "article.txt").read_text()
# The article breaks a few sentences across blank lines; facts quote them whole.
ARTICLE_FLAT = re.sub(r"\s*\n\s*", "", ARTICLE)

EXPECTED_COUNTS = {
    Source: 1,
    Sector: 17,
    Organization: 21,
    Person: 11,
    Role: 12,
    Quote: 39,
    Milestone: 17,
    Forum: 1,
    Edition: 7,
    Track: 3,
    Participation: 8,
    Indicator: 64,
    Observation: 82,
    Tag: 7,
    Article: 1,
}


def load():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {model: model.objects.count() for model in EXPECTED_COUNTS}


# Deleting in this order respects the PROTECT foreign keys (sources, sectors, forums).
SEED_MODELS_CHILDREN_FIRST = [
    Article,
    Tag,
    Participation,
    Track,
    Edition,
    Forum,
    Quote,
    Role,
    Milestone,
    Person,
    Observation,
    Indicator,
    Organization,
    Sector,
    Source,
]


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker, media):
    """Loads the seed once for this module (it takes seconds) on the empty test database. Each
    test then runs in a transaction that is rolled back, so tests may change rows; the module
    removes the seed rows at its end."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        before = counts()
        notices = set(PrivacyNotice.objects.values_list("pk", flat=True))
        deletions = set(DeletedRow.objects.values_list("pk", flat=True))
        output = load()
        yield {"before": before, "output": output, "after": counts()}
        for model in SEED_MODELS_CHILDREN_FIRST:
            if model is Sector:  # sub-sectors protect their parents
                Sector.objects.filter(parent__isnull=False).delete()
            model.objects.all().delete()
        # load_demo also opens demo registration, which may add the default privacy notice.
        PrivacyNotice.objects.exclude(pk__in=notices).delete()
        # The sitemap's record of those deletions would outlive the module too.
        DeletedRow.objects.exclude(pk__in=deletions).delete()


@pytest.fixture
def loaded(first_run, settings, media):
    settings.MEDIA_ROOT = media
    return first_run


def figure(slug, comparison="level", **filters):
    return Observation.objects.get(indicator__slug=slug, comparison=comparison, **filters)


# --- loading and idempotence ---------------------------------------------------------------


def test_loads_on_an_empty_database_with_exact_counts(loaded):
    assert set(loaded["before"].values()) == {0}
    assert loaded["after"] == EXPECTED_COUNTS


def test_reports_what_it_created(loaded):
    assert "people: created 11, kept 0 (now 11 in the database)" in loaded["output"]
    assert "observations: created 82, kept 0" in loaded["output"]


def test_second_run_creates_nothing_and_keeps_every_row(loaded):
    output = load()

    assert counts() == EXPECTED_COUNTS
    assert "created 0, kept 291" in output


def test_editors_change_survives_a_second_run(loaded):
    person = Person.objects.get(slug="chen-weiliang")
    person.headline_zh = "编辑改过的头衔"
    person.save()
    Observation.objects.filter(indicator__slug="shanghai-ic-industry-size").update(
        note_zh="编辑的说明"
    )

    load()

    assert Person.objects.get(slug="chen-weiliang").headline_zh == "编辑改过的头衔"
    assert figure("shanghai-ic-industry-size").note_zh == "编辑的说明"


def test_link_an_editor_removed_stays_removed(loaded):
    metax = Organization.objects.get(slug="metax")
    metax.sectors.clear()

    load()

    assert not metax.sectors.exists()


def test_a_deleted_seed_row_comes_back(loaded):
    Quote.objects.filter(person__slug="pang-guoqiang").delete()

    output = load()

    assert Quote.objects.filter(person__slug="pang-guoqiang").count() == 1
    assert "quotes: created 1, kept 38" in output


def test_the_demo_stores_no_files(loaded, media):
    """Portraits are the initials the pages draw, not generated PNG files."""
    load()

    assert not [p for p in media.rglob("*") if p.is_file()]


# --- provenance ----------------------------------------------------------------------------


def test_source_records_only_what_the_article_gives(loaded):
    source = Source.objects.get()

    assert source.title_zh == "创新引领时代，青春点燃梦想 在上海，看见未来"
    assert source.title_en
    assert (source.publisher_zh, source.publisher_en, source.published_on, source.url) == (
        "",
        "",
        None,
        "",
    )


def test_every_excerpt_is_a_sentence_of_the_article(loaded):
    excerpts = list(Observation.objects.values_list("excerpt", flat=True))
    excerpts += list(Milestone.objects.values_list("excerpt", flat=True))

    missing = [excerpt for excerpt in excerpts if not excerpt or excerpt not in ARTICLE_FLAT]

    assert missing == []


def test_every_quote_is_verbatim_from_the_article(loaded):
    texts = Quote.objects.values_list("text_zh", flat=True)

    missing = [text for text in texts if text not in ARTICLE_FLAT]

    assert missing == []


def test_every_quote_has_an_english_translation_and_context(loaded):
    incomplete = Quote.objects.filter(text_en="") | Quote.objects.filter(context_zh="")

    assert not incomplete.exists()


def test_every_person_has_a_role_a_headline_and_initials_for_a_portrait(loaded):
    for person in Person.objects.all():
        assert person.roles.exists(), person
        assert person.headline_zh, person
        assert person.name_en, person
        assert person.portrait is None, person
        assert len(person.initials) == 2, person


def test_participations_cite_the_article(loaded):
    assert not Participation.objects.filter(source__isnull=True).exists()


# --- a sample of exact facts ---------------------------------------------------------------


def test_ic_industry_size_is_over_4800_yi_in_2025(loaded):
    size = figure("shanghai-ic-industry-size")

    assert (size.value, size.scale, size.qualifier) == (Decimal("4800"), 100_000_000, "over")
    assert (size.period_date, size.period_precision) == (datetime.date(2025, 1, 1), "year")


def test_ic_industry_doubled_in_five_years(loaded):
    assert figure("shanghai-ic-industry-size", "multiple").value == 2


def test_ai_industry_grew_39_5_percent(loaded):
    growth = figure("shanghai-ai-industry-size", "yoy_growth")

    assert (growth.value, growth.qualifier) == (Decimal("39.5"), "exact")
    assert (growth.period_date, growth.period_precision) == (
        datetime.date(2025, 12, 31),
        "year_end",
    )


def test_metax_sold_over_55_thousand_gpus_by_end_2025(loaded):
    sales = figure("metax-gpu-sales")

    assert (sales.value, sales.scale, sales.qualifier) == (Decimal("5.5"), 10_000, "over")
    assert sales.period_precision == "year_end"
    assert sales.indicator.organizations.get().slug == "metax"


def test_minimax_serves_over_236_million_users(loaded):
    users = figure("minimax-users")

    assert (users.value, users.scale, users.indicator.count_noun_zh) == (
        Decimal("2.36"),
        100_000_000,
        "用户",
    )


def test_agibot_is_first_in_the_world_with_39_percent(loaded):
    assert figure("agibot-shipments").value == 5200
    assert figure("agibot-shipments", "share_of_world").value == 39
    assert figure("agibot-shipments", "rank_world").value == 1


def test_low_altitude_2028_figure_is_a_target(loaded):
    target = figure("shanghai-low-altitude-core-industry-size")

    assert (target.kind, target.value, target.period_date.year) == ("target", 800, 2028)


def test_private_foreign_trade_is_about_18106_yi(loaded):
    trade = figure("shanghai-private-foreign-trade")

    assert (trade.value, trade.qualifier) == (Decimal("18106"), "about")


def test_computing_power_share_is_nearly_10_percent(loaded):
    share = figure("shanghai-computing-power", "share_of_china")

    assert (share.value, share.qualifier) == (Decimal("10"), "nearly")


def test_little_giant_founders_under_40_are_at_least_seven_in_ten(loaded):
    share = figure("shanghai-little-giants-founders-under-40", "share_of_total")

    assert (share.value, share.qualifier) == (Decimal("70"), "at_least")


def test_patents_per_10000_people_end_of_13th_five_year_plan(loaded):
    earlier = figure("shanghai-high-value-patents-per-10000", period_precision="year_end")

    assert (earlier.value, earlier.period_date) == (Decimal("29.6"), datetime.date(2020, 12, 31))


def test_shanghai_ranks_fourth_in_the_world_first_in_china_for_ics(loaded):
    assert figure("shanghai-ic-competitiveness", "rank_world").value == 4
    assert figure("shanghai-ic-competitiveness", "rank_china").value == 1


def test_black_lake_nearly_1_billion_series_d_on_23_april_2026(loaded):
    round_d = Milestone.objects.get(organization__slug="black-lake", kind="funding")

    assert (round_d.amount, round_d.amount_scale, round_d.amount_qualifier) == (
        Decimal("10"),
        100_000_000,
        "nearly",
    )
    assert (round_d.round_name_zh, round_d.amount_currency) == ("D轮", "CNY")
    assert (round_d.date, round_d.date_precision) == (datetime.date(2026, 4, 23), "day")


def test_metax_listed_on_the_star_market_at_the_end_of_2025(loaded):
    listing = Milestone.objects.get(organization__slug="metax", kind="listing")

    assert (listing.exchange, listing.board) == ("sse", "star")
    assert (listing.date, listing.date_precision) == (datetime.date(2025, 12, 31), "year_end")


def test_iluvatar_listed_in_hong_kong_in_january_2026(loaded):
    listing = Milestone.objects.get(organization__slug="iluvatar-corex", kind="listing")

    assert (listing.exchange, listing.board) == ("hkex", "")
    assert (listing.date, listing.date_precision) == (datetime.date(2026, 1, 1), "month")


def test_biren_listing_has_no_invented_date_or_exchange(loaded):
    listing = Milestone.objects.get(organization__slug="biren", kind="listing")

    assert (listing.date, listing.exchange) == (None, "")


def test_neuroxess_implant_in_october_2025(loaded):
    implant = Milestone.objects.get(organization__slug="neuroxess")

    assert (implant.date, implant.date_precision) == (datetime.date(2025, 10, 1), "month")


def test_sixth_edition_on_10_may_2025_at_shanghai_tower_with_three_tracks(loaded):
    sixth = Edition.objects.get(number=6)

    assert (sixth.start_date, sixth.start_precision) == (datetime.date(2025, 5, 10), "day")
    assert (sixth.venue_zh, sixth.venue_en, sixth.status) == ("上海中心", "Shanghai Tower", "held")
    assert list(sixth.tracks.values_list("name_zh", flat=True)) == [
        "人工智能",
        "生命健康",
        "前沿科技",
    ]


def test_editions_run_yearly_from_2020_and_the_seventh_is_announced(loaded):
    years = dict(Edition.objects.values_list("number", "year"))
    seventh = Edition.objects.get(number=7)

    assert years == {n: 2019 + n for n in range(1, 8)}
    assert (seventh.status, seventh.start_date) == ("announced", None)


def test_early_editions_have_no_invented_dates(loaded):
    assert not Edition.objects.filter(number__lt=6, start_date__isnull=False).exists()


def test_forum_figures_are_linked_to_the_forum(loaded):
    forum = Forum.objects.get(slug="youth50")
    alumni = figure("youth50-alumni")

    assert forum.founded_year == 2020
    assert forum.indicators.filter(slug="youth50-alumni").exists()
    assert (alumni.value, alumni.qualifier) == (Decimal("2500"), "over")
    assert figure("youth50-non-party-members", "share_of_total").value == Decimal("89.4")
    assert figure("youth50-average-age").value == Decimal("38.6")


def test_sixth_edition_figures_are_linked_to_the_edition(loaded):
    sixth = Edition.objects.get(number=6)

    assert set(sixth.indicators.values_list("slug", flat=True)) == {
        "youth50-6th-investors",
        "youth50-6th-startup-projects",
    }


def test_nan_yi_took_part_in_every_edition_from_the_first_to_the_sixth(loaded):
    numbers = Participation.objects.filter(person__slug="nan-yi").values_list(
        "edition__number", flat=True
    )

    assert sorted(numbers) == [1, 2, 3, 4, 5, 6]


def test_nan_yi_founded_huantai_energy_storage_in_2021(loaded):
    role = Role.objects.get(person__slug="nan-yi", organization__slug="huantai-energy-storage")

    assert (role.is_founder, role.start_date) == (True, datetime.date(2021, 1, 1))
    assert Person.objects.get(slug="nan-yi").roles.count() == 2


def test_zhu_meiping_honours_and_her_department(loaded):
    zhu = Person.objects.get(slug="zhu-meiping")
    role = zhu.roles.get()

    assert "2024年度上海市科学技术奖获奖者" in zhu.honours_zh
    assert (role.organization.name_zh, role.organization.parent.short_name_zh) == (
        "共工部",
        "上海光机所",
    )


def test_metax_is_rooted_in_pudong_and_black_lake_has_no_invented_founding_year(loaded):
    assert Organization.objects.get(slug="metax").district == "pudong"
    assert Organization.objects.get(slug="black-lake").founded_year is None


def test_headline_figures(loaded):
    headline = set(Indicator.objects.filter(is_headline=True).values_list("slug", flat=True))

    assert {"shanghai-ic-industry-size", "shanghai-ai-industry-size"} <= headline
    assert 4 <= len(headline) <= 6


def test_sectors_nest_gpu_under_integrated_circuits(loaded):
    assert Sector.objects.get(slug="gpu").parent.slug == "integrated-circuits"


def test_chen_weiliang_pudong_quote_keeps_the_3_to_5_year_cycle_as_words(loaded):
    quote = Quote.objects.get(person__slug="chen-weiliang", context_zh="谈浦东的全周期支持")

    assert quote.text_zh.startswith("GPU芯片从设计到量产需要3—5年周期")
    assert not Observation.objects.filter(excerpt__contains="3—5年周期").exists()


def test_tracks_link_the_ai_track_to_its_sector(loaded):
    assert Track.objects.get(slug="artificial-intelligence").sector.slug == (
        "artificial-intelligence"
    )


def test_one_third_of_ai_talent_keeps_the_published_fraction(loaded):
    share = figure("shanghai-ai-talent", "share_of_china")

    assert (share.value, share.qualifier, share.share_denominator) == (
        Decimal("33.3333"),
        "exact",
        3,
    )
    with translation.override("zh-hans"):
        assert format_observation(share) == "占全国1/3"
    with translation.override("en"):
        assert format_observation(share) == "1/3 of China's total"


# --- the seed article is the first news article ---------------------------------------------


def _seed_article():
    return Article.objects.get(slug="innovation-leads-the-era-in-shanghai-see-the-future")


def _text_of(html):
    return re.sub(r"<[^>]+>|\s", "", html)


def test_seed_article_is_published_with_its_full_chinese_text(loaded):
    article = _seed_article()
    title, body = ARTICLE.strip().split("\n", 1)

    assert article.is_published
    assert article.title_zh == title.strip()
    # Every character of the article past its title, in order, nothing added.
    assert _text_of(article.body_zh) == re.sub(r"\s", "", body)
    assert article.body_zh.count("<h2>") == 3
    # The paragraphs the file breaks mid-sentence are whole again.
    assert "<p>截至2025年底，上海拥有394家规模以上人工智能企业，汇聚全国1/3的AI人才" in (
        article.body_zh
    )


def test_seed_article_standfirst_is_a_sentence_of_the_article(loaded):
    assert _seed_article().standfirst_zh in ARTICLE_FLAT


def test_seed_article_has_an_english_summary_and_names_its_source(loaded):
    article = _seed_article()

    assert article.body_en_is_summary
    assert "MetaX" in article.body_en
    assert article.source == Source.objects.get()
    assert article.title_en == article.source.title_en


def test_seed_article_links_every_person_organization_edition_and_figure(loaded):
    article = _seed_article()

    assert set(article.people.all()) == set(Person.objects.all())
    assert set(article.organizations.all()) == set(Organization.objects.all())
    assert set(article.editions.all()) == set(Edition.objects.all())
    assert set(article.indicators.all()) == set(Indicator.objects.all())
    assert article.tags.count() == 7


def test_seed_article_mentions_each_person_and_organization_it_links(loaded):
    article = _seed_article()

    for person in article.people.all():
        assert person.name_zh in ARTICLE_FLAT, person
    for organization in article.organizations.all():
        names = [organization.name_zh, organization.short_name_zh]
        assert any(name and name in ARTICLE_FLAT for name in names), organization


def test_seed_article_summary_states_only_figures_of_the_article(loaded):
    summary = _seed_article().body_en
    for figure_text, article_text in [
        ("55,000", "5.5万颗"),
        ("480 billion yuan", "4800亿元"),
        ("236 million", "2.36亿用户"),
        ("637 billion yuan", "6370亿元"),
        ("39.5%", "39.5%"),
        ("5,200 units", "5200台"),
        ("251 start-ups", "251家"),
        ("2,500", "2500多名"),
        ("10 May 2025", "去年5月10日"),
        ("40,000 factories", "近4万家工厂客户"),
        ("6,000 patent applications", "6000项"),
        ("65% ahead", "65%的优势"),
    ]:
        assert figure_text in summary
        assert article_text in ARTICLE_FLAT
