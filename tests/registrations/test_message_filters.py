"""Messages to registrants filtered by their answers to the edition's custom questions (one
condition per question, all to match), and the preview's recipient chosen through a search
(never a list of every recipient)."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from forum.registrations import messaging
from forum.registrations.message_models import Message
from forum.registrations.models import Registration
from tests.factories import (
    AnswerFactory,
    EditionFactory,
    MessageAnswerFilterFactory,
    MessageFactory,
    QuestionFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.every_database]


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

    message = MessageFactory(edition=question.edition)
    MessageAnswerFilterFactory(message=message, question=question, keys=["0", "2"])

    assert ids(messaging.message_recipients(message)) == ids([morning, dinner])


def test_a_multiple_choice_answer_matches_any_chosen_option():
    question = choice_question(kind="multiple_choice")
    both = answered(question, [0, 2])
    afternoon = answered(question, [1])
    answered(question, [0])

    condition = MessageAnswerFilterFactory(
        message__edition=question.edition, question=question, keys=["1", "2"]
    )

    assert ids(messaging.message_recipients(condition.message)) == ids([both, afternoon])


def test_a_yes_or_no_answer_selects_its_registrants():
    question = QuestionFactory(kind="yes_no", label_en="Dinner?")
    yes = answered(question, True)
    answered(question, False)

    condition = MessageAnswerFilterFactory(
        message__edition=question.edition, question=question, keys=["yes"]
    )

    assert ids(messaging.message_recipients(condition.message)) == ids([yes])


def test_a_text_answer_is_matched_by_what_it_contains_in_any_case():
    question = QuestionFactory(kind="short_text", label_en="Company focus")
    robots = answered(question, "Industrial ROBOTS")
    answered(question, "新能源")

    condition = MessageAnswerFilterFactory(
        message__edition=question.edition, question=question, contains="robot"
    )

    assert ids(messaging.message_recipients(condition.message)) == ids([robots])


def test_the_answer_filter_adds_to_the_other_filters():
    question = QuestionFactory(kind="yes_no")
    investor = answered(question, True, category="investor")
    answered(question, True, category="media")

    message = MessageFactory(edition=question.edition, categories=["investor"])
    MessageAnswerFilterFactory(message=message, question=question, keys=["yes"])

    assert ids(messaging.message_recipients(message)) == ids([investor])


def test_a_recipient_matches_every_condition_on_answers():
    edition = EditionFactory()
    dinner = QuestionFactory(edition=edition, kind="yes_no")
    session = choice_question(edition=edition)
    focus = QuestionFactory(edition=edition, kind="short_text")
    everything = answered(dinner, True)
    AnswerFactory(registration=everything, question=session, value=2)
    AnswerFactory(registration=everything, question=focus, value="AI robots")
    no_text = answered(dinner, True)
    AnswerFactory(registration=no_text, question=session, value=2)
    other_session = answered(dinner, True)
    AnswerFactory(registration=other_session, question=session, value=0)
    AnswerFactory(registration=other_session, question=focus, value="robots")
    answered(session, 2)  # never answered the dinner question
    message = MessageFactory(edition=edition)
    MessageAnswerFilterFactory(message=message, question=dinner, keys=["yes"])
    MessageAnswerFilterFactory(message=message, question=session, keys=["1", "2"])
    MessageAnswerFilterFactory(message=message, question=focus, contains="robot")

    assert ids(messaging.message_recipients(message)) == ids([everything])


def test_sending_goes_to_those_matching_every_condition_only():
    edition = EditionFactory()
    dinner = QuestionFactory(edition=edition, kind="yes_no")
    session = choice_question(edition=edition)
    both = answered(dinner, True)
    AnswerFactory(registration=both, question=session, value=1)
    answered(dinner, True)
    answered(session, 1)
    message = MessageFactory(edition=edition)
    MessageAnswerFilterFactory(message=message, question=dinner, keys=["yes"])
    MessageAnswerFilterFactory(message=message, question=session, keys=["1"])

    sent = messaging.message_send(message=message)

    assert sent.recipient_count == 1
    assert list(sent.emails.values_list("registration_id", flat=True)) == [both.pk]


def test_the_condition_reads_in_each_language():
    question = QuestionFactory(kind="yes_no", label_zh="参加晚宴？", label_en="Dinner?")
    condition = MessageAnswerFilterFactory(
        message__edition=question.edition, question=question, keys=["yes"]
    )

    with translation.override("en"):
        assert condition.display() == "Dinner?: Yes"
    with translation.override("zh-hans"):
        assert condition.display() == "参加晚宴？：是"


def test_the_database_refuses_two_conditions_on_one_question():
    condition = MessageAnswerFilterFactory()

    with pytest.raises(IntegrityError):
        MessageAnswerFilterFactory(message=condition.message, question=condition.question)


def test_the_database_refuses_a_condition_that_selects_nothing():
    with pytest.raises(IntegrityError):
        MessageAnswerFilterFactory(keys=[], contains="")


# --- Composing ----------------------------------------------------------------------------------


def compose(client, edition, *conditions, url=None, **fields):
    """Post the compose form with `conditions`: one dict per row (question, options,
    contains), then the form's two empty rows."""
    rows = [*conditions, {}, {}]
    data = {
        "edition": edition.pk,
        "checked_in": "",
        "subject_zh": "晚宴通知",
        "body_zh": "{name}，您好：晚宴在六点。",
        "answers-TOTAL_FORMS": str(len(rows)),
        "answers-INITIAL_FORMS": "0",
        **fields,
    }
    for number, row in enumerate(rows):
        for name, value in row.items():
            data[f"answers-{number}-{name}"] = value
    return client.post(url or reverse("registrant_messages:new"), data)


def test_an_organizer_filters_a_message_by_answers(organizer_client):
    question = choice_question()
    dinner = answered(question, 2, name="Ann Lee", language="en")
    answered(question, 0)

    response = compose(
        organizer_client,
        question.edition,
        {"question": question.pk, "options": [f"{question.pk}:2"]},
    )

    message = Message.objects.get()
    assert response.status_code == 302
    [condition] = message.answer_filters.all()
    assert condition.keys == ["2"]
    detail = organizer_client.get(reverse("registrant_messages:detail", args=[message.pk]))
    assert "Session: Dinner" in detail.text
    assert "1 registrant will receive it" in detail.text
    assert detail.context["preview"].registration == dinner


def test_an_organizer_filters_a_message_by_several_questions(organizer_client):
    edition = EditionFactory()
    session = choice_question(edition=edition)
    dinner = QuestionFactory(edition=edition, kind="yes_no", label_en="Dinner?")
    focus = QuestionFactory(edition=edition, kind="short_text", label_en="Focus")
    chosen = answered(session, 2, language="en")
    AnswerFactory(registration=chosen, question=dinner, value=True)
    AnswerFactory(registration=chosen, question=focus, value="Robots")
    answered(session, 2)
    answered(dinner, True)

    response = compose(
        organizer_client,
        edition,
        {"question": session.pk, "options": [f"{session.pk}:2"]},
        {"question": dinner.pk, "options": [f"{dinner.pk}:yes"]},
        {"question": focus.pk, "contains": "robot"},
    )

    message = Message.objects.get()
    assert response.status_code == 302
    assert message.answer_filters.count() == 3
    detail = organizer_client.get(reverse("registrant_messages:detail", args=[message.pk]))
    assert "Session: Dinner" in detail.text
    assert "Dinner?: Yes" in detail.text
    assert "Focus contains “robot”" in detail.text
    assert "1 registrant will receive it" in detail.text
    assert detail.context["preview"].registration == chosen


def test_editing_a_draft_shows_and_replaces_its_conditions(organizer_client):
    edition = EditionFactory()
    session = choice_question(edition=edition)
    dinner = QuestionFactory(edition=edition, kind="yes_no")
    message = MessageFactory(edition=edition)
    MessageAnswerFilterFactory(message=message, question=session, keys=["1"])
    MessageAnswerFilterFactory(message=message, question=dinner, keys=["no"])
    url = reverse("registrant_messages:edit", args=[message.pk])

    shown = organizer_client.get(url)
    response = compose(
        organizer_client,
        edition,
        {"question": dinner.pk, "options": [f"{dinner.pk}:yes"]},
        url=url,
    )

    assert shown.context["conditions"].initial == [
        {"question": session.pk, "options": [f"{session.pk}:1"], "contains": ""},
        {"question": dinner.pk, "options": [f"{dinner.pk}:no"], "contains": ""},
    ]
    assert response.status_code == 302
    assert list(message.answer_filters.values_list("question_id", "keys")) == [(dinner.pk, ["yes"])]


def test_the_compose_form_offers_each_questions_answers(organizer_client):
    question = choice_question()

    response = organizer_client.get(reverse("registrant_messages:new"))

    assert f'value="{question.pk}:1"' in response.text
    assert "Afternoon" in response.text


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"options": ["{other}:0"]}, "question"),
        ({"question": "{question}", "options": ["{other}:0"]}, "options"),
        ({"question": "{question}"}, "options"),
        ({"question": "{question}", "contains": "x"}, "contains"),
        ({"question": "{elsewhere}", "options": ["{elsewhere}:0"]}, "question"),
        ({"question": "{text}", "options": ["{question}:0"]}, "options"),
        ({"question": "{text}"}, "contains"),
    ],
)
def test_an_answer_filter_that_does_not_fit_is_refused(organizer_client, row, field):
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
        organizer_client, question.edition, {name: filled(v) for name, v in row.items()}
    )

    assert response.status_code == 200
    assert field in response.context["conditions"].forms[0].errors
    assert not Message.objects.exists()


def test_two_conditions_on_one_question_are_refused(organizer_client):
    question = choice_question()

    response = compose(
        organizer_client,
        question.edition,
        {"question": question.pk, "options": [f"{question.pk}:0"]},
        {"question": question.pk, "options": [f"{question.pk}:1"]},
    )

    assert response.status_code == 200
    assert "already has a condition" in str(response.context["conditions"].forms[1].errors)
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
    other = choice_question(edition=edition)
    message = MessageFactory(edition=edition)
    MessageAnswerFilterFactory(message=message, question=question, keys=["yes"])
    MessageAnswerFilterFactory(message=message, question=other, keys=["0", "1", "2"])
    AnswerFactory(registration=Registration.objects.get(), question=other, value=0)
    url = reverse("registrant_messages:detail", args=[message.pk])

    with CaptureQueriesContext(connection) as one:
        organizer_client.get(url)
    for _n in range(39):
        AnswerFactory(registration=answered(question, True), question=other, value=1)
    with CaptureQueriesContext(connection) as many:
        response = organizer_client.get(url)

    assert len(many) == len(one)
    assert len(response.context["candidates"]) == messaging.PREVIEW_CHOICES
    assert response.context["recipient_count"] == 40


def test_recipients_are_read_in_the_same_queries_whatever_the_number_of_conditions():
    edition = EditionFactory()
    questions = [choice_question(edition) for _ in range(3)]
    for question in questions:
        answered(question, 0)

    def queries_with(conditions):
        message = MessageFactory(edition=edition)
        for question in questions[:conditions]:
            MessageAnswerFilterFactory(message=message, question=question, keys=["0"])
        message = Message.objects.get(pk=message.pk)
        with CaptureQueriesContext(connection) as queries:
            list(messaging.message_recipients(message))
        return len(queries)

    assert queries_with(1) == queries_with(3)
