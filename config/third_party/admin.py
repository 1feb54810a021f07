"""django-axes' and django-tasks-db's admin pages in the editor's language. Their models' and
fields' names pass through gettext, so the project's catalogue translates them (strings.py);
what these apps write as plain strings — a column named after its method, a display's
description, a message built with an f-string — no catalogue can reach, so it is named here,
on subclasses of their ModelAdmins that keep everything else."""

from axes.admin import AccessAttemptAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

admin.site.unregister(AccessAttempt)
admin.site.unregister(DBTaskResult)


@admin.register(AccessAttempt)
class SignInAttemptAdmin(AccessAttemptAdmin):
    @admin.display(description=_("Status"))
    def status(self, obj):
        return super().status(obj)

    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        # The handler reads the request's attempt time, which django-axes sets only on
        # sign-in requests: without it the action fails with an AttributeError.
        AxesProxyHandler.update_request(request)
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(
            request,
            ngettext(
                "Cleaned up %(count)d expired sign-in attempt.",
                "Cleaned up %(count)d expired sign-in attempts.",
                count,
            )
            % {"count": count},
        )


def _task_id_for_id(names):
    return type(names)("task_id" if name == "id" else name for name in names)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    # The primary key has no verbose name ("Id"): shown through a display that has one.
    list_display = _task_id_for_id(DBTaskResultAdmin.list_display)

    def get_readonly_fields(self, request, obj=None):
        return _task_id_for_id(super().get_readonly_fields(request, obj))

    @admin.display(description=_("task ID"), ordering="id")
    def task_id(self, obj):
        return obj.id

    @admin.display(description=_("task name"))
    def task_name(self, obj):
        return obj.task_name

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, obj):
        return super().formatted_traceback(obj)

    @admin.display(description=_("run after"))
    def display_run_after(self, obj):
        return super().display_run_after(obj)
