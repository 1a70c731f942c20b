"""Setting up and passing the second factor; issuing API tokens to a signed-in desk user; the
language switcher."""

import base64

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language as django_set_language
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.utils import extend_schema
from knox import views as knox_views
from knox.views import LoginView as KnoxLoginView
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied

from factcheck.accounts.forms import TokenForm
from factcheck.accounts.language import is_desk_language, user_language_set
from factcheck.accounts.two_factor import SESSION_KEY, is_verified, needs_second_factor
from factcheck.api import errors


@csrf_exempt
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switcher, which sets the django_language cookie. The public pages'
    form carries no CSRF token (their frame is shared by every reader), so the view takes a
    POST without one; the desk's form carries one, and a signed-in person's choice made there
    is also remembered for their next login and their emails."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and is_desk_language(language)
        and _passes_csrf(request)
    ):
        user_language_set(user=request.user, language=language)
    return response


def _passes_csrf(request: HttpRequest) -> bool:
    """Whether the POST carries a valid CSRF token (the check the view is exempt from)."""
    if "csrfmiddlewaretoken" not in request.POST and settings.CSRF_HEADER_NAME not in request.META:
        return False
    return CsrfViewMiddleware(lambda request: HttpResponse()).process_view(request, None, (), {}) is None


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if safe else "/"


def _check(form: TokenForm, devices: list[TOTPDevice]) -> TOTPDevice | None:
    """The device the form's code is right for; otherwise the form says why. Each wrong code
    makes the next try wait longer (django-otp's throttling): guessing takes forever."""
    for device in devices:
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error(
                "token", _("Too many wrong codes: wait a few seconds, then enter the current one.")
            )
            return None
        if device.verify_token(form.cleaned_data["token"]):
            return device
    form.add_error("token", _("That code is not right (or has expired): enter the current one."))
    return None


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Register an authenticator app: scan the code (or type the key), then enter a code."""
    device = TOTPDevice.objects.filter(
        user=request.user, confirmed=False
    ).first() or TOTPDevice.objects.create(user=request.user, name="Authenticator app", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(form, [device]):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        request.session[SESSION_KEY] = True
        return redirect(_next(request))
    uri = device.config_url  # with the issuer (settings.OTP_TOTP_ISSUER)
    # segno draws the QR code as SVG on the server: no script, no network.
    qr = segno.make(uri, error="m").svg_inline(scale=4, dark="#111", light="#fff", omitsize=False)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {"form": form, "qr": mark_safe(qr), "secret": secret, "next": _next(request)}  # noqa: S308 (segno's own SVG)
    return render(request, "accounts/two_factor_setup.html", context, status=400 if form.errors else 200)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Enter a code from the authenticator app registered to the account."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _check(form, list(TOTPDevice.objects.filter(user=request.user, confirmed=True)))
        if device:
            otp_login(request, device)
            return redirect(_next(request))
    context = {"form": form, "next": _next(request)}
    return render(request, "accounts/two_factor_verify.html", context, status=400 if form.errors else 200)


class TokenSerializer(serializers.Serializer):
    expiry = serializers.DateTimeField()
    token = serializers.CharField(help_text=_("Shown once: the desk keeps only its hash."))


class TokenCreateView(KnoxLoginView):
    """POST /api/v1/auth/tokens/ from a signed-in desk session (with its second factor when it
    needs one): a new API token, shown once, stored hashed, expiring after KNOX's TOKEN_TTL."""

    authentication_classes = [SessionAuthentication]

    @extend_schema(request=None, responses={200: TokenSerializer, **errors(403)})
    def post(self, request, format=None):
        if needs_second_factor(request) and not is_verified(request):
            raise PermissionDenied(_("Pass your second factor in the desk before creating an API token."))
        return super().post(request, format=format)


class TokenRevokeView(knox_views.LogoutView):
    """POST: revoke the token this request is made with."""

    @extend_schema(request=None, responses={204: None, **errors(403)})
    def post(self, request, format=None):
        return super().post(request, format=format)


class TokenRevokeAllView(knox_views.LogoutAllView):
    """POST: revoke every token of the account this request is made for."""

    @extend_schema(request=None, responses={204: None, **errors(403)})
    def post(self, request, format=None):
        return super().post(request, format=format)
