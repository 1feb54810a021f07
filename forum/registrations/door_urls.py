"""Organizers' door pages, under /<language>/organizers/ (staff only, never in a sitemap)."""

from django.urls import path

from . import door_views

app_name = "checkin"

urlpatterns = [
    path("editions/<int:edition_id>/check-in/", door_views.checkin_page, name="page"),
    path(
        "editions/<int:edition_id>/check-in/counts/",
        door_views.checkin_counts_json,
        name="counts",
    ),
    path(
        "editions/<int:edition_id>/check-in/lists/<int:list_id>/",
        door_views.checkin_page,
        name="list_page",
    ),
    path(
        "editions/<int:edition_id>/check-in/lists/<int:list_id>/counts/",
        door_views.checkin_counts_json,
        name="list_counts",
    ),
    path(
        "editions/<int:edition_id>/check-in/lists/<int:list_id>/undo/",
        door_views.checkin_undo_view,
        name="undo",
    ),
    path(
        "editions/<int:edition_id>/check-in/lists/<int:list_id>/offline.json",
        door_views.checkin_offline_list,
        name="offline_list",
    ),
    path(
        "editions/<int:edition_id>/check-in/lists/<int:list_id>/sync/",
        door_views.checkin_offline_sync,
        name="offline_sync",
    ),
    path("editions/<int:edition_id>/badges/", door_views.badges, name="badges"),
    path(
        "editions/<int:edition_id>/badges/<int:registration_id>/",
        door_views.badge,
        name="badge",
    ),
]
