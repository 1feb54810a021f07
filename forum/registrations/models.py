"""Attendee registration's models, one module per concern, gathered here so Django registers
them and `from .models import Registration` works anywhere:

- settings_models.py: the privacy notice, each edition's registration settings and quotas;
- registration_models.py: the registrations themselves;
- log_models.py: the log of every action on them;
- email_models.py: the outbox of e-mails owed to registrants;
- question_models.py: custom questions of an edition's form and their answers;
- door_models.py: check-in lists, check-ins and replaced check-in codes;
- invitation_models.py: invitation codes;
- message_models.py: messages to attendees, reminders and opt-outs;
- tally_models.py: the public seats taken per category, kept by database triggers.

Rules live in seats.py (seats), configuration.py (settings), details.py (corrections),
ticket_secrets.py (secrets replaced after a corrected address),
outbox.py (e-mails owed), door.py (check-in) and retention.py (anonymization); reads in
selectors.py.
"""

# isort: off
# In the order Django registered them before the split: the order of get_models(), and so of
# a new database's content types and of cascaded deletions, stays as it was.
from .settings_models import CategoryQuota, PrivacyNotice, RegistrationSettings
from .registration_models import Registration
from .log_models import RegistrationLogEntry
from .email_models import RegistrationEmail
from .door_models import CheckIn, CheckInList, RetiredCheckInCode
from .invitation_models import InvitationCode
from .message_models import Message, MessageAnswerFilter, MessageOptOut, Reminder
from .question_models import Answer, Question, QuestionKind
from .tally_models import SeatTally

# isort: on

__all__ = [
    "Answer",
    "CategoryQuota",
    "CheckIn",
    "CheckInList",
    "InvitationCode",
    "Message",
    "MessageAnswerFilter",
    "MessageOptOut",
    "PrivacyNotice",
    "Question",
    "QuestionKind",
    "Registration",
    "RegistrationEmail",
    "RegistrationLogEntry",
    "RegistrationSettings",
    "Reminder",
    "RetiredCheckInCode",
    "SeatTally",
]
