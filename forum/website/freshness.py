"""Which rows the cached public pages show: a committed save or delete of any of them draws a
new content version (config.common.content_cache), so every cached page and sitemap is built
afresh at its next request. Connected when the app is ready.

Whole apps are content, so a model added to one is covered without a word here. Every other
model is named in NOT_SHOWN with the reason; a test fails for a model in neither list.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from config.common.content_cache import content_changed

# Every model of these apps may appear on a public page (images: portraits, logos, photos).
SHOWN_APPS = ("images", "metrics", "profiles", "forum", "news")
# Models of other apps that public pages show: capacity and the registration window; the
# registration form (kept in the cache too, and read from it on every submission with the
# edition and its settings) also shows the privacy notice and the custom questions.
SHOWN_MODELS = (
    "registrations.RegistrationSettings",
    "registrations.PrivacyNotice",
    "registrations.Question",
)

NOT_SHOWN = {
    # Django's and third-party bookkeeping; easy-thumbnails records renditions while a page
    # renders, which changes nothing a page shows.
    "admin.LogEntry": "staff history",
    "auth.Permission": "staff accounts",
    "auth.Group": "staff accounts",
    "auth.User": "staff accounts",
    "contenttypes.ContentType": "bookkeeping",
    "sessions.Session": "sessions",
    "axes.AccessAttempt": "sign-in lockout",
    "axes.AccessLog": "sign-in lockout",
    "axes.AccessFailureLog": "sign-in lockout",
    "axes.AccessAttemptExpiration": "sign-in lockout",
    "django_tasks_database.DBTaskResult": "the worker's queue",
    "easy_thumbnails.Source": "rendition bookkeeping",
    "easy_thumbnails.Thumbnail": "rendition bookkeeping",
    "easy_thumbnails.ThumbnailDimensions": "rendition bookkeeping",
    # Drafts are not public until published, which saves the live row.
    "revisions.Revision": "drafts and history",
    # Written by the deletion it records, which draws a new version itself.
    "website.DeletedRow": "sitemap bookkeeping",
    # Registrations change "seats left" on the home and edition pages, which are cached only
    # briefly (PAGE_CACHE_BRIEF_SECONDS) instead: a new version at every registration would
    # empty the cache all through a registration rush.
    "registrations.Registration": "seats left: brief pages",
    # The seats taken, as the database's triggers keep them from the registrations above.
    "registrations.SeatTally": "seats left: brief pages",
    "registrations.CategoryQuota": "private",
    "registrations.RegistrationLogEntry": "private",
    "registrations.RegistrationEmail": "private",
    "registrations.CheckInList": "private",
    "registrations.CheckIn": "private",
    "registrations.RetiredCheckInCode": "private",
    "registrations.InvitationCode": "private",
    "registrations.Message": "private",
    "registrations.MessageAnswerFilter": "private",
    "registrations.Reminder": "private",
    "registrations.MessageOptOut": "private",
    "registrations.Answer": "private",
    "matchmaking.MatchmakingSettings": "matchmaking pages are private (ticket links)",
    "matchmaking.Round": "private",
    "matchmaking.Slot": "private",
    "matchmaking.Participant": "private",
    "matchmaking.ParticipantStage": "private",
    "matchmaking.MeetingRequest": "private",
}


def shown_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in SHOWN_APPS or model._meta.label in SHOWN_MODELS
    ]


def connect():
    for model in shown_models():
        uid = f"content-{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                content_changed, sender=field.remote_field.through, dispatch_uid=uid
            )
