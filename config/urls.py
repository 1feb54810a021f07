from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from .views import healthz

admin.site.site_header = _("Youth 50 Forum · editors' and organizers' desk")
admin.site.site_title = _("Youth 50 Forum admin")
admin.site.index_title = _("Content, figures and attendance")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
