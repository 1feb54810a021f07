"""History, comparison, restore, review and recovery of a content model's revisions in its admin.

History (`…/revisions/`) lists every revision with who, when, what and comment; compares any two
side by side; previews, shares (signed link), restores as a new draft, publishes or sends back.
A deleted item keeps its revisions: `…/deleted/` lists them and recovers one with its rows.
Part of `DraftAdminMixin` (admin.py).
"""

from django.contrib import messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from . import links, preview, services
from .comparison import compare
from .enums import RevisionAction
from .exceptions import NotPending, StillExists
from .models import Revision
from .serialization import MissingLink

LANGUAGES = (("zh-hans", "中文"), ("en", "English"))


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


class RevisionHistoryMixin:
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
