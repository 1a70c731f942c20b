"""Words and their lemmas, in the languages the desk reads (simplemma's dictionaries, shipped in
its wheel: no model, no network).

A token keeps its place in the text, its surface form lowercased and its lemma: "posticipato"
→ "posticipare", "retardée" → "retardé", "abandoned" → "abandon". Claim suggestions and matching
work on lemmas, so that one entry of the lexicon (claims/language/lexicon.py) finds every
inflection of a word.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import simplemma

# The languages simplemma is asked for; a text in another language (or none) is read as any of
# the desk's three main ones, the first that knows the word.
LANGUAGES = ("it", "fr", "en", "de", "es")
FALLBACK = ("en", "it", "fr")

# A word: letters and digits, with inner apostrophes or hyphens ("open-source", "l’IA" is split
# at the apostrophe below, as the article it carries is not part of the word).
_WORD = re.compile(r"\w+(?:[-‐]\w+)*", re.UNICODE)
_ELIDED = re.compile(r"^(?:l|d|j|n|s|c|qu|un|dell|all|dall|nell|sull|m|t)['’](?=\w)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str  # as written
    lower: str
    lemma: str

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


def _languages(language: str) -> str | tuple[str, ...]:
    return language if language in LANGUAGES else FALLBACK


@lru_cache(maxsize=200_000)
def lemma(word: str, language: str) -> str:
    """The lemma of a lowercased `word` in `language` (the word itself when unknown)."""
    if word.isdigit():
        return word
    return simplemma.lemmatize(word, lang=_languages(language)).lower()


@lru_cache(maxsize=200_000)
def is_known(word: str, language: str) -> bool:
    """Whether `word` (lowercased) is a word of the language's dictionary."""
    return simplemma.is_known(word, lang=_languages(language))


def tokens(text: str, language: str) -> list[Token]:
    """The words of `text` with their lemmas, in order (an elided article, "l’" or "dell’",
    is left out of the word it is attached to)."""
    found = []
    for match in re.finditer(r"[\w'’‐-]+", text):
        word, start = match.group(0), match.start()
        elided = _ELIDED.match(word)
        if elided:
            word, start = word[elided.end() :], start + elided.end()
        for part in _WORD.finditer(word):
            lower = part.group(0).lower()
            found.append(
                Token(
                    start + part.start(),
                    start + part.end(),
                    part.group(0),
                    lower,
                    lemma(lower, language),
                )
            )
    return found
