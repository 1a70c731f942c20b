"""The Behemoth dossier page passes axe-core (vendored in static/vendor/axe-core/, never fetched)
on a desktop and a phone viewport, and a fact's permalink opens the collapsed fact."""

import json
from pathlib import Path

import pytest

from claims.models import DossierRevision
from tests.browser.test_highlighter import page  # noqa: F401 (the `page` fixture)
from tests.claims.conftest import behemoth_dossier, demo_desk  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"

RUN_AXE = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
}"""


@pytest.mark.parametrize(("width", "height"), [(1366, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_behemoth_dossier_has_no_axe_violation(
    page,  # noqa: F811
    live_server,
    behemoth_dossier,  # noqa: F811
    width,
    height,
):
    page.set_viewport_size({"width": width, "height": height})
    response = page.goto(f"{live_server.url}/dossiers/{behemoth_dossier.story.slug}/")
    assert response.status == 200
    # The vendored file as the page's own origin serves it: the strict policy refuses an inline
    # script (what `add_script_tag(path=...)` inserts), and the test keeps the policy on.
    assert AXE.is_file()
    page.add_script_tag(url=f"{live_server.url}/static/vendor/axe-core/axe.min.js")
    violations = page.evaluate(RUN_AXE)
    assert violations == [], json.dumps(violations, indent=2)
    # Every fact opened, too: what a reader sees once they expand them.
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    violations = page.evaluate(RUN_AXE)
    assert violations == [], json.dumps(violations, indent=2)


def test_a_fact_permalink_opens_the_fact(page, live_server, behemoth_dossier):  # noqa: F811
    revision: DossierRevision = behemoth_dossier
    fact = revision.snapshot["facts"][3]["id"]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/dossiers/{revision.story.slug}/v{revision.number}/#fact-{fact}")
    details = page.locator(f"article:has(#fact-{fact}) > details")
    page.wait_for_function(f"() => document.getElementById('fact-{fact}').closest('details').open")
    assert details.evaluate("(d) => d.open")
    assert page.locator(f"#fact-{fact}").is_visible()
    others = page.evaluate("() => [...document.querySelectorAll('details')].filter((d) => d.open).length")
    assert others == 1  # only the fact the permalink names
    # A link on the page (the contents) opens another fact.
    other = revision.snapshot["facts"][5]["id"]
    page.click(f'.toc a[href="#fact-{other}"]')
    page.wait_for_function(f"() => document.getElementById('fact-{other}').closest('details').open")
