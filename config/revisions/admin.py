"""Drafts, review, scheduling and preview in a content model's admin change form.

`DraftAdminMixin` goes before ServiceAdmin on the ModelAdmin of a DraftStateMixin model. The
change form keeps its fields and inlines; its buttons say what a save does:

- **Save draft** (anyone who may change the item; every save of a user without the publish
  permission): the live row is left alone, the form's content — item and inline rows, as the
  services would save them — becomes the item's draft. A new item is created offline.
- **Submit for review**: the same, marked for a chief editor's review.
- **Save** (Django's buttons; users with `revisions.publish_revision` only): publishes — the
  form goes live. With "publish at" in the future, it is scheduled instead.
- **Send back** (publishers, on a draft): returns it to its author with the comment.
- **Preview (中文 / English)**: the public page as it would look, in a new tab; nothing saved.

While an item has a draft, its form shows the draft (written in a transaction that is rolled
back). How: the form's content is saved by the admin's usual path (services, inlines), read as a
revision, and the transaction rolled back — so a draft holds exactly what publishing will write.

History, comparison, restore and recovery are the views of `RevisionHistoryMixin`
(history_admin.py), which this mixin includes.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, ActionLocation
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import preview, scheduling, serialization, services
from .enums import RevisionStatus
from .history_admin import LANGUAGES, RevisionHistoryMixin, log_entry
from .models import Revision
from .serialization import MissingLink

DRAFT, SUBMIT, PUBLISH, SCHEDULE, SEND_BACK, PREVIEW = (
    "draft",
    "submit",
    "publish",
    "schedule",
    "send_back",
    "preview",
)
MODE_STATUS = {
    DRAFT: RevisionStatus.DRAFT,
    SUBMIT: RevisionStatus.IN_REVIEW,
    SEND_BACK: RevisionStatus.SENT_BACK,
    SCHEDULE: RevisionStatus.SCHEDULED,
}


class _Rollback(Exception):
    def __init__(self, response):
        super().__init__()
        self.response = response


def _render(response):
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    return response


class DraftAdminMixin(RevisionHistoryMixin):
    change_form_template = "admin/revisions/change_form.html"

    # ---- the form ---------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        fields = ["expire_at", "revision_comment"]
        if services.can_publish(request.user):
            fields.insert(0, "publish_at")
        return [*super().get_fieldsets(request, obj), (_("Publishing"), {"fields": fields})]

    def get_form(self, request, obj=None, **kwargs):
        base = kwargs.pop("form", self.form)
        attrs = {
            "revision_comment": forms.CharField(
                label=_("comment on this revision"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("What changed, or why a draft is sent back; kept in the history."),
            ),
            "publish_at": forms.SplitDateTimeField(
                label=_("publish at"),
                required=False,
                widget=admin.widgets.AdminSplitDateTime,
                help_text=_("Leave blank to publish now; a later time schedules the publication."),
            ),
            "clean_publish_at": _clean_publish_at,
        }
        kwargs["form"] = type(f"{self.model.__name__}DraftForm", (base,), attrs)
        return super().get_form(request, obj, **kwargs)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if not services.can_publish(request.user):
            actions.pop("publish", None)
            actions.pop("unpublish", None)
        return actions

    def message_user(self, request, message, *args, **kwargs):
        # Django's "changed successfully" would be untrue of a draft or a preview.
        if getattr(request, "_revisions", {}).get("mode") in (PUBLISH, None):
            super().message_user(request, message, *args, **kwargs)

    def _mode(self, request):
        post = request.POST
        publisher = services.can_publish(request.user)
        if "_preview" in post:
            return PREVIEW
        if "_submit" in post:
            return SUBMIT
        if "_send_back" in post and publisher:
            return SEND_BACK
        if "_save_draft" in post or not publisher:
            return DRAFT
        if post.get("publish_at_0"):
            return SCHEDULE
        return PUBLISH

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        publisher = services.can_publish(request.user)
        draft = services.pending_draft(obj) if obj is not None and obj.pk else None
        context.update(
            {
                "draft": draft,
                "can_publish": publisher,
                "preview_languages": LANGUAGES if preview.can_preview(self.model) else (),
                "show_save": publisher,
                "show_save_and_continue": publisher,
                "show_save_and_add_another": False,
                "revisions_url": self._url("revisions", obj.pk)
                if obj is not None and obj.pk
                else "",
            }
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # ---- saving -----------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        state = request._revisions
        if state["mode"] != PUBLISH and not change:
            obj.is_published = False  # a new item's draft is not live
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        state = request._revisions
        state["obj"] = form.instance
        state["comment"] = form.cleaned_data.get("revision_comment", "")
        state["publish_at"] = form.cleaned_data.get("publish_at")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            request._revisions = {"mode": None}
            if object_id is None:
                return super().changeform_view(request, object_id, form_url, extra_context)
            return self._with_draft(request, object_id, form_url, extra_context)
        mode = self._mode(request)
        request._revisions = state = {"mode": mode}
        if mode in (DRAFT, SUBMIT, SEND_BACK, SCHEDULE):
            # Stay on the form afterwards; and never read as a change-form action.
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"
        if mode == PUBLISH:
            return self._publish(request, object_id, form_url, extra_context)
        if mode == PREVIEW or object_id is not None:
            return self._not_live(request, object_id, form_url, extra_context)
        # A new item saved as a draft: its row is created offline, and its first revision.
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if "obj" in state:
            self._record_draft(
                request, state, state["obj"].pk, serialization.snapshot(state["obj"])
            )
            if IS_POPUP_VAR not in request.POST:  # a popup answers its opener as usual
                response = HttpResponseRedirect(self._change_url(state["obj"].pk))
        return response

    def _apply_draft(self, object_id):
        """Write the item's draft in the current transaction (the caller rolls it back, or
        commits it with the form's changes on top). A draft that no longer fits (its slug
        taken meanwhile, a link gone) is skipped: the form then starts from the live row."""
        if object_id is None:
            return None
        draft = Revision.objects.for_key(self.model, unquote(object_id)).pending().first()
        if draft is None:
            return None
        try:
            with transaction.atomic():
                serialization.apply(self.model, draft.content)
        except (ValidationError, MissingLink):
            return None
        return draft

    def _with_draft(self, request, object_id, form_url, extra_context):
        """GET: the form shows the draft (applied, read, rolled back)."""
        try:
            with transaction.atomic():
                self._apply_draft(object_id)
                response = super().changeform_view(request, object_id, form_url, extra_context)
                raise _Rollback(_render(response))
        except _Rollback as rollback:
            return rollback.response

    def _publish(self, request, object_id, form_url, extra_context):
        with transaction.atomic():
            self._apply_draft(object_id)
            response = super().changeform_view(request, object_id, form_url, extra_context)
            state = request._revisions
            if "obj" in state:
                obj = state["obj"]
                services.published(obj=obj, user=request.user, comment=state["comment"])
                if obj.expire_at is not None and obj.expire_at > timezone.now():
                    scheduling.queue_on_commit(obj.expire_at)  # offline on time
                else:
                    scheduling.ensure_running()
        return response

    def _not_live(self, request, object_id, form_url, extra_context):
        """Save the form in a transaction that is rolled back; keep what it wrote as a draft,
        or show it as the public page would."""
        state = request._revisions
        content = None
        try:
            with transaction.atomic():
                self._apply_draft(object_id)
                response = super().changeform_view(request, object_id, form_url, extra_context)
                if "obj" in state:
                    if state["mode"] == PREVIEW:
                        language = request.POST.get("_preview")
                        if language not in dict(LANGUAGES):
                            language = LANGUAGES[0][0]
                        response = preview.render_saved(request, state["obj"], language)
                    else:
                        content = serialization.snapshot(state["obj"])
                raise _Rollback(_render(response))
        except _Rollback as rollback:
            response = rollback.response
        if content is not None:
            obj = state["obj"]
            self._record_draft(request, state, obj.pk, content)
            response = HttpResponseRedirect(self._change_url(obj.pk))
        return response

    def _record_draft(self, request, state, pk, content):
        mode, user, comment = state["mode"], request.user, state["comment"]
        label = str(state["obj"])
        at = state["publish_at"] if mode == SCHEDULE else None
        with transaction.atomic():
            previous = Revision.objects.for_key(self.model, pk).pending().first()
            revision = services.save_draft(
                author=previous.author if previous is not None and mode == SEND_BACK else None,
                model=self.model,
                pk=pk,
                content=content,
                label=label,
                user=user,
                comment=comment,
                status=MODE_STATUS[mode],
                go_live_at=at,
            )
            if at is not None:
                scheduling.queue_on_commit(at)
            log_entry(user, state["obj"], revision.action)
        texts = {
            DRAFT: _("Draft saved. The public page still shows the published version."),
            SUBMIT: _("Draft submitted for review."),
            SEND_BACK: _("Draft sent back to its author."),
            SCHEDULE: _("Publication scheduled for %(time)s."),
        }
        text = texts[mode]
        if mode == SCHEDULE:
            text = text % {"time": _local(state["publish_at"])}
        messages.success(request, text)

    # ---- deleting ---------------------------------------------------------------------------

    def delete_model(self, request, obj):
        services.record_deletion(obj=obj, user=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.record_deletion(obj=obj, user=request.user)
        super().delete_queryset(request, queryset)


def _clean_publish_at(form):
    at = form.cleaned_data.get("publish_at")
    if at is not None and at <= timezone.now():
        raise ValidationError(
            _("Choose a time in the future, or leave it blank to publish now."), code="past"
        )
    return at


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
