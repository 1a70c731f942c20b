"""Language detection with lingua (its models ship inside the package: no download)."""

from functools import cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from articles.models import LANGUAGE_CODES

_DETECTED = [
    Language.ITALIAN,
    Language.FRENCH,
    Language.ENGLISH,
    Language.GERMAN,
    Language.SPANISH,
    Language.PORTUGUESE,
    Language.DUTCH,
]
# A few sentences decide the language of a news article; reading more costs time (detection
# is most of the import's cost) without changing the answer on the seeds or the benchmark.
SAMPLE_CHARS = 200
MIN_WORDS = 4
MIN_CONFIDENCE = 0.5


@cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_DETECTED).build()


def _sample(text: str) -> str:
    """The opening of the article's text, past a short first line (a headline can quote a name
    or a phrase in another language)."""
    first, newline, rest = text.partition("\n")
    if newline and len(first) < 200 and len(rest.split()) >= MIN_WORDS:
        text = rest.lstrip()
    if len(text) <= SAMPLE_CHARS:
        return text
    cut = text.rfind(" ", 0, SAMPLE_CHARS)
    return text[: cut if cut > 0 else SAMPLE_CHARS]


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "und" when the detector cannot tell."""
    return detect_languages([text])[0]


def detect_languages(texts: list[str]) -> list[str]:
    """`detect_language` for many texts at once, on every core (lingua's threads)."""
    samples = [_sample(text) for text in texts]
    confidences = _detector().compute_language_confidence_values_in_parallel(samples)
    return [_code(sample, values) for sample, values in zip(samples, confidences, strict=True)]


def _code(sample: str, values) -> str:
    if len(sample.split()) < MIN_WORDS or not values or values[0].value < MIN_CONFIDENCE:
        return "und"
    code = values[0].language.iso_code_639_1.name.lower()
    return code if code in LANGUAGE_CODES else "und"
