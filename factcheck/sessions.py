"""The session engine: Django's database sessions, refusing a cookie that cannot be a session
key before it reaches the database (a NUL byte in a cookie is otherwise a 500 on PostgreSQL,
which refuses NUL in text: every page, for anyone who sends one)."""

import string

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

KEY_ALPHABET = frozenset(string.ascii_lowercase + string.digits)  # what Django's keys are made of


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key) -> bool:
        return bool(super()._validate_session_key(key)) and set(key) <= KEY_ALPHABET
