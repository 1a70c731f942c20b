"""Outlets from the desk and from imports: one outlet per name (any case) and per domain.

A domain is a web address's host, lower case, without "www.": `https://www.IlPost.it/x`
belongs to the outlet whose domain is `ilpost.it`. An article's url on a subdomain
(`edition.cnn.com`) belongs to the outlet of its parent domain (`cnn.com`) when no outlet has
the subdomain itself.
"""

import logging
import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.text import slugify

from articles.models import LANGUAGE_CODES, Outlet

logger = logging.getLogger(__name__)

_DOMAIN = re.compile(r"^(?=.{1,253}$)(?:(?!-)[^\W_](?:[^\W_]|-){0,62}\.)+[^\W\d_](?:[^\W_]|-){0,62}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
MAX_NAME_CHARS = 200  # Outlet.name's max_length


def host_of(value: str) -> str:
    """The domain in `value` (a url, or a bare host with or without a path): lower case, no
    scheme, port, path or leading "www."; "" when there is none."""
    value = (value or "").strip()
    if not value:
        return ""
    if "//" not in value:
        value = f"//{value}"
    try:
        host = urlsplit(value).hostname or ""
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return ""
    host = host.rstrip(".").removeprefix("www.")
    return host if _DOMAIN.match(host) else ""


def _candidate_domains(host: str) -> list[str]:
    """`host` and its parent domains, most specific first, down to two labels."""
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(max(1, len(labels) - 1))]


def outlet_for_url(url: str) -> Outlet | None:
    """The outlet whose domain is the url's host (or the closest parent domain of it)."""
    host = host_of(url)
    if not host:
        return None
    candidates = _candidate_domains(host)
    found = {
        outlet.lower_domain: outlet
        for outlet in Outlet.objects.annotate(lower_domain=Lower("domain")).filter(
            lower_domain__in=candidates
        )
    }
    return next((found[domain] for domain in candidates if domain in found), None)


def outlet_validate(
    *, outlet: Outlet | None = None, name: str, domain: str, country: str, language: str, kind: str
) -> dict[str, str]:
    """The outlet's fields, normalized; a ValidationError naming each field that is wrong
    (a name or a domain another outlet has, a country that is not a two-letter code)."""
    errors: dict[str, str] = {}
    others = Outlet.objects.exclude(pk=outlet.pk) if outlet and outlet.pk else Outlet.objects.all()
    name = " ".join(name.split())
    if not name:
        errors["name"] = "An outlet needs a name."
    elif len(name) > MAX_NAME_CHARS:
        errors["name"] = f"At most {MAX_NAME_CHARS} characters."
    elif taken := others.filter(name__iexact=name).first():
        errors["name"] = f"There is already an outlet called “{taken.name}”."
    normalized_domain = host_of(domain)
    if domain.strip() and not normalized_domain:
        errors["domain"] = f"“{domain.strip()}” is not a web address's host (e.g. ilpost.it)."
    elif normalized_domain and (
        taken := others.annotate(lower_domain=Lower("domain")).filter(lower_domain=normalized_domain).first()
    ):
        errors["domain"] = (
            f"{normalized_domain} is already the domain of “{taken.name}”: one outlet per domain."
        )
    country = country.strip().upper()
    if country and not _COUNTRY.match(country):
        errors["country"] = "A two-letter ISO 3166 country code, e.g. IT, FR or GB."
    if language and language not in LANGUAGE_CODES:
        errors["language"] = f"Unknown language {language!r}."
    if kind and kind not in Outlet.Kind.values:
        errors["kind"] = f"Unknown kind {kind!r}."
    if errors:
        raise ValidationError(errors)
    return {"name": name, "domain": normalized_domain, "country": country, "language": language, "kind": kind}


def _free_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True)[:190] or "outlet"
    taken = set(Outlet.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


@transaction.atomic
def outlet_save(
    *,
    outlet: Outlet | None = None,
    by,
    name: str,
    domain: str = "",
    country: str = "",
    language: str = "",
    kind: str = "",
) -> Outlet:
    """Create an outlet (`outlet` None) or change one; refused with a field error on a name or
    a domain another outlet has, or a country code that is not two letters. The slug is
    chosen once, at creation, so links to the outlet survive a renamed outlet."""
    if outlet is not None:
        outlet = Outlet.objects.select_for_update().get(pk=outlet.pk)
    values = outlet_validate(
        outlet=outlet, name=name, domain=domain, country=country, language=language, kind=kind
    )
    if outlet is None:
        outlet = Outlet(slug=_free_slug(values["name"]))
    for field, value in values.items():
        setattr(outlet, field, value)
    try:
        with transaction.atomic():
            if outlet.pk:
                outlet.save(update_fields=list(values))
            else:
                outlet.save()
    except IntegrityError:
        # Another editor saved the same name or domain in the meantime: say which.
        outlet_validate(outlet=outlet, **values)
        raise
    logger.info("outlet %s (%s) saved by %s", outlet.pk, outlet.name, by)
    return outlet


def outlet_for_import(*, name: str, domain: str, name_from_metadata: bool = True) -> Outlet:
    """The outlet of an imported article: one outlet per domain.

    A page's own metadata names its site loosely ("The Verge", "theverge.com", "Verge"), so
    the domain decides: the outlet with the url's domain, else one created with the site's
    name (or the domain itself) and that domain. A name given explicitly (a JSON or CSV
    field) decides instead, and the outlet takes the domain if it has none and it is free.
    """
    domain = host_of(domain)
    if domain and (name_from_metadata or not name):
        existing = outlet_for_url(domain)
        if existing is not None:
            return existing
    outlet = Outlet.for_name(name or domain)
    if domain and not outlet.domain and outlet_for_url(domain) is None:
        try:
            with transaction.atomic():
                Outlet.objects.filter(pk=outlet.pk, domain="").update(domain=domain)
        except IntegrityError:  # another import gave the domain to an outlet meanwhile
            return outlet_for_url(domain) or outlet
        outlet.refresh_from_db(fields=["domain"])
    return outlet
