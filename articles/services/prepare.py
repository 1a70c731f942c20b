"""One record of an import, made ready to save: normalized, its language detected, its
metadata hints read, every field validated. Raises RejectFile naming the record on bad input."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from articles.models import LANGUAGE_CODES, Article
from articles.services.hints import derive_title, extract_hints, parse_published
from articles.services.language import detect_languages
from articles.services.outlets import host_of
from articles.services.records import ArticleRecord
from articles.services.text import RejectFile, content_hash, normalize_text

_url_validator = URLValidator(schemes=["http", "https"])
MAX_URL_CHARS = 2000  # Article.url's max_length
MAX_TITLE_CHARS = 500  # Article.title's max_length


class PreparedArticle:
    """An unsaved Article with what the import needs to report on it."""

    def __init__(self, article: Article, outlet_name: str, record: ArticleRecord, set_apart: int = 0):
        self.article = article
        self.outlet_name = outlet_name
        # One outlet per domain: the url's host finds (or becomes the domain of) the outlet.
        self.outlet_domain = host_of(article.url)
        # A site name read off a page is loose ("The Verge", "Verge"): the domain decides.
        self.outlet_from_metadata = "outlet" in record.from_metadata
        self.record = record
        self.set_apart = set_apart  # lines kept out of the body (byline, promotional lines)


def prepare_article(record: ArticleRecord) -> PreparedArticle:
    """Normalize and validate one record; raises RejectFile naming the record on bad input."""
    return prepare_articles([record])[0]


def prepare_articles(records: list[ArticleRecord]) -> list[PreparedArticle]:
    """`prepare_article` for a chunk, detecting the languages of all its texts in one call."""
    texts = [normalize_text(record.text) for record in records]
    undetected = [i for i, record in enumerate(records) if not record.language and texts[i]]
    detected = dict(zip(undetected, detect_languages([texts[i] for i in undetected]), strict=True))
    return [_prepare(record, texts[i], detected.get(i, "")) for i, record in enumerate(records)]


def _prepare(record: ArticleRecord, text: str, detected_language: str) -> PreparedArticle:
    if not text:
        raise RejectFile(f"{record.name}: no text")
    language = record.language.lower()
    if language and language not in LANGUAGE_CODES:
        raise RejectFile(f"{record.name}: unknown language {record.language!r}")
    language = language or detected_language
    hints = extract_hints(text, language, find_title=record.headline_in_text and not record.title)
    if not hints.body:
        raise RejectFile(f"{record.name}: no article text left once headline and byline are set apart")
    if len(hints.body) > settings.IMPORT_MAX_BODY_CHARS:
        raise RejectFile(
            f"{record.name}: body is {len(hints.body):,} characters, over the limit of "
            f"{settings.IMPORT_MAX_BODY_CHARS:,}"
        )
    try:
        published = parse_published(record.published) if record.published else hints.published
    except RejectFile as exc:
        raise RejectFile(f"{record.name}: {exc}") from exc
    if len(record.url) > MAX_URL_CHARS:
        raise RejectFile(f"{record.name}: url longer than {MAX_URL_CHARS} characters")
    if record.url:
        try:
            _url_validator(record.url)
        except ValidationError as exc:
            raise RejectFile(f"{record.name}: url {record.url!r} is not a valid http(s) address") from exc
    title = record.title or hints.title or derive_title(hints.body)
    if len(title) > MAX_TITLE_CHARS:
        raise RejectFile(f"{record.name}: title longer than {MAX_TITLE_CHARS} characters")
    article = Article(
        title=title,
        byline=(record.byline or hints.byline)[:300],
        url=record.url,
        language=language,
        published_on=published.date if published else None,
        published_precision=published.precision if published else "",
        body=hints.body,
        raw_text=record.raw_text,
        content_hash=content_hash(hints.body),
        source_name=record.name[:500],
    )
    return PreparedArticle(article, record.outlet[:200], record, set_apart=len(hints.dropped_lines))
