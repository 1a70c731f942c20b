"""Create the demo desk's users (debug mode only): a superuser to log in with.

The password is random and printed once, when the user is created; run the command again
and it says the user exists. Refuses to run with DEBUG off: demo accounts never reach a
production database.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_ADMIN = "demo-admin"


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("create_demo_desk runs only with DEBUG on (the embedded demo).")
        user_model = get_user_model()
        if user_model.objects.filter(username=DEMO_ADMIN).exists():
            self.stdout.write(
                f"Demo user {DEMO_ADMIN!r} exists (its password was printed when it was created)."
            )
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(DEMO_ADMIN, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(f"Demo superuser created: username {DEMO_ADMIN}  password {password}")
        )
        self.stdout.write("Log in at http://127.0.0.1:8000/accounts/login/ (admin at /admin/).")
