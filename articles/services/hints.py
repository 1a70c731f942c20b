"""Metadata hints read off an article's text, and the lines that are not the article.

All the rules live here, per language, as data: to teach the importer a new byline word or a
new kind of promotional line, add a pattern to `RULES` (or to `COMMON` for every language).
Hints only ever remove whole lines from the start or the end of the body; the text in between
is never touched, and the file's full text stays in `Article.raw_text`.
"""

import datetime
import re
from dataclasses import dataclass, field

from articles.models import DatePrecision
from articles.services.text import RejectFile, normalize_text


@dataclass(frozen=True)
class LanguageRules:
    byline_words: tuple[str, ...] = ()
    date_words: tuple[str, ...] = ()
    # Matched (case-insensitively) against each of the last lines: a match drops the line.
    trailing_boilerplate: tuple[str, ...] = ()
    # What a page says instead of its article: a page rendered by scripts, read without them
    # ("enable JavaScript"), or a consent banner. Such lines never count as article text.
    page_shell: tuple[str, ...] = ()


COMMON = LanguageRules(
    date_words=("date",),
    trailing_boilerplate=(
        r"\bnewsletter\b",
        r"^(advertisement|publicit[éeà]|pubblicit[àa])$",
    ),
    page_shell=(
        r"\bjavascript\b.{0,40}\b(required|disabled|needed|must|aktivier\w*|richiesto|requis)\b",
        r"\b(we|this site|this website) uses? cookies\b|\b(accept|reject) (all )?cookies\b",
        r"\bcookies? (policy|settings|preferences|consent)\b",
    ),
)

RULES: dict[str, LanguageRules] = {
    "it": LanguageRules(
        byline_words=("Di", "A cura di"),
        date_words=("data",),
        trailing_boilerplate=(
            r"^leggi (anche|di più|il seguito)\b",
            r"^iscriviti\b",
            r"^abbonati\b",
            r"\ble tue notizie\b.*\bmeritano\b",
            r"^(contenuto sponsorizzato|comunicato stampa)\b",
        ),
        page_shell=(
            r"\b(attiva|abilita)(re|te)?\b.{0,40}\bjavascript\b",
            r"\b(questo sito|utilizziamo|usiamo)\b.{0,40}\bcookie",
            r"^(caricamento|attendere)\b",
        ),
    ),
    "fr": LanguageRules(
        byline_words=("Par",),
        trailing_boilerplate=(
            r"^(à|a) lire (aussi|ensuite|également)\b",
            r"^lire (aussi|la suite)\b",
            r"^abonnez-vous\b",
            r"^(contenu sponsorisé|communiqué de presse)\b",
        ),
        page_shell=(
            r"\b(active[zr]?|autorise[zr]?)\b.{0,40}\bjavascript\b",
            r"\b(ce site|nous) utilis\w+ des cookies\b",
            r"\bvotre navigateur\b.{0,40}\b(pas pris en charge|obsolète|à jour)\b",
            r"^(chargement|veuillez patienter)\b",
        ),
    ),
    "en": LanguageRules(
        byline_words=("By",),
        trailing_boilerplate=(
            r"^read (next|more|also)\b",
            r"^(sign up|subscribe)\b",
            r"^related( articles?)?:",
            r"\byour (crypto )?news deserves attention\b",
            r"^(sponsored content|press release)\b",
        ),
        page_shell=(
            r"\b(enable|activate|turn on|allow)\b.{0,40}\bjavascript\b",
            r"\b(your|this) browser\b.{0,40}\b(not supported|out of date|outdated|update)\b",
            r"^(loading|please wait)\b",
        ),
    ),
}

MAX_HEADLINE_CHARS = 200
MAX_BYLINE_CHARS = 80
MAX_BOILERPLATE_CHARS = 200
DERIVED_TITLE_CHARS = 120


@dataclass
class Hints:
    body: str
    title: str = ""
    byline: str = ""
    published: "PublishedDate | None" = None
    dropped_lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PublishedDate:
    date: datetime.date
    precision: str


_DATE_VALUE = r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?"
_ISO_DATE = re.compile(rf"^{_DATE_VALUE}(?:[T ][0-9:.]+(?:Z|[+-][0-9:]+)?)?$")


def parse_published(value: str) -> PublishedDate:
    """`2025`, `2025-05`, `2025-05-14` (or an ISO datetime) with the precision it carries."""
    match = _ISO_DATE.match(value.strip())
    if not match:
        raise RejectFile(f"published date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    try:
        date = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise RejectFile(f"published date {value!r} does not exist") from exc
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    return PublishedDate(date, precision.value)


def _rules(language: str) -> list[LanguageRules]:
    return [COMMON, RULES[language]] if language in RULES else [COMMON, *RULES.values()]


def _words_pattern(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def extract_hints(text: str, language: str, *, find_title: bool) -> Hints:
    """Split normalized `text` into the article body and the metadata its lines carry.

    With an unknown language the rules of every language apply.
    """
    rules = _rules(language)
    hints = Hints(body=text)
    _take_date(hints, [w for r in rules for w in r.date_words])
    _take_trailing_boilerplate(hints, [p for r in rules for p in r.trailing_boilerplate])
    _take_byline(hints, [w for r in rules for w in r.byline_words])
    if find_title:
        _take_headline(hints)
    hints.body = normalize_text(hints.body)
    return hints


MAX_HEADING_CHARS = 120
_FINAL_PUNCTUATION = ".!?…:;,»”\"')"


def is_heading_line(line: str) -> bool:
    """A line that titles what follows: short, with no final punctuation."""
    line = line.strip()
    return bool(line) and len(line) <= MAX_HEADING_CHARS and line[-1] not in _FINAL_PUNCTUATION


def is_boilerplate_line(line: str, language: str) -> bool:
    """Whether `line` is promotional or navigation text (a "read next", a newsletter plug)."""
    line = line.strip()
    patterns = [p for r in _rules(language) for p in r.trailing_boilerplate]
    return len(line) <= MAX_BOILERPLATE_CHARS and any(re.search(p, line, re.IGNORECASE) for p in patterns)


# Article text has at least one line of running prose: this many words, some of them not
# capitalized. Menus ("Home", "About", "Privacy policy") and headings have none.
MIN_PROSE_WORDS = 5
MIN_LOWERCASE_WORDS = 2


def has_article_text(text: str) -> bool:
    """Whether `text` (what was extracted from a web page) holds article text: a line of prose
    that is not promotional, navigation or what a page shows in place of its article."""
    rules = _rules("")
    patterns = [p for r in rules for p in (*r.trailing_boilerplate, *r.page_shell)]
    not_article = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    return any(
        _is_prose(line) and not (len(line) <= MAX_BOILERPLATE_CHARS and not_article.search(line))
        for line in text.split("\n")
    )


def _is_prose(line: str) -> bool:
    initials = [next((char for char in word if char.isalpha()), "") for word in line.split()]
    words = [initial for initial in initials if initial]
    lowercase = sum(initial.islower() for initial in words)
    return len(words) >= MIN_PROSE_WORDS and lowercase >= MIN_LOWERCASE_WORDS


def byline_of(line: str, language: str) -> str:
    """The name in a byline line (`Di …`, `Par …`, `By …`), or "" when the line is not one."""
    return _byline_match(line, [w for r in _rules(language) for w in r.byline_words])


def _take_date(hints: Hints, words: list[str]) -> None:
    pattern = re.compile(rf"^\s*(?:{_words_pattern(words)})\s+({_DATE_VALUE})(?=\s)", re.IGNORECASE)
    match = pattern.match(hints.body)
    if not match:
        return
    try:
        hints.published = parse_published(match.group(1))
    except RejectFile:
        return  # not a date after all: leave the text alone
    hints.dropped_lines.append(match.group(0).strip())
    hints.body = hints.body[match.end() :].lstrip(" ")


def _take_trailing_boilerplate(hints: Hints, patterns: list[str]) -> None:
    boilerplate = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    lines = hints.body.split("\n")
    while lines:
        line = lines[-1].strip()
        if line and not (len(line) <= MAX_BOILERPLATE_CHARS and boilerplate.search(line)):
            break
        if line:
            hints.dropped_lines.append(line)
        lines.pop()
    hints.body = "\n".join(lines)


def _byline_match(line: str, words: list[str]) -> str:
    line = line.strip()
    if len(line) > MAX_BYLINE_CHARS or line[-1:] in ".!?:;,":
        return ""
    match = re.match(rf"^(?:{_words_pattern(words)})\s+(\w[^\n]*)$", line)
    if match and match.group(1)[0].isupper():
        return match.group(1).strip()
    return ""


def _take_byline(hints: Hints, words: list[str]) -> None:
    lines = hints.body.split("\n")
    non_empty = [i for i, line in enumerate(lines) if line.strip()]
    # A byline stands on its own line, right under the headline or at the very end.
    for index in [*non_empty[:2], *non_empty[-1:]]:
        byline = _byline_match(lines[index], words)
        if byline and len(non_empty) > 1:
            hints.byline = byline
            hints.dropped_lines.append(lines[index].strip())
            del lines[index]
            hints.body = "\n".join(lines)
            return


def _take_headline(hints: Hints) -> None:
    first, sep, rest = hints.body.partition("\n")
    candidate = first.strip().lstrip("#").strip()
    is_heading = first.startswith("#")
    if not sep or not rest.strip() or not candidate:
        return
    if is_heading or (len(candidate) <= MAX_HEADLINE_CHARS and candidate[-1] not in ".:;,"):
        hints.title = candidate
        hints.body = rest


def derive_title(body: str) -> str:
    """A title for an article that has none: its first sentence, shortened."""
    first_line = body.strip().split("\n", 1)[0]
    sentence = re.split(r"(?<=[.!?])\s", first_line, maxsplit=1)[0]
    if len(sentence) <= DERIVED_TITLE_CHARS:
        return sentence
    cut = sentence.rfind(" ", 0, DERIVED_TITLE_CHARS)
    return sentence[: cut if cut > 0 else DERIVED_TITLE_CHARS].rstrip(" ,;:") + "…"
