"""Loaded by pytest (`-p tests.testenv`) before Django's settings are read.

Tests run with DEBUG off, as production does; the settings refuse the default secret key in
that mode, so the suite brings its own.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")  # the test client speaks plain http
# Production requires a second factor for publishing and admin rights; the tests of it turn it
# on (tests/factcheck/test_accounts.py), the others sign in without one.
os.environ.setdefault("REQUIRE_2FA", "false")
