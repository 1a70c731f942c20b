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
# A few hundred words decide the language of a news article; reading the rest costs time.
SAMPLE_CHARS = 1000
MIN_WORDS = 4
MIN_CONFIDENCE = 0.5


@cache
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_DETECTED).build()


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    cut = text.rfind(" ", 0, SAMPLE_CHARS)
    return text[: cut if cut > 0 else SAMPLE_CHARS]


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the text's language, or "und" when the detector cannot tell."""
    sample = _sample(text)
    if len(sample.split()) < MIN_WORDS:
        return "und"
    best = _detector().compute_language_confidence_values(sample)[0]
    if best.value < MIN_CONFIDENCE:
        return "und"
    code = best.language.iso_code_639_1.name.lower()
    return code if code in LANGUAGE_CODES else "und"
