"""What the desk keeps of an account besides Django's user: the language its person chose."""

from django.conf import settings
from django.db import models


class LanguagePreference(models.Model):
    """The interface language a person chose with the language switcher: set again on their
    next login in any browser, and the language of the emails the desk sends them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="language_preference",
    )
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"
