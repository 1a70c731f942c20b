"""axe-core (vendored in static/vendor/axe-core/, never fetched) run on the page a browser test
has open: `assert_no_axe_violations(page)` at each page a test visits."""

import json

AXE_URL = "/static/vendor/axe-core/axe.min.js"

RUN_AXE = """async () => {
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
}"""


def assert_no_axe_violations(page, where: str = "") -> None:
    """axe-core finds nothing on the page as it is now (after the test's own steps on it)."""
    # The script from the page's own origin: the strict policy refuses the inline script that
    # `add_script_tag(path=...)` would insert, and the tests keep the policy on.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        origin = page.evaluate("() => window.location.origin")
        page.add_script_tag(url=f"{origin}{AXE_URL}")
    violations = page.evaluate(RUN_AXE)
    assert violations == [], f"{where or page.url}\n{json.dumps(violations, indent=2)}"
