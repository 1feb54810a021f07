from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("", views.home, name="home"),
    path("editions/", views.edition_list, name="edition_list"),
    path("editions/<int:number>/", views.edition_detail, name="edition_detail"),
    path("people/", views.person_list, name="person_list"),
    path("people/<slug:slug>/", views.person_detail, name="person_detail"),
    path("search/", views.search, name="search"),
]
