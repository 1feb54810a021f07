from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from forum.website.sitemaps import SITEMAPS
from forum.website.views import robots_txt

from .revisions.views import shared_preview
from .views import healthz


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the static icon."""
    return HttpResponsePermanentRedirect(static_url("icons/favicon.ico"))


admin.site.site_header = _("Youth 50 Forum · editors' and organizers' desk")
admin.site.site_title = _("Youth 50 Forum admin")
admin.site.index_title = _("Content, figures and attendance")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("preview/<str:token>/", shared_preview, name="revisions_preview"),
    path("favicon.ico", favicon, name="favicon"),
    path(
        "sitemap.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

# The public site: Chinese under /zh-hans/, English under /en/; "/" redirects by language.
urlpatterns += i18n_patterns(
    path("", include("forum.website.urls")),
    path("organizers/", include("forum.registrations.door_urls", namespace="checkin")),
    path(
        "organizers/messages/",
        include("forum.registrations.message_urls", namespace="registrant_messages"),
    ),
    path("", include("forum.registrations.urls", namespace="registration")),
    prefix_default_language=True,
)

handler400 = "config.views.bad_request"
handler500 = "config.views.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
