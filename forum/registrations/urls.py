from django.urls import path

from . import message_views, verification_views, views

app_name = "registration"

urlpatterns = [
    path("editions/<int:number>/register/", views.register, name="register"),
    path("register/sent/", views.sent, name="sent"),
    path("register/privacy/", views.privacy_notice, name="privacy_notice"),
    path("register/privacy/<str:version>/", views.privacy_notice, name="privacy_notice_version"),
    path("ticket/<str:token>/", views.ticket, name="ticket"),
    path("ticket/<str:token>/qr.svg", views.qr_svg, name="qr"),
    path("ticket/<str:token>/calendar.ics", views.calendar, name="calendar"),
    path("ticket/<str:token>/cancel/", views.cancel, name="cancel"),
    path("ticket/<str:token>/my-data.json", views.data_export, name="data"),
    path("ticket/<str:token>/delete/", views.delete, name="delete"),
    path("ticket/<str:token>/messages/", message_views.opt_out, name="messages_opt_out"),
    path("register/deleted/", views.deleted, name="deleted"),
    path(
        "register/confirm/<str:token>/",
        verification_views.confirm_email,
        name="confirm_email",
    ),
]
