"""Custom questions an edition asks on its registration form, and the registrants' answers.

Imported by models.py (Django finds the models there); the rules are in questions.py."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.common.language import EN, resolve_language
from config.common.models import (
    FieldCheckConstraint,
    FieldUniqueConstraint,
    TimeStampedModel,
    Translated,
)

from .enums import AttendeeCategory


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    YES_NO = "yes_no", _("Yes or no")

    @classmethod
    def with_options(cls):
        return [cls.SINGLE_CHOICE, cls.MULTIPLE_CHOICE]


class QuestionQuerySet(models.QuerySet):
    def in_form_order(self):
        return self.order_by("position", "pk")

    def for_category(self, category):
        """The questions asked of a registrant of `category` (all categories when none set)."""
        return [q for q in self if q.applies_to(category)]


class Question(TimeStampedModel):
    """One question of an edition's form: its kind, labels in both languages, its options
    (one a line, the same number in both languages), whether an answer is required, and the
    categories it is asked of (none: everyone)."""

    edition = models.ForeignKey(
        "forum.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="registration_questions",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    label_zh = models.CharField(_("question (Chinese)"), max_length=300)
    label_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    options_zh = models.TextField(
        _("options (Chinese)"), blank=True, help_text=_("For choices: one option a line.")
    )
    options_en = models.TextField(
        _("options (English)"),
        blank=True,
        help_text=_("The same options in the same order, one a line."),
    )
    required = models.BooleanField(_("answer required"), default=False)
    categories = models.JSONField(
        _("asked of"),
        default=list,
        blank=True,
        help_text=_("Attendee categories asked this question; none: everyone."),
    )

    label = Translated()

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["edition", "position", "pk"]
        constraints = [
            FieldCheckConstraint(
                condition=Q(kind__in=QuestionKind.values),
                name="registration_question_kind_valid",
                violation_error_field="kind",
                violation_error_message=_("Choose one of the kinds of question."),
                violation_error_code="invalid_question_kind",
            ),
            FieldCheckConstraint(
                condition=~Q(kind__in=QuestionKind.with_options()) | ~Q(options_zh=""),
                name="registration_question_choices_have_options",
                violation_error_field="options_zh",
                violation_error_message=_("A choice question needs its options."),
                violation_error_code="choices_without_options",
            ),
        ]

    def __str__(self):
        return self.label_zh

    def clean(self):
        english = _lines(self.options_en)
        if (
            self.kind in QuestionKind.with_options()
            and english
            and len(english) != len(_lines(self.options_zh))
        ):
            raise ValidationError(
                {
                    "options_en": _(
                        "Give as many English options as Chinese ones, in the same order."
                    )
                },
                code="options_mismatch",
            )
        unknown = set(self.categories or []) - set(AttendeeCategory.values)
        if unknown:
            raise ValidationError(
                {"categories": _("Choose attendee categories from the list.")},
                code="unknown_category",
            )

    def applies_to(self, category):
        return not self.categories or category in self.categories

    def options(self):
        """[(index, label)] in the active language (English falls back to Chinese)."""
        chinese = _lines(self.options_zh)
        english = _lines(self.options_en)
        if resolve_language() == EN and len(english) == len(chinese):
            return list(enumerate(english))
        return list(enumerate(chinese))


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Answer(models.Model):
    """A registrant's answer to one question. `value`: the text (short or long text), the
    option's index (single choice), the indexes (multiple choice), or true/false (yes or no).
    Personal data: deleted with the registration and on anonymization."""

    registration = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    value = models.JSONField(_("answer"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["question__position", "question_id"]
        constraints = [
            FieldUniqueConstraint(
                fields=["registration", "question"],
                name="registration_answer_unique",
                violation_error_field="question",
                violation_error_message=_("This question is already answered."),
                violation_error_code="question_answered",
            )
        ]

    def __str__(self):
        return self.display()

    def display(self):
        """The answer as a person reads it, in the active language."""
        question = self.question
        value = self.value
        if question.kind == QuestionKind.YES_NO:
            return str(_("Yes") if value else _("No"))
        if question.kind in QuestionKind.with_options():
            labels = dict(question.options())
            indexes = value if isinstance(value, list) else [value]
            return "; ".join(labels.get(i, "?") for i in indexes)
        return str(value)
