"""The desk in Italian, in real Chromium: a fact-checker with the interface in Italian (the
language cookie) opens the work list, the reader of an Italian article, makes a claim from the
"Find a passage" box, completes and submits it; an editor approves it. On every page no English
interface text is left, and axe-core reports no violation.

The English check: every msgid of the Italian catalog whose translation differs from it is cut
into its literal runs (placeholders such as %(user)s and HTML tags split it); each run of at least
three words is English only the interface can show, since everything else on these pages (the
article, the claim, the comments, the names) is written in Italian here. A page whose visible
text holds one of those runs shows an untranslated string. Shorter runs ("Claim", "by") are left
out: they also occur inside names, urls and Italian text, and would make the check flaky."""

import json
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from claims.models import Claim, ClaimSource, Source, Verdict
from tests.browser.test_dossier_accessibility import RUN_AXE
from tests.browser.test_highlighter import page  # noqa: F401 (the `page` fixture)
from tests.factories import PASSWORD, ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "Meta ha annunciato che Behemoth ha duemila miliardi di parametri.\n"
    "Il lancio di Behemoth è stato rinviato all'autunno, secondo due ingegneri."
)
CATALOG = Path(settings.BASE_DIR) / "locale" / "it" / "LC_MESSAGES" / "django.po"
_SPLIT = re.compile(r"%\(\w+\)[sdr]|%[sd]|<[^>]*>|\{\{.*?\}\}|\{\w*\}")


def _english_runs() -> set[str]:
    runs = set()
    for entry in polib.pofile(str(CATALOG)):
        if entry.obsolete or not entry.msgstr or entry.msgstr == entry.msgid:
            continue
        for run in _SPLIT.split(entry.msgid):
            run = " ".join(run.split()).strip(" .,:;()“”")
            if len(run.split()) >= 3:
                runs.add(run)
    return runs


ENGLISH = _english_runs()


def _check(browser, live_server) -> None:
    """No English interface text on the page, and no axe-core violation."""
    text = " ".join(browser.evaluate("() => document.body.innerText").split())
    left = sorted(run for run in ENGLISH if run in text)
    assert left == [], f"English left on {browser.url}: {left}"
    assert browser.evaluate("() => document.documentElement.lang") == "it"
    browser.add_script_tag(url=f"{live_server.url}/static/vendor/axe-core/axe.min.js")
    violations = browser.evaluate(RUN_AXE)
    assert violations == [], json.dumps(violations, indent=2)


def _log_in(browser, live_server, user) -> None:
    browser.context.clear_cookies()
    browser.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "it", "url": live_server.url}]
    )
    browser.goto(f"{live_server.url}/accounts/login/")
    browser.fill("input[name=username]", user.username)
    browser.fill("input[name=password]", PASSWORD)
    browser.click("main button[type=submit]")
    browser.wait_for_load_state()


def test_the_desk_speaks_italian_from_work_list_to_approval(page, live_server, fact_checker, editor):  # noqa: F811
    assert len(ENGLISH) > 100  # the rule has something to check
    article = ArticleFactory(body=BODY, language="it", title="Behemoth rinviato")

    _log_in(page, live_server, fact_checker)
    page.goto(f"{live_server.url}/")
    _check(page, live_server)

    page.goto(f"{live_server.url}/articles/{article.pk}/")
    page.wait_for_selector("#article-body")
    _check(page, live_server)
    page.focus("#find-passage")
    page.keyboard.type("duemila miliardi di parametri")
    page.wait_for_function("() => !document.getElementById('new-claim-from-passage').hidden")
    page.click("#new-claim-from-passage")
    page.wait_for_function("() => document.activeElement.name === 'statement'")
    page.fill("textarea[name=statement]", "Behemoth ha duemila miliardi di parametri.")
    page.fill("input[name=claimant]", "Meta")
    page.press("input[name=claimant]", "Enter")
    page.wait_for_selector("mark.claim-span")
    _check(page, live_server)
    claim = Claim.objects.get()

    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    _check(page, live_server)
    # The evidence, as the author would give it, then Submit from the page.
    Verdict.objects.create(
        claim=claim, rating="true", rationale="Lo dice l'annuncio di Meta.", author=fact_checker
    )
    source = Source.objects.create(url="https://ai.meta.com/blog/llama-4/", title="Il gregge Llama 4")
    ClaimSource.objects.create(claim=claim, source=source, stance="supports", added_by=fact_checker)
    page.reload()
    _check(page, live_server)
    page.click("button:has-text('Invia in revisione')")
    page.wait_for_load_state()
    assert "L'affermazione è ora in attesa di revisione." in page.inner_text("body")
    _check(page, live_server)

    _log_in(page, live_server, editor)
    page.goto(f"{live_server.url}/")
    _check(page, live_server)
    page.goto(f"{live_server.url}/claims/{claim.pk}/")
    _check(page, live_server)
    page.click("button:has-text('Approva')")
    page.wait_for_load_state()
    assert "L'affermazione è approvata." in page.inner_text("body")
    _check(page, live_server)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED
