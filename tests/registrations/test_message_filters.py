"""Messages to registrants filtered by their answers to the edition's custom questions, and
the preview's recipient chosen through a search (never a list of every recipient)."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from forum.registrations import messaging
from forum.registrations.message_models import Message
from tests.factories import (
    AnswerFactory,
    EditionFactory,
    MessageFactory,
    QuestionFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer_client(client, english):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Organizers"))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def answered(question, value, **registration):
    person = RegistrationFactory(edition=question.edition, **registration)
    AnswerFactory(registration=person, question=question, value=value)
    return person


def ids(registrations):
    return sorted(r.pk for r in registrations)


def choice_question(edition=None, kind="single_choice"):
    return QuestionFactory(
        edition=edition or EditionFactory(),
        kind=kind,
        label_en="Session",
        options_zh="上午\n下午\n晚宴",
        options_en="Morning\nAfternoon\nDinner",
    )


# --- Recipients ---------------------------------------------------------------------------------


def test_a_single_choice_answer_selects_its_registrants():
    question = choice_question()
    morning = answered(question, 0)
    dinner = answered(question, 2)
    answered(question, 1)
    RegistrationFactory(edition=question.edition)  # no answer

    message = MessageFactory(edition=question.edition, answer_question=question)
    message.answer_keys = ["0", "2"]

    assert ids(messaging.message_recipients(message)) == ids([morning, dinner])


def test_a_multiple_choice_answer_matches_any_chosen_option():
    question = choice_question(kind="multiple_choice")
    both = answered(question, [0, 2])
    afternoon = answered(question, [1])
    answered(question, [0])

    message = MessageFactory(
        edition=question.edition, answer_question=question, answer_keys=["1", "2"]
    )

    assert ids(messaging.message_recipients(message)) == ids([both, afternoon])


def test_a_yes_or_no_answer_selects_its_registrants():
    question = QuestionFactory(kind="yes_no", label_en="Dinner?")
    yes = answered(question, True)
    answered(question, False)

    message = MessageFactory(
        edition=question.edition, answer_question=question, answer_keys=["yes"]
    )

    assert ids(messaging.message_recipients(message)) == ids([yes])


def test_a_text_answer_is_matched_by_what_it_contains_in_any_case():
    question = QuestionFactory(kind="short_text", label_en="Company focus")
    robots = answered(question, "Industrial ROBOTS")
    answered(question, "新能源")

    message = MessageFactory(
        edition=question.edition, answer_question=question, answer_contains="robot"
    )

    assert ids(messaging.message_recipients(message)) == ids([robots])


def test_the_answer_filter_adds_to_the_other_filters():
    question = QuestionFactory(kind="yes_no")
    investor = answered(question, True, category="investor")
    answered(question, True, category="media")

    message = MessageFactory(
        edition=question.edition,
        answer_question=question,
        answer_keys=["yes"],
        categories=["investor"],
    )

    assert ids(messaging.message_recipients(message)) == ids([investor])


def test_the_filter_reads_in_each_language():
    question = QuestionFactory(kind="yes_no", label_zh="参加晚宴？", label_en="Dinner?")
    message = MessageFactory(
        edition=question.edition, answer_question=question, answer_keys=["yes"]
    )

    with translation.override("en"):
        assert message.answer_display() == "Dinner?: Yes"
    with translation.override("zh-hans"):
        assert message.answer_display() == "参加晚宴？：是"


# --- Composing ----------------------------------------------------------------------------------


def compose(client, edition, **filters):
    return client.post(
        reverse("registrant_messages:new"),
        {
            "edition": edition.pk,
            "checked_in": "",
            "subject_zh": "晚宴通知",
            "body_zh": "{name}，您好：晚宴在六点。",
            **filters,
        },
    )


def test_an_organizer_filters_a_message_by_answers(organizer_client):
    question = choice_question()
    dinner = answered(question, 2, name="Ann Lee", language="en")
    answered(question, 0)

    response = compose(
        organizer_client,
        question.edition,
        answer_question=question.pk,
        answer_options=[f"{question.pk}:2"],
    )

    message = Message.objects.get()
    assert response.status_code == 302
    assert message.answer_keys == ["2"]
    detail = organizer_client.get(reverse("registrant_messages:detail", args=[message.pk]))
    assert "Session: Dinner" in detail.text
    assert "1 registrant will receive it" in detail.text
    assert detail.context["preview"].registration == dinner


def test_the_compose_form_offers_each_questions_answers(organizer_client):
    question = choice_question()

    response = organizer_client.get(reverse("registrant_messages:new"))

    assert f'value="{question.pk}:1"' in response.text
    assert "Afternoon" in response.text


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"answer_options": ["{other}:0"]}, "answer_question"),
        ({"answer_question": "{question}", "answer_options": ["{other}:0"]}, "answer_options"),
        ({"answer_question": "{question}"}, "answer_options"),
        ({"answer_question": "{question}", "answer_contains": "x"}, "answer_contains"),
        (
            {"answer_question": "{elsewhere}", "answer_options": ["{elsewhere}:0"]},
            "answer_question",
        ),
        ({"answer_question": "{text}", "answer_options": ["{question}:0"]}, "answer_options"),
    ],
)
def test_an_answer_filter_that_does_not_fit_is_refused(organizer_client, filters, field):
    question = choice_question()
    other = choice_question(edition=question.edition)
    elsewhere = choice_question()
    text = QuestionFactory(edition=question.edition)
    keys = {"question": question.pk, "other": other.pk, "elsewhere": elsewhere.pk, "text": text.pk}

    def filled(value):
        if isinstance(value, list):
            return [item.format(**keys) for item in value]
        return value.format(**keys)

    response = compose(
        organizer_client, question.edition, **{k: filled(v) for k, v in filters.items()}
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Message.objects.exists()


# --- The preview's recipient --------------------------------------------------------------------


def test_the_preview_renders_with_the_recipient_chosen_by_a_search(organizer_client):
    edition = EditionFactory()
    RegistrationFactory(edition=edition, name="张三")
    chosen = RegistrationFactory(edition=edition, name="Ann Lee", organization="Robotics Ltd")
    message = MessageFactory(edition=edition)
    url = reverse("registrant_messages:detail", args=[message.pk])

    found = organizer_client.get(url, {"search": "robot"})
    shown = organizer_client.get(url, {"recipient": chosen.pk})

    assert [c.pk for c in found.context["candidates"]] == [chosen.pk]
    assert f"?recipient={chosen.pk}" in found.text
    assert shown.context["preview"].registration == chosen
    assert "Dear Ann Lee" in shown.text or "Ann Lee，您好" in shown.text


def test_the_preview_defaults_to_the_first_recipient_and_ignores_others(organizer_client):
    edition = EditionFactory()
    first = RegistrationFactory(edition=edition, category="investor")
    outsider = RegistrationFactory(edition=edition, category="media")
    message = MessageFactory(edition=edition, categories=["investor"])
    url = reverse("registrant_messages:detail", args=[message.pk])

    default = organizer_client.get(url)
    refused = organizer_client.get(url, {"recipient": outsider.pk})

    assert default.context["preview"].registration == first
    assert refused.context["preview"].registration == first


def test_a_search_that_matches_nobody_says_so(organizer_client):
    edition = EditionFactory()
    RegistrationFactory(edition=edition)
    message = MessageFactory(edition=edition)

    response = organizer_client.get(
        reverse("registrant_messages:detail", args=[message.pk]), {"search": "nobody-here"}
    )

    assert "No recipient matches this search." in response.text


def test_the_preview_page_offers_at_most_ten_recipients_in_constant_queries(organizer_client):
    edition = EditionFactory()
    question = QuestionFactory(edition=edition, kind="yes_no")
    answered(question, True)
    message = MessageFactory(edition=edition, answer_question=question, answer_keys=["yes"])
    url = reverse("registrant_messages:detail", args=[message.pk])

    with CaptureQueriesContext(connection) as one:
        organizer_client.get(url)
    for _n in range(39):
        answered(question, True)
    with CaptureQueriesContext(connection) as many:
        response = organizer_client.get(url)

    assert len(many) == len(one)
    assert len(response.context["candidates"]) == messaging.PREVIEW_CHOICES
    assert response.context["recipient_count"] == 40
