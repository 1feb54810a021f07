from django.urls import path

from . import views

app_name = "profiles"

urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/<slug:slug>/", views.person_detail, name="person_detail"),
    path("organizations/", views.organization_list, name="organization_list"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization_detail"),
]
