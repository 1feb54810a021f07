"""Drafts, review, scheduling, preview, history and recovery in a content model's admin.

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

History (`…/revisions/`) lists every revision with who, when, what and comment; compares any two
side by side; previews, shares (signed link), restores as a new draft, publishes or sends back.
A deleted item keeps its revisions: `…/deleted/` lists them and recovers one with its rows.
"""

import difflib

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.options import IS_POPUP_VAR, ActionLocation
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import links, preview, scheduling, serialization, services
from .enums import RevisionAction, RevisionStatus
from .exceptions import NotPending, StillExists
from .models import Revision
from .serialization import MissingLink

LANGUAGES = (("zh-hans", "中文"), ("en", "English"))
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


def english_label(action):
    with translation.override(None):
        return str(RevisionAction(action).label)


def log_entry(user, obj, action):
    """The action in Django's admin log, so the team's recent changes list it (the message
    is the action's English label, shown translated)."""
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=english_label(action),
        single_object=True,
    )


class DraftAdminMixin:
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

    # ---- history, compare, restore, review, recovery ----------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("deleted/", view(self.deleted_view), name=f"{prefix}_deleted"),
            path(
                "<path:object_id>/revisions/",
                view(self.revisions_view),
                name=f"{prefix}_revisions",
            ),
            path(
                "<path:object_id>/revisions/compare/",
                view(self.compare_view),
                name=f"{prefix}_revisions_compare",
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/preview/<str:language>/",
                view(self.revision_preview_view),
                name=f"{prefix}_revisions_preview",
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/<str:action>/",
                view(require_POST(self.revision_action_view)),
                name=f"{prefix}_revisions_action",
            ),
            *super().get_urls(),
        ]

    def _url(self, name, object_id, *args):
        info = self.opts.app_label, self.opts.model_name
        return reverse(f"admin:{info[0]}_{info[1]}_{name}", args=[quote(object_id), *args])

    def _change_url(self, pk):
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[quote(pk)]
        )

    def history_view(self, request, object_id, extra_context=None):
        return self.revisions_view(request, object_id)

    def _revisions_of(self, request, object_id):
        obj = self.model._default_manager.filter(pk=unquote(object_id)).first()
        if obj is not None and not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        if obj is None and not self.has_add_permission(request):
            raise PermissionDenied
        revisions = Revision.objects.for_key(self.model, unquote(object_id)).select_related("user")
        if obj is None and not revisions.exists():
            raise Http404
        return obj, revisions

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "can_publish": services.can_publish(request.user),
            "preview_languages": LANGUAGES if preview.can_preview(self.model) else (),
            **extra,
        }

    def revisions_view(self, request, object_id):
        obj, revisions = self._revisions_of(request, object_id)
        revisions = list(revisions)
        label = str(obj) if obj is not None else revisions[0].object_repr
        context = self._context(
            request,
            gettext("History of “%(item)s”") % {"item": label},
            object=obj,
            object_id=object_id,
            label=label,
            revisions=revisions,
            can_change=obj is not None and self.has_change_permission(request, obj),
            compare_url=self._url("revisions_compare", object_id),
            change_url=self._change_url(obj.pk) if obj is not None else "",
            preview_url_name=f"admin:{self.opts.app_label}_{self.opts.model_name}_revisions_preview",
            action_url_name=f"admin:{self.opts.app_label}_{self.opts.model_name}_revisions_action",
        )
        return TemplateResponse(request, "admin/revisions/revisions.html", context)

    def compare_view(self, request, object_id):
        _obj, revisions = self._revisions_of(request, object_id)
        try:
            a = revisions.get(pk=int(request.GET.get("a", "")))
            b = revisions.get(pk=int(request.GET.get("b", "")))
        except (ValueError, Revision.DoesNotExist):
            messages.error(request, gettext("Choose two revisions of this item to compare."))
            return HttpResponseRedirect(self._url("revisions", object_id))
        if a.created_at > b.created_at or (a.created_at == b.created_at and a.pk > b.pk):
            a, b = b, a
        context = self._context(
            request,
            gettext("Compare revisions of “%(item)s”") % {"item": b.object_repr},
            object_id=object_id,
            older=a,
            newer=b,
            rows=compare(self.model, a.content, b.content),
            revisions_url=self._url("revisions", object_id),
        )
        return TemplateResponse(request, "admin/revisions/compare.html", context)

    def revision_preview_view(self, request, object_id, revision_id, language):
        _obj, revisions = self._revisions_of(request, object_id)
        revision = get_object_or_404(revisions, pk=revision_id)
        if language not in dict(LANGUAGES) or not preview.can_preview(self.model):
            raise Http404
        try:
            return preview.render_content(request, self.model, revision.content, language)
        except (ValidationError, MissingLink):
            messages.error(request, gettext("This revision can no longer be shown."))
            return HttpResponseRedirect(self._url("revisions", object_id))

    def revision_action_view(self, request, object_id, revision_id, action):
        obj, revisions = self._revisions_of(request, object_id)
        revision = get_object_or_404(revisions, pk=revision_id)
        user, publisher = request.user, services.can_publish(request.user)
        back = self._url("revisions", object_id)
        comment = request.POST.get("comment", "").strip()
        try:
            if action == "restore" and obj is not None and self.has_change_permission(request, obj):
                services.restore(revision=revision, user=user)
                messages.success(request, gettext("Revision restored as a new draft."))
                log_entry(user, obj, RevisionAction.RESTORED)
                return HttpResponseRedirect(self._change_url(obj.pk))
            if action == "submit" and obj is not None and self.has_change_permission(request, obj):
                services.submit(revision=revision, user=user, comment=comment)
                messages.success(request, gettext("Draft submitted for review."))
                log_entry(user, obj, RevisionAction.SUBMITTED)
                return HttpResponseRedirect(back)
            if action == "publish" and obj is not None and publisher:
                applied = services.publish(revision=revision, user=user, comment=comment)
                log_entry(user, applied.obj, RevisionAction.PUBLISHED)
                messages.success(request, gettext("Published."))
                _report_left_out(request, applied)
                return HttpResponseRedirect(back)
            if action == "send_back" and obj is not None and publisher:
                services.send_back(revision=revision, user=user, comment=comment)
                log_entry(user, obj, RevisionAction.SENT_BACK)
                messages.success(request, gettext("Draft sent back to its author."))
                return HttpResponseRedirect(back)
            if action == "share" and preview.can_preview(self.model):
                language = request.POST.get("language", LANGUAGES[0][0])
                if language not in dict(LANGUAGES):
                    raise Http404
                link = request.build_absolute_uri(links.preview_path(revision, language))
                messages.success(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        gettext(
                            "Preview link for reviewers without an account (valid %(days)s days):"
                        )
                        % {"days": links.max_age_days()},
                        link,
                        link,
                    ),
                )
                return HttpResponseRedirect(back)
            if action == "recover" and obj is None and publisher:
                applied = services.recover(revision=revision, user=user)
                log_entry(user, applied.obj, RevisionAction.RECOVERED)
                messages.success(request, gettext("“%(item)s” recovered.") % {"item": applied.obj})
                _report_left_out(request, applied)
                return HttpResponseRedirect(self._change_url(applied.obj.pk))
        except NotPending:
            messages.error(request, gettext("This revision is no longer the item's draft."))
            return HttpResponseRedirect(back)
        except StillExists:
            messages.error(request, gettext("This item exists: restore a revision instead."))
            return HttpResponseRedirect(back)
        except (ValidationError, MissingLink) as refusal:
            messages.error(request, _refusal_text(refusal))
            return HttpResponseRedirect(back)
        raise PermissionDenied

    def deleted_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        deleted = Revision.objects.of_model(self.model).deleted().select_related("user")
        context = self._context(
            request,
            gettext("Deleted %(items)s") % {"items": self.opts.verbose_name_plural},
            deleted=[
                (revision, self._url("revisions", revision.object_id)) for revision in deleted
            ],
            action_url_name=f"admin:{self.opts.app_label}_{self.opts.model_name}_revisions_action",
        )
        return TemplateResponse(request, "admin/revisions/deleted.html", context)


def _clean_publish_at(form):
    at = form.cleaned_data.get("publish_at")
    if at is not None and at <= timezone.now():
        raise ValidationError(
            _("Choose a time in the future, or leave it blank to publish now."), code="past"
        )
    return at


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _refusal_text(refusal):
    if isinstance(refusal, MissingLink):
        return gettext("This revision links to rows that no longer exist: %(fields)s.") % {
            "fields": ", ".join(refusal.fields)
        }
    return " ".join(refusal.messages)


def _report_left_out(request, applied):
    if applied.left_out:
        messages.warning(
            request,
            gettext("Left out, because a row they link to no longer exists: %(rows)s")
            % {"rows": "; ".join(applied.left_out)},
        )


# ---- comparing two revisions ----------------------------------------------------------------


def _value_text(model_field, value):
    if value is None or value == "":
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return str(value)


def _diff(old, new):
    """(old parts, new parts): each a list of (text, changed) by character, so a changed word
    of Chinese text is marked, not the whole field."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    old_parts, new_parts = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if old[i1:i2]:
            old_parts.append((old[i1:i2], tag != "equal"))
        if new[j1:j2]:
            new_parts.append((new[j1:j2], tag != "equal"))
    return old_parts, new_parts


def compare(model, old, new):
    """Rows of the side-by-side comparison: the item's fields, then each related row (by its
    key), each with label, old and new parts and whether it changed."""
    rows = []
    old_fields, new_fields = old["object"]["fields"], new["object"]["fields"]
    for model_field in model._meta.get_fields():
        name = model_field.name
        if name == "created_at" or (name not in old_fields and name not in new_fields):
            continue
        rows.append(
            _row(
                str(getattr(model_field, "verbose_name", name)),
                _value_text(model_field, old_fields.get(name)),
                _value_text(model_field, new_fields.get(name)),
            )
        )
    for name in model.revision_related:
        related_model, _fk = serialization.related_descriptor(model, name)
        olds = {row["pk"]: row for row in old.get("related", {}).get(name, [])}
        news = {row["pk"]: row for row in new.get("related", {}).get(name, [])}
        for index, pk in enumerate(
            sorted(set(olds) | set(news), key=lambda key: (key is None, key)), 1
        ):
            label = f"{related_model._meta.verbose_name} {index}"
            rows.append(
                _row(
                    label,
                    _related_text(related_model, olds.get(pk)),
                    _related_text(related_model, news.get(pk)),
                )
            )
    return rows


def _related_text(model, data):
    if data is None:
        return ""
    parts = []
    for model_field in model._meta.concrete_fields:
        if model_field.name == "created_at":
            continue
        value = data["fields"].get(model_field.name)
        text = _value_text(model_field, value)
        if text and not model_field.many_to_one:
            parts.append(f"{model_field.verbose_name}: {text}")
        elif text:
            parts.append(f"{model_field.verbose_name}: #{text}")
    return "\n".join(parts)


def _row(label, old, new):
    old_parts, new_parts = _diff(old, new)
    return {"label": label, "old": old_parts, "new": new_parts, "changed": old != new}
