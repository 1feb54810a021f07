"""Run as a separate process: the SQLite race on a real database file (the test database is in
memory, where connections share a cache and do not wait for each other's locks as a file does).

    python -m tests.registrations.sqlite_race <file> <threads> <capacity> <taken>

Prints {"confirmed": n, "waitlisted": n, "errors": [...]} as JSON.
"""

import json
import os
import sys
import threading
import time


def main(path, threads, capacity, taken):
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)

    from forum.registrations import seat_lock
    from tests.factories import RegistrationFactory
    from tests.registrations.helpers import open_edition, register

    edition = open_edition(capacity=capacity)
    RegistrationFactory.create_batch(taken, edition=edition, status="confirmed")

    original = seat_lock.seat_status

    def paused(registration_settings, category, invitation=None):  # widen the window
        status = original(registration_settings, category, invitation)
        time.sleep(0.01)
        return status

    seat_lock.seat_status = paused
    barrier = threading.Barrier(threads)
    errors = []

    def one(n):
        try:
            barrier.wait()
            register(edition, email=f"racer{n}@example.com")
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    workers = [threading.Thread(target=one, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    registrations = edition.registrations
    print(
        json.dumps(
            {
                "confirmed": registrations.filter(status="confirmed").count(),
                "waitlisted": registrations.filter(status="waitlisted").count(),
                "errors": errors,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], *(int(arg) for arg in sys.argv[2:5]))
