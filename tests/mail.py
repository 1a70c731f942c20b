"""An email backend whose mail server is down: every send fails as an unreachable SMTP server
does (settings.EMAIL_BACKEND = "tests.mail.UnreachableBackend")."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class UnreachableBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
