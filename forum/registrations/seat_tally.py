"""Checking the seat tally (tally_models.py) against the registrations it tallies, and
rebuilding it from them: for `manage.py check_seat_tally`. The database's triggers keep the
tally; a difference means they were disabled or dropped (a restore by hand, a migration on
SQLite that rebuilt the table)."""

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count

from .models import Registration, SeatTally


@dataclass(frozen=True)
class TallyDifference:
    edition_id: int
    category: str
    tallied: int
    counted: int


def _counted():
    rows = (
        Registration.objects.holding_seats()
        .public_seats()
        .values_list("edition_id", "category")
        .annotate(taken=Count("pk"))
        .order_by()
    )
    return {(edition_id, category): taken for edition_id, category, taken in rows}


def seat_tally_differences():
    """Every (edition, category) whose tally differs from the registrations counted."""
    counted = _counted()
    tallied = {
        (edition_id, category): taken
        for edition_id, category, taken in SeatTally.objects.values_list(
            "edition_id", "category", "taken"
        )
    }
    return [
        TallyDifference(edition_id, category, tallied.get(key, 0), counted.get(key, 0))
        for key in sorted(counted.keys() | tallied.keys())
        for edition_id, category in [key]
        if tallied.get(key, 0) != counted.get(key, 0)
    ]


@transaction.atomic
def seat_tally_rebuild():
    """Write the tally from a count of the registrations, no writer changing them meanwhile
    (PostgreSQL: a lock on the table until the commit; SQLite: the write transaction)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Registration._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
    differences = seat_tally_differences()
    for difference in differences:
        SeatTally.objects.update_or_create(
            edition_id=difference.edition_id,
            category=difference.category,
            defaults={"taken": difference.counted},
        )
    return differences
