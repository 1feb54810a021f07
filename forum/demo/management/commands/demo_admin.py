import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Creates the demo superuser 'admin' with a random password and prints the login once. "
        "Does nothing when the account exists (use changepassword to reset it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            self.stdout.write(
                f"The admin account '{username}' already exists; its password was printed when it "
                f"was created. Reset it with: .venv/bin/python manage.py changepassword {username}"
            )
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(self.style.SUCCESS("Admin login (shown only this once):"))
        self.stdout.write(f"    username: {username}\n    password: {password}")
