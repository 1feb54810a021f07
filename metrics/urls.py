from django.urls import path

from . import views

app_name = "metrics"

urlpatterns = [
    path("", views.sector_list, name="sector_list"),
    path("sectors/<slug:slug>/", views.sector_detail, name="sector_detail"),
    path("indicators/<slug:slug>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<slug:slug>/chart.svg", views.indicator_chart, name="indicator_chart"),
    path("indicators/<slug:slug>/data.csv", views.indicator_csv, name="indicator_csv"),
]
