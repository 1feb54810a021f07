"""Matchmaking's refusals: a machine-readable `code` and a translated message each."""

from django.utils.translation import gettext_lazy as _


class MatchmakingError(Exception):
    code = "matchmaking_error"
    default_message = _("This could not be done.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class MatchmakingClosed(MatchmakingError):
    code = "matchmaking_closed"
    default_message = _("Matchmaking is not open for this edition.")


class NotConfirmed(MatchmakingError):
    code = "not_confirmed"
    default_message = _("Only confirmed participants of this edition can take part.")


class WrongCounterpart(MatchmakingError):
    code = "wrong_counterpart"
    default_message = _("Meetings are between an investor and a startup of the same edition.")


class RequestLimitReached(MatchmakingError):
    code = "request_limit"
    default_message = _("You have sent as many requests as this edition allows.")


class AlreadyRequested(MatchmakingError):
    code = "already_requested"
    default_message = _("You two already have a meeting request.")


class NotYours(MatchmakingError):
    code = "not_yours"
    default_message = _("Only the person asked can answer this request.")


class AlreadyAnswered(MatchmakingError):
    code = "already_answered"
    default_message = _("This request has already been answered.")


class NotCheckedIn(MatchmakingError):
    code = "not_checked_in"
    default_message = _(
        "After the check-in cut-off, requests are only between participants checked in today."
    )


class WrongStages(MatchmakingError):
    code = "wrong_stages"
    default_message = _("Give one stage for a startup, one or more for an investor.")
