"""The seats of each edition's public capacity taken, per category, kept by the database itself.
Imported by models.py; read by seat_lock.py and selectors.py, checked and rebuilt by
seat_tally.py."""

from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from config.common.models import FieldCheckConstraint, FieldUniqueConstraint

from .enums import AttendeeCategory


class SeatTallyQuerySet(models.QuerySet):
    def taken(self, category=None):
        """{"total": public seats taken, "in_category": those of `category`} over these rows."""
        return self.aggregate(
            total=Sum("taken", default=0),
            in_category=Sum("taken", filter=Q(category=category), default=0),
        )


class SeatTally(models.Model):
    """How many registrations of `edition` in `category` hold a public seat (confirmed, or held
    for an e-mail confirmation: RegistrationQuerySet.holding_seats().public_seats()).

    Written only by triggers on the registrations table (migration 0029, for PostgreSQL and
    SQLite), after every insert, delete and change of status, seat, category or edition,
    whichever code makes it: the public form, the admin, a bulk update, a cascade, raw SQL. No
    Python path keeps it, so none can forget to. The seat rule reads these few rows under the
    edition's lock instead of counting thousands of registrations per submission.
    `manage.py check_seat_tally` compares it with a count of the registrations (and rebuilds it).

    On SQLite, a migration that rebuilds the registrations table (Django does, to alter a
    column) drops the table's triggers with it: such a migration must create them again, and
    tests/registrations/test_seat_tally.py fails until it does."""

    # Looked up through the unique index (edition, category): no index of its own.
    edition = models.ForeignKey(
        "forum.Edition",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        verbose_name=_("edition"),
    )
    category = models.CharField(_("category"), max_length=20, choices=AttendeeCategory.choices)
    taken = models.IntegerField(_("public seats taken"), default=0)

    objects = SeatTallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("seat tally")
        verbose_name_plural = _("seat tallies")
        constraints = [
            FieldUniqueConstraint(
                fields=["edition", "category"],
                name="seat_tally_one_per_category",
                violation_error_field="category",
                violation_error_message=_("This edition already has a tally for this category."),
                violation_error_code="seat_tally_taken",
            ),
            # A tally below zero would mean a registration left a seat it was never counted in.
            FieldCheckConstraint(
                condition=models.Q(taken__gte=0),
                name="seat_tally_not_negative",
                violation_error_field="taken",
                violation_error_message=_("Seats taken cannot be fewer than none."),
                violation_error_code="seat_tally_negative",
            ),
        ]

    def __str__(self):
        return f"{self.edition_id} {self.category}: {self.taken}"
