"""Organizers' messages to registrants, under /<language>/organizers/messages/."""

from django.urls import path

from . import message_views

app_name = "registrant_messages"

urlpatterns = [
    path("", message_views.message_list, name="list"),
    path("new/", message_views.message_compose, name="new"),
    path("<int:message_id>/", message_views.message_detail, name="detail"),
    path("<int:message_id>/edit/", message_views.message_compose, name="edit"),
    path("<int:message_id>/send/", message_views.message_send, name="send"),
    path("<int:message_id>/counts/", message_views.message_counts, name="counts"),
]
