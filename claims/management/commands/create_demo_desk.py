"""Create the demo desk's users (debug mode only): one per role, and a superuser.

Each password is random and printed once, when its user is created; run the command again
and it lists the users that exist, or, with --reset-passwords, gives each a new password and
prints it. Refuses to run with DEBUG off: demo accounts never reach
a production database.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from claims.roles import ADMIN, EDITOR, FACT_CHECKER

# username, role group, superuser. Two editors, so that one approves what the other wrote.
DEMO_USERS = [
    ("demo-admin", ADMIN, True),
    ("demo-checker", FACT_CHECKER, False),
    ("demo-editor", EDITOR, False),
    ("demo-editor-2", EDITOR, False),
]


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="give the demo users that exist a new random password, and print it",
        )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("create_demo_desk runs only with DEBUG on (the embedded demo).")
        user_model = get_user_model()
        for username, role, is_superuser in DEMO_USERS:
            existing = user_model.objects.filter(username=username).first()
            if existing is not None and options["reset_passwords"]:
                password = secrets.token_urlsafe(12)
                existing.set_password(password)
                existing.save(update_fields=["password"])
                self.stdout.write(self.style.SUCCESS(f"{username} ({role}): new password {password}"))
                continue
            if existing is not None:
                self.stdout.write(
                    f"{username} ({role}) exists; its password was printed when it was created "
                    "(--reset-passwords gives it a new one)."
                )
                continue
            password = secrets.token_urlsafe(12)
            user = user_model.objects.create_user(
                username,
                email=f"{username}@desk.invalid",
                password=password,
                is_staff=is_superuser,
                is_superuser=is_superuser,
            )
            user.groups.add(Group.objects.get(name=role))
            self.stdout.write(self.style.SUCCESS(f"{username} ({role}) created: password {password}"))
        self.stdout.write("Log in at http://127.0.0.1:8000/accounts/login/ (admin at /admin/).")
