"""Organizers' messages to registrants, under /<language>/organizers/messages/ (the send-message
permission; Editors have none), and the registrant's opt-out page behind their private link.

The rules live in messaging.py; these views only translate them."""

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forum.models import Edition

from . import messaging, selectors
from . import questions as custom_questions
from .decorators import private
from .enums import AttendeeCategory, RegistrationStatus
from .exceptions import RegistrationError
from .message_mail import PLACEHOLDERS
from .message_models import Message, MessageAnswerFilter, MessageKind
from .question_models import Question, QuestionKind

TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)

SEND_MESSAGE = "registrations.send_message"


def organizers_only(view):
    staff_only = login_required(
        permission_required(SEND_MESSAGE, raise_exception=True)(view),
        login_url=reverse_lazy("admin:login"),
    )
    return private(staff_only, posts_form=True)


class MessageForm(forms.ModelForm):
    statuses = forms.MultipleChoiceField(
        label=gettext_lazy("Statuses"),
        choices=[
            (RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED.label),
            (RegistrationStatus.WAITLISTED, RegistrationStatus.WAITLISTED.label),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("None chosen: confirmed and waiting list."),
    )
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("Categories"),
        choices=AttendeeCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("None chosen: every category."),
    )

    class Meta:
        model = Message
        fields = (
            "edition",
            "statuses",
            "categories",
            "checked_in",
            "subject_zh",
            "body_zh",
            "subject_en",
            "body_en",
        )
        widgets = {
            "checked_in": forms.RadioSelect,
            "body_zh": forms.Textarea(attrs={"rows": 8}),
            "body_en": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = Edition.objects.select_related("forum").order_by(
            "-year", "-number"
        )
        self.fields["checked_in"].required = False
        self.fields["subject_zh"].required = True
        self.fields["body_zh"].required = True


class AnswerFilterForm(forms.Form):
    """One condition on the answers to one question (a message's conditions must all match)."""

    question = forms.ModelChoiceField(
        label=gettext_lazy("Question"),
        queryset=Question.objects.all(),
        required=False,
        help_text=gettext_lazy(
            "Only registrants who answered this question of the edition as below."
        ),
    )
    options = forms.MultipleChoiceField(
        label=gettext_lazy("Answers"),
        required=False,
        help_text=gettext_lazy(
            "For a choice or yes-or-no question: registrants who gave one of these answers."
        ),
    )
    contains = forms.CharField(
        label=gettext_lazy("Answer contains"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For a text question: registrants whose answer contains this text."),
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [
            ("", gettext_lazy("Any answers")),
            *((q.pk, f"{q.edition.title_with_year} · {q.label}") for q in questions),
        ]
        self.fields["options"].choices = [
            (
                f"{q.edition.title_with_year} · {q.label}",
                [(f"{q.pk}:{key}", label) for key, label in custom_questions.answer_keys(q)],
            )
            for q in questions
            if q.kind not in TEXT_KINDS
        ]

    def clean(self):
        cleaned = super().clean()
        question = cleaned.get("question")
        options = cleaned.get("options") or []
        contains = cleaned.get("contains", "")
        cleaned["keys"] = [option.partition(":")[2] for option in options]
        if question is None:
            if options or contains:
                self.add_error("question", _("Choose the question these answers are to."))
            return cleaned
        if question.kind in TEXT_KINDS:
            if options:
                self.add_error("options", _("A text question is filtered by its text."))
            elif not contains:
                self.add_error("contains", _("Write the text the answers are to contain."))
        elif contains:
            self.add_error("contains", _("Choose the answers of a choice question."))
        elif not options or any(not option.startswith(f"{question.pk}:") for option in options):
            self.add_error("options", _("Choose one or more answers to this question."))
        return cleaned


class BaseAnswerFilterFormSet(forms.BaseFormSet):
    """The message's conditions on answers: at most one per question, each to a question of the
    message's edition (`edition`, set from the message's form before validating)."""

    edition = None

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, form_kwargs={"questions": questions}, **kwargs)

    def clean(self):
        seen = set()
        for form in self.forms:
            question = getattr(form, "cleaned_data", {}).get("question")
            if question is None:
                continue
            if self.edition is not None and question.edition_id != self.edition.pk:
                form.add_error("question", _("Choose a question of the message's edition."))
            elif question.pk in seen:
                form.add_error("question", _("This question already has a condition."))
            seen.add(question.pk)

    def answer_filters(self):
        """The conditions as unsaved MessageAnswerFilter rows (empty rows left out)."""
        return [
            MessageAnswerFilter(
                question=form.cleaned_data["question"],
                keys=form.cleaned_data["keys"],
                contains=form.cleaned_data["contains"],
            )
            for form in self.forms
            if form.cleaned_data.get("question") is not None
        ]


AnswerFilterFormSet = forms.formset_factory(
    AnswerFilterForm, formset=BaseAnswerFilterFormSet, extra=2, max_num=20, validate_max=True
)


def answer_filter_formset(data, message):
    """The conditions' forms: the message's own conditions, then empty rows for more."""
    questions = list(
        Question.objects.select_related("edition__forum").order_by(
            "-edition__year", "-edition__number", "position", "pk"
        )
    )
    initial = [
        {
            "question": condition.question_id,
            "options": [f"{condition.question_id}:{key}" for key in condition.keys],
            "contains": condition.contains,
        }
        for condition in (message.answer_filters.all() if message is not None else ())
    ]
    return AnswerFilterFormSet(data, prefix="answers", initial=initial, questions=questions)


@organizers_only
@require_safe
def message_list(request):
    sent_or_drafts = messaging.messages_with_counts(
        Message.objects.select_related("edition__forum", "reminder")
    ).order_by("-created_at", "-pk")[:100]
    return render(request, "registrations/messages/list.html", {"message_list": sent_or_drafts})


@organizers_only
@require_http_methods(["GET", "HEAD", "POST"])
def message_compose(request, message_id=None):
    message = None
    if message_id is not None:
        message = get_object_or_404(
            Message.objects.prefetch_related("answer_filters"),
            pk=message_id,
            kind=MessageKind.MESSAGE,
        )
        if message.sent_at is not None:
            return redirect("registrant_messages:detail", message_id=message.pk)
    form = MessageForm(request.POST or None, instance=message)
    conditions = answer_filter_formset(request.POST or None, message)
    if request.method == "POST":
        form_valid = form.is_valid()
        conditions.edition = form.cleaned_data.get("edition")
        if conditions.is_valid() and form_valid:
            try:
                saved = messaging.message_save(
                    message=form.save(commit=False),
                    answer_filters=conditions.answer_filters(),
                    by=request.user,
                )
            except RegistrationError as refusal:
                form.add_error(None, str(refusal.message))
            else:
                return redirect("registrant_messages:detail", message_id=saved.pk)
    return render(
        request,
        "registrations/messages/compose.html",
        {
            "form": form,
            "conditions": conditions,
            "message": message,
            "placeholders": PLACEHOLDERS,
        },
    )


@organizers_only
@require_safe
def message_detail(request, message_id):
    message = get_object_or_404(
        Message.objects.select_related(
            "edition__forum", "reminder", "created_by", "sent_by"
        ).prefetch_related("answer_filters__question"),
        pk=message_id,
    )
    context = {"message": message}
    if message.sent_at is None:
        recipients = messaging.message_recipients(message)
        context["recipient_count"] = recipients.count()
        chosen = None
        recipient = request.GET.get("recipient", "")
        if recipient.isdigit() and len(recipient) < 18:
            chosen = recipients.select_related("edition").filter(pk=recipient).first()
        context["preview"] = messaging.message_preview(message, registration=chosen)
        context["search"] = request.GET.get("search", "")[:100]
        context["candidates"] = messaging.preview_candidates(message, context["search"])
    else:
        context["counts"] = messaging.delivery_counts(message)
    return render(request, "registrations/messages/detail.html", context)


@organizers_only
@require_POST
def message_send(request, message_id):
    message = get_object_or_404(Message, pk=message_id, kind=MessageKind.MESSAGE)
    try:
        sent = messaging.message_send(message=message, by=request.user)
    except RegistrationError as refusal:
        flash.error(request, str(refusal.message))
    else:
        flash.success(
            request,
            _("Sending to %(count)d registrants: the counts below follow the delivery.")
            % {"count": sent.recipient_count},
        )
    return redirect("registrant_messages:detail", message_id=message.pk)


@organizers_only
@require_safe
def message_counts(request, message_id):
    message = get_object_or_404(Message, pk=message_id)
    counts = messaging.delivery_counts(message)
    return JsonResponse({**vars(counts), "done": counts.done})


# --- The registrant's side ---------------------------------------------------------------------


@csrf_exempt  # one-click unsubscribe (RFC 8058) posts from the mail provider; the token is the key
@private(posts_form=True)
@require_http_methods(["GET", "HEAD", "POST"])
def opt_out(request, token):
    """Opt out of (or back into) organizers' messages and reminders; ticket e-mails still go."""
    registration = selectors.registration_by_token(token)
    if registration is None:
        raise Http404
    if request.method == "POST":
        if request.POST.get("choice") == "in":
            messaging.messages_opt_in(registration=registration)
            flash.success(request, _("You will receive the organizers' messages again."))
        else:
            messaging.messages_opt_out(registration=registration)
            flash.success(
                request,
                _("Done: no more messages or reminders. Your ticket e-mails still come."),
            )
        return redirect("registration:messages_opt_out", token=token)
    opted_out = hasattr(registration, "message_opt_out")
    return render(
        request,
        "registrations/opt_out.html",
        {"registration": registration, "opted_out": opted_out},
    )
