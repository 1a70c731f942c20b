"""Accounts of the desk, hardened: login throttling and lockout (django-axes), a TOTP second
factor required for publishing and admin rights (django-otp), API tokens that are hashed, expire
and are revoked on a password change (django-rest-knox), and an audit trail of logins and account
changes (axes' logs and django-auditlog), readable by admins."""
