from django.urls import path

from . import views

app_name = "matchmaking"

urlpatterns = [
    path("ticket/<str:token>/meetings/", views.home, name="home"),
    path("ticket/<str:token>/meetings/profile/", views.profile, name="profile"),
    path("ticket/<str:token>/meetings/leave/", views.leave, name="leave"),
    path("ticket/<str:token>/meetings/browse/", views.browse, name="browse"),
    path("ticket/<str:token>/meetings/request/<int:pk>/", views.request_meeting, name="request"),
    path("ticket/<str:token>/meetings/answer/<int:pk>/", views.answer, name="answer"),
    path("ticket/<str:token>/meetings/cancel/<int:pk>/", views.cancel, name="cancel"),
    path("ticket/<str:token>/meetings/agenda.ics", views.agenda_ics, name="agenda_ics"),
]
