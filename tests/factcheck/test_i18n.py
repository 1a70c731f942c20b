"""The desk speaks English, Italian and French: every user-facing template string is marked for
translation, the Italian and French catalogs are complete, their committed .mo files are
compiled from the .po files as they are, and the interface follows the reader's language."""

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
LANGUAGES = ["it", "fr"]
DOMAINS = ["django", "djangojs"]  # djangojs: the strings of static/js, served by /jsi18n/

# Template folders (and files) whose visible text is all marked for translation.
DONE = [
    "base.html",
    "404.html",
    "503.html",
    "_partials",
    "registration",
    "accounts",
    "articles",
    "admin",
    "claims/public",
    "claims/dossiers",
    "claims/reader",
    "claims/review",
    "claims/stories",
]
# Words that are no sentence to translate: names, formats, symbols.
ALLOWED = {"Atom", "RSS", "JSON", "API", "FreeOTP", "Aegis", "Google", "Authenticator", "1Password"}


def _catalog(language: str, ext: str = "po", domain: str = "django") -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{domain}.{ext}"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_no_untranslated_or_fuzzy_entry(language, domain):
    po = polib.pofile(str(_catalog(language, domain=domain)))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not untranslated, f"{language}: untranslated {untranslated}"
    assert not fuzzy, f"{language}: fuzzy {fuzzy}"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_is_up_to_date_with_its_po_file(language, domain, tmp_path):
    """The .mo files are committed (a machine without gettext serves them): each must hold
    exactly what its .po file says (python manage.py compilemessages -i .venv after an edit)."""
    fresh = tmp_path / "fresh.mo"
    polib.pofile(str(_catalog(language, domain=domain))).save_as_mofile(str(fresh))
    with fresh.open("rb") as expected, _catalog(language, "mo", domain).open("rb") as committed:
        want = gettext.GNUTranslations(expected)._catalog  # type: ignore[attr-defined]
        have = gettext.GNUTranslations(committed)._catalog  # type: ignore[attr-defined]
    want.pop("", None), have.pop("", None)  # the headers (msgfmt and polib write different ones)
    assert have == want


_BLOCKS = re.compile(
    r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}"
    r"|{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}"
    r"|<script\b.*?</script>|<style\b.*?</style>",
    re.DOTALL,
)
_TAGS = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)
_ATTRIBUTES = re.compile(
    r'\b(?:title|aria-label|placeholder|alt)="([^"]*)"|<input[^>]*type="submit"[^>]*value="([^"]*)"'
)
_HTML = re.compile(r"<[^>]*>", re.DOTALL)
_WORD = re.compile(r"[^\W\d_]{2,}")


def untranslated_text(source: str) -> list[str]:
    """The words a template shows (text, and attributes people read) outside translation tags."""
    source = _TAGS.sub(" ", _BLOCKS.sub(" ", source))
    shown = [text for match in _ATTRIBUTES.findall(source) for text in match]
    shown.append(re.sub(r"&\w+;|&#\d+;", " ", _HTML.sub(" ", source)))
    return [word for text in shown for word in _WORD.findall(text) if word not in ALLOWED]


def _templates(folder: str) -> list[Path]:
    path = TEMPLATES / folder
    return [path] if path.is_file() else sorted(path.rglob("*.html"))


def _unmarked(folder: str) -> dict[str, list[str]]:
    found = {}
    for path in _templates(folder):
        words = untranslated_text(path.read_text())
        if words:
            found[str(path.relative_to(TEMPLATES))] = words[:12]
    return found


def test_the_scan_finds_unmarked_text_and_accepts_marked_text():
    assert untranslated_text('<p title="Open it">{% translate "Hello" %} {{ name }}</p>') == ["Open", "it"]
    assert untranslated_text("<h1>Dossiers</h1>") == ["Dossiers"]
    assert untranslated_text(
        '<input type="submit" value="Start import"><input type="hidden" value="yes">'
    ) == [
        "Start",
        "import",
    ]
    marked = "{% load i18n %}<h1>{% blocktranslate %}Hi {{ x }}{% endblocktranslate %}</h1>{# Note #}"
    assert untranslated_text(marked) == []


@pytest.mark.parametrize("folder", DONE)
def test_templates_have_no_text_outside_translation_tags(folder):
    assert _templates(folder), f"no template in {folder}"
    assert _unmarked(folder) == {}


def test_login_page_follows_accept_language(client):
    page = client.get("/accounts/login/", headers={"Accept-Language": "it-IT,it;q=0.9,en;q=0.5"})
    html = page.content.decode()
    assert '<html lang="it">' in html
    assert "Accedi" in html
    assert "Redazione di fact-checking" in html
    assert "Log in" not in html


def test_login_page_follows_the_language_cookie_over_accept_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get("/accounts/login/", headers={"Accept-Language": "it"}).content.decode()
    assert '<html lang="fr">' in html
    assert "Se connecter" in html


def test_language_switcher_remembers_the_choice(client):
    response = client.post("/i18n/setlang/", {"language": "it", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "it"
    html = client.get("/accounts/login/").content.decode()  # no Accept-Language: the cookie decides
    assert '<html lang="it">' in html
    assert "Accedi" in html
    assert 'name="language"' in html
    assert re.search(r'<option value="it"\s+lang="it"\s+selected', html)


def test_javascript_catalog_speaks_italian(client):
    """static/js strings (gettext in the JS) come translated from /jsi18n/ in the reader's language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    script = client.get("/jsi18n/").content.decode()
    assert '"New claim": "Nuova affermazione"' in script


def test_every_template_is_scanned():
    """A new template folder cannot slip past the scan: every template is under DONE, except
    drf-spectacular's Swagger page (the API's own documentation tool, in English)."""
    scanned = {path for folder in DONE for path in _templates(folder)}
    every = {path for path in TEMPLATES.rglob("*.html") if "drf_spectacular" not in path.parts}
    assert every - scanned == set()
