import smtplib

from celery import shared_task
from django.core.mail import send_mail


@shared_task(acks_late=True, autoretry_for=(OSError, smtplib.SMTPException), retry_backoff=60, max_retries=10)
def account_email_send(address: str, subject: str, body: str) -> None:
    """A security notice to an account's owner (retried with backoff while the server is away)."""
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[address])
