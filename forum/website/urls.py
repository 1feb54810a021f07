from django.urls import path

from config.common.page_cache import cached_page

from . import feeds, outcome_views, share_views, views

app_name = "website"

urlpatterns = [
    path("", views.home, name="home"),
    path("editions/", views.edition_list, name="edition_list"),
    path("editions/calendar.ics", views.editions_calendar, name="editions_calendar"),
    path("editions/<int:number>/", views.edition_detail, name="edition_detail"),
    path(
        "editions/<int:number>/share.png",
        share_views.edition_share_image,
        name="edition_share_image",
    ),
    path("editions/<int:number>/calendar.ics", views.edition_calendar, name="edition_calendar"),
    path("people/", views.person_list, name="person_list"),
    path("people/<slug:slug>/", views.person_detail, name="person_detail"),
    path("people/<slug:slug>/share.png", share_views.person_share_image, name="person_share_image"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization_detail"),
    path(
        "organizations/<slug:slug>/share.png",
        share_views.organization_share_image,
        name="organization_share_image",
    ),
    path("figures/", views.sector_list, name="sector_list"),
    path("figures/sectors/<slug:slug>/", views.sector_detail, name="sector_detail"),
    path("figures/indicators/<slug:slug>/", views.indicator_detail, name="indicator_detail"),
    path("figures/indicators/<slug:slug>/chart.svg", views.indicator_chart, name="indicator_chart"),
    path(
        "figures/indicators/<slug:slug>/share.png",
        share_views.indicator_share_image,
        name="indicator_share_image",
    ),
    path("figures/indicators/<slug:slug>/data.csv", views.indicator_csv, name="indicator_csv"),
    path("news/", views.article_list, name="article_list"),
    path("news/feed.rss", cached_page(feeds.LatestArticlesRss()), name="news_feed_rss"),
    path("news/feed.atom", cached_page(feeds.LatestArticlesAtom()), name="news_feed_atom"),
    path(
        "news/tags/<slug:slug>/feed.rss", cached_page(feeds.TagArticlesRss()), name="tag_feed_rss"
    ),
    path(
        "news/tags/<slug:slug>/feed.atom",
        cached_page(feeds.TagArticlesAtom()),
        name="tag_feed_atom",
    ),
    path("news/<slug:slug>/", views.article_detail, name="article_detail"),
    path("search/", views.search, name="search"),
    path("manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("outcomes/", outcome_views.outcomes, name="outcomes"),
    path("outcomes/chart.svg", outcome_views.outcomes_chart, name="outcomes_chart"),
    path(
        "editions/<int:number>/outcomes/", outcome_views.edition_outcomes, name="edition_outcomes"
    ),
]
