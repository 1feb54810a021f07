"""Custom questions on an edition's registration form: the fields they add to the public form,
the answers checked against them (a required question only binds the categories it is asked
of), and how answers read in lists and exports. Answers are stored by registration_create, in
the registration's own transaction."""

from django import forms
from django.db import connection
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from config.common.content_cache import cached_answer

from .enums import AttendeeCategory
from .question_models import Answer, Question, QuestionKind

PREFIX = "question_"
TEXT_MAX = {QuestionKind.SHORT_TEXT: 200, QuestionKind.LONG_TEXT: 2000}


def edition_questions(edition):
    """The edition's questions in form order: one query, kept under the content version
    (config.common.content_cache), as the form asks for them on every submission."""
    return cached_answer(
        f"registration-questions:{edition.pk}",
        lambda: list(Question.objects.filter(edition_id=edition.pk).in_form_order()),
    )


def field_name(question):
    return f"{PREFIX}{question.pk}"


def _asked_of(question):
    labels = [
        str(AttendeeCategory(c).label) for c in question.categories if c in AttendeeCategory.values
    ]
    return ", ".join(labels)


def form_field(question):
    """The form field asking `question`. A question asked of some categories only is optional
    in the browser; clean_answers requires it of those categories."""
    required = question.required and not question.categories
    help_text = ""
    if question.categories:
        help_text = (
            _("Required for: %(categories)s") if question.required else _("For: %(categories)s")
        ) % {"categories": _asked_of(question)}
    common = {"label": question.label, "required": required, "help_text": help_text}
    kind = question.kind
    if kind in TEXT_MAX:
        widget = forms.Textarea(attrs={"rows": 3}) if kind == QuestionKind.LONG_TEXT else None
        return forms.CharField(max_length=TEXT_MAX[kind], widget=widget, **common)
    if kind == QuestionKind.SINGLE_CHOICE:
        return forms.TypedChoiceField(
            choices=question.options(), coerce=int, widget=forms.RadioSelect, **common
        )
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.TypedMultipleChoiceField(
            choices=question.options(),
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    return forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        **common,
    )


def add_fields(form, questions):
    form.questions = list(questions)
    for question in form.questions:
        form.fields[field_name(question)] = form_field(question)


def _blank(value):
    return value is None or value == "" or value == []


def clean_answers(form, category):
    """The answers of a valid form as [(question, value)], for the questions asked of
    `category`; a required one left blank is the field's error."""
    answers = []
    for question in getattr(form, "questions", []):
        name = field_name(question)
        if not question.applies_to(category):
            continue
        value = form.cleaned_data.get(name)
        if isinstance(value, str):
            value = value.strip()
        if _blank(value):
            if question.required and name not in form.errors:
                form.add_error(
                    name,
                    forms.ValidationError(
                        forms.Field.default_error_messages["required"], code="required"
                    ),
                )
            continue
        answers.append((question, value))
    return answers


def with_answers(queryset):
    """Registrations with their answers and questions fetched in one more query."""
    return queryset.prefetch_related(
        Prefetch("answers", queryset=Answer.objects.select_related("question"))
    )


def answer_text(registration, question):
    """What `registration` answered to `question`, as read (prefetched answers), or ""."""
    for answer in registration.answers.all():
        if answer.question_id == question.pk:
            return answer.display()
    return ""


def option_key_valid(question, key):
    """Whether `key` names one of `question`'s answers: "yes"/"no" for a yes-or-no question,
    an option's index for a choice question."""
    if question.kind == QuestionKind.YES_NO:
        return key in ("yes", "no")
    if question.kind in QuestionKind.with_options():
        return key.isdigit() and len(key) < 6 and int(key) in dict(question.options())
    return False


def answer_keys(question):
    """[(key, label)] of the answers a choice or yes-or-no question can have (for filters)."""
    if question.kind == QuestionKind.YES_NO:
        return [("yes", _("Yes")), ("no", _("No"))]
    return [(str(i), label) for i, label in question.options()]


def answers_matching(question, *, keys=(), contains=""):
    """The answers to `question` that are one of `keys` (option_key_valid; a multiple choice
    matches when any chosen option is among them) or, for a text question, contain `contains`
    (case-insensitive)."""
    answers = Answer.objects.filter(question=question)
    if question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        return answers.filter(value__icontains=contains) if contains else answers
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        return _answers_with_any_option(answers, {int(key) for key in keys})
    matching = Q(pk__in=[])
    for key in keys:
        if question.kind == QuestionKind.YES_NO:
            matching |= Q(value=key == "yes")
        else:
            matching |= Q(value=int(key))
    return answers.filter(matching)


def _answers_with_any_option(answers, options):
    if connection.features.supports_json_field_contains:
        matching = Q(pk__in=[])
        for option in options:
            matching |= Q(value__contains=[option])
        return answers.filter(matching)
    # SQLite has no JSON containment: read the (few, short) answers to this one question.
    chosen = [
        pk
        for pk, value in answers.values_list("pk", "value")
        if isinstance(value, list) and options.intersection(value)
    ]
    return answers.filter(pk__in=chosen)
