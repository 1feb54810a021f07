"""Organizers' admin for an edition's custom questions, the answers on a registration's page,
and the registration list's filter by answer."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _

from config.common.admin import TIMESTAMP_FIELDS

from .enums import AttendeeCategory
from .question_models import Answer, Question, QuestionKind
from .questions import answer_keys, answers_matching, option_key_valid


class QuestionForm(forms.ModelForm):
    categories = forms.TypedMultipleChoiceField(
        label=_("asked of"),
        choices=AttendeeCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: everyone."),
    )

    class Meta:
        model = Question
        fields = (
            "edition",
            "position",
            "kind",
            "label_zh",
            "label_en",
            "options_zh",
            "options_en",
            "required",
            "categories",
        )


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionForm
    list_display = ("label_zh", "label_en", "edition", "kind", "required", "asked_of", "position")
    list_filter = (("edition", admin.RelatedOnlyFieldListFilter), "kind", "required")
    list_select_related = ("edition__forum",)
    search_fields = ("label_zh", "label_en")
    autocomplete_fields = ("edition",)
    ordering = ("edition", "position", "pk")
    readonly_fields = TIMESTAMP_FIELDS

    @admin.display(description=_("asked of"))
    def asked_of(self, obj):
        if not obj.categories:
            return _("Everyone")
        return ", ".join(str(AttendeeCategory(c).label) for c in obj.categories)

    def get_readonly_fields(self, request, obj=None):
        # Answers point at the options by position: a question answered keeps its kind.
        if obj is not None and obj.answers.exists():
            return (*TIMESTAMP_FIELDS, "edition", "kind")
        return TIMESTAMP_FIELDS


class AnswerInline(admin.TabularInline):
    """The registrant's answers to the edition's questions, read-only."""

    model = Answer
    fields = ("question_label", "answer")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("answers to the edition's questions")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("question"))
    def question_label(self, obj):
        return obj.question.label

    @admin.display(description=_("answer"))
    def answer(self, obj):
        return obj.display()


class AnswerFilter(admin.SimpleListFilter):
    """Registrations by their answer to a choice or yes/no question (of the editions shown)."""

    title = _("answer")
    parameter_name = "answer"

    def lookups(self, request, model_admin):
        questions = Question.objects.filter(
            kind__in=[*QuestionKind.with_options(), QuestionKind.YES_NO]
        ).select_related("edition")
        edition = request.GET.get("edition__id__exact")
        if edition and edition.isdigit() and 0 < int(edition) < 2**63:
            questions = questions.filter(edition_id=int(edition))
        choices = []
        for question in questions.order_by("edition", "position", "pk"):
            for key, label in answer_keys(question):
                choices.append((f"{question.pk}:{key}", f"{question.label}: {label}"))
        return choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        question_id, _sep, key = self.value().partition(":")
        question = (
            Question.objects.filter(pk=int(question_id)).first()
            if question_id.isdigit() and len(question_id) < 18
            else None
        )
        if question is None or not option_key_valid(question, key):
            raise IncorrectLookupParameters(f"not an answer: {self.value()!r}")
        answers = answers_matching(question, keys=[key])
        return queryset.filter(pk__in=answers.values("registration_id"))
