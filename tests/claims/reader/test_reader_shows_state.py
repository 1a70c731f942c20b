"""The reader shows each claim's state: highlights marked by status and verdict (in classes and
in words), a legend with counts, verdict badges in the side panel, and controls with names of
their own."""

import re

import pytest
from django.urls import reverse

from claims.models import Verdict
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Meta said Behemoth has 2 trillion parameters. The launch was delayed to the autumn, "
    "according to two engineers. Behemoth was still training in June, the company said."
)


@pytest.fixture
def article_with_states(editor):
    article = ArticleFactory(body=BODY)
    draft = ClaimFactory(article=article, quote="Meta said Behemoth", statement="Meta said it.")
    approved = ClaimFactory(article=article, quote="2 trillion parameters", status="approved")
    Verdict.objects.create(
        claim=approved, rating="mostly_false", rationale="No.", author=approved.author, approved_by=editor
    )
    return article, draft, approved


def _reader(client, article) -> str:
    return client.get(reverse("claims:reader", args=[article.pk])).content.decode()


def test_highlights_carry_status_and_verdict_in_classes_and_words(client, fact_checker, article_with_states):
    article, draft, approved = article_with_states
    client.force_login(fact_checker)
    html = _reader(client, article)
    assert re.search(
        rf'<mark class="claim-span depth-1 hl-approved hl-verdict-mostly-false claim-end" '
        rf'title="[^"]*\(Approved, verdict: Mostly false\)" data-claims="{approved.pk}">2 trillion parameters</mark>',
        html,
    )
    assert re.search(
        rf'hl-draft hl-verdict-none claim-end" title="Meta said it. \(Draft, no verdict\)" data-claims="{draft.pk}"',
        html,
    )


def test_legend_counts_claims_by_status_and_lists_the_verdicts_present(
    client, fact_checker, article_with_states
):
    article, *_ = article_with_states
    client.force_login(fact_checker)
    html = _reader(client, article)
    legend = html[html.index('<fieldset class="reader-legend">') : html.index("</fieldset>")]
    for label, count in [("Draft", 1), ("In review", 0), ("Approved", 1), ("Retracted", 0)]:
        assert re.search(rf"{label} \({count}\)", legend)
    assert legend.count('class="status-filter"') == 6
    assert "Mostly false" in legend
    assert "hl-verdict-false" not in legend  # only the verdicts the article's claims carry


def test_side_panel_shows_the_verdict_badge_of_each_claim(client, fact_checker, article_with_states):
    article, draft, approved = article_with_states
    client.force_login(fact_checker)
    html = _reader(client, article)
    entry = html[html.index(f'id="claim-{approved.pk}"') :]
    assert '<span class="badge rating-mostly-false"' in entry[: entry.index("</li>")]
    entry = html[html.index(f'id="claim-{draft.pk}"') :]
    assert '<span class="badge badge-none">' in entry[: entry.index("</li>")]


def test_suggestion_buttons_are_named_by_their_sentence(client, fact_checker):
    article = ArticleFactory(body=BODY)
    client.force_login(fact_checker)
    html = _reader(client, article)
    names = re.findall(r'aria-label="(Make it a claim: [^"]+)"', html)
    assert len(names) >= 2
    assert len(set(names)) == len(names)


def test_reader_queries_do_not_grow_with_claims_and_verdicts(
    client, fact_checker, editor, django_assert_max_num_queries
):
    article = ArticleFactory(body=" ".join(f"Claim number {n} says {n} billion." for n in range(40)))
    for n in range(40):
        claim = ClaimFactory(article=article, quote=f"number {n} says {n} billion", status="approved")
        Verdict.objects.create(
            claim=claim, rating="true", rationale="Yes.", author=claim.author, approved_by=editor
        )
    client.force_login(fact_checker)
    with django_assert_max_num_queries(20):
        html = _reader(client, article)
    assert html.count("badge rating-true") == 40
