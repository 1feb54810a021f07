"""Messages whose headers are parsed and folded once per process (config/common/mail.py) are
written out byte for byte as Django writes them, the first time and when their headers are
reused, under the SMTP mailer's policy and the default one."""

import copy
import email.policy
import random
import re
from email.message import MIMEPart

import pytest
from django.core.mail import EmailMultiAlternatives

from config.common.mail import EmailWithReusedHeaders

# Written afresh for every message, from the clock and a random number: set aside.
DATE_AND_ID = re.compile(rb"^(Date|Message-ID): .*\r?\n", re.MULTILINE)


def written(message, policy):
    random.seed(7)  # the same multipart boundaries for both writings
    return DATE_AND_ID.sub(b"", message.message(policy=policy).as_bytes())


def registrant_email(number, subject):
    message = EmailWithReusedHeaders(
        subject=subject,
        body=f"您好，{number}号。\n" + "很长的一行文字，" * 20 + "\nhttps://forum.example/t/abc/\n",
        from_email="Youth 50 论坛 <forum@youth50.example>",
        to=[f"person{number}@example.com"],
        headers={
            "List-Unsubscribe": f"<https://forum.example/opt-out/{number}/>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(f"<p>您好，{number}号。</p>" + "<p>long line</p>" * 30, "text/html")
    image = MIMEPart()
    image.set_content(
        b"\x89PNG not really",
        maintype="image",
        subtype="png",
        disposition="inline",
        filename="check-in-qr.png",
        cid="<checkin-qr@youth50>",
    )
    message.attach(image)
    message.attach("youth50-edition-1.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    return message


@pytest.mark.parametrize("policy", [email.policy.SMTP, email.policy.default])
def test_the_same_bytes_as_djangos_message_first_and_with_headers_reused(policy):
    subjects = [
        "您的报名已确认：青年50人论坛 · 第一届",
        "Your registration is confirmed: 青年50人论坛 · 1st edition",
        "A seat was freed for you. Confirm your e-mail address to keep it: a long edition title "
        "that has to be folded over lines",
    ]
    for round_ in range(2):  # the second round writes headers kept by the first
        for number, subject in enumerate(subjects * 2):
            message = registrant_email(number + round_, subject)
            as_django_writes_it = copy.copy(message)
            as_django_writes_it.__class__ = EmailMultiAlternatives
            assert written(message, policy) == written(as_django_writes_it, policy)
