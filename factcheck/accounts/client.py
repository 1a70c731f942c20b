"""Where a request comes from, the same way for every part of the desk (the API throttle, the
login lockout, the audit log): the direct peer, or, behind NUM_PROXIES proxies, the address
the nearest of them saw. A client cannot choose its own address by sending X-Forwarded-For."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR")
