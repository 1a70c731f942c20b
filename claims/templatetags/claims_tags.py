import datetime
import re

from django import template
from django.utils.formats import date_format as localized_date
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from claims.dossiers.diff import change_html
from claims.models import Stance
from claims.ratings import rating_info

register = template.Library()


@register.filter
def rating_class(rating: str) -> str:
    """The CSS class of a rating's colours (static/css/ratings.css): `mostly_true` → `rating-mostly-true`."""
    return f"rating-{rating.replace('_', '-')}"


@register.simple_tag
def rating_badge(rating: str) -> SafeString:
    """The rating's badge: the same label and colour on every page."""
    if not rating:
        return format_html('<span class="badge badge-none">{}</span>', _("No verdict"))
    info = rating_info(rating)
    return format_html(
        '<span class="badge {}" title="{}">{}</span>',
        rating_class(rating),
        info.description,
        info.label,
    )


@register.simple_tag
def status_badge(item) -> SafeString:
    return format_html('<span class="status status-{}">{}</span>', item.status, item.get_status_display())


_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")


@register.filter
def linkify(text: str) -> SafeString:
    """Plain text with its http(s) links made clickable; everything else escaped."""
    parts, last = [], 0
    for match in _URL.finditer(text or ""):
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html('<a href="{0}" rel="noopener noreferrer nofollow">{0}</a>', match.group(0)))
        last = match.end()
    parts.append(escape((text or "")[last:]))
    return mark_safe("".join(parts))  # noqa: S308 (each part is escaped or built by format_html)


@register.filter
def iso_date(value: str | None, precision: str = "") -> str:
    """A date kept as text (in a dossier snapshot) shown at its precision: "2025" and "2025-05"
    carry theirs (May 2025, never 1 May); an older snapshot's full date says it separately."""
    if not value:
        return ""
    text = str(value)
    if len(text) == 4:
        return text
    if len(text) == 7:
        return localized_date(datetime.date.fromisoformat(f"{text}-01"), "YEAR_MONTH_FORMAT")
    day = datetime.date.fromisoformat(text[:10])
    # The interface language's own formats ("May 1, 2025", "01 Maggio 2025", "1 mai 2025").
    formats = {"year": "Y", "month": "YEAR_MONTH_FORMAT"}
    return localized_date(day, formats.get(precision, "DATE_FORMAT"))


@register.filter
def language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return _("Language unknown")


@register.filter
def stance_label(stance: str) -> str:
    return Stance(stance).label if stance in Stance.values else stance


@register.simple_tag
def precise_date(value: str | None, precision: str = "") -> SafeString:
    """A dossier article's date at its precision ("May 2025", never 1 May), or a plain word
    that it was not verified."""
    if not value:
        return format_html('<span class="unverified">{}</span>', _("date not verified"))
    return format_html('<time datetime="{}">{}</time>', value, iso_date(value, precision))


@register.filter
def change_detail(change: dict, content_language: str = "") -> SafeString:
    """What changed in a dossier revision, in the reader's language (the desk's own words in it
    declared in `content_language`)."""
    return change_html(change, content_language or None)
