import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from claims.anchoring import AnchorError, reanchor, selector_for

NBSP = "\u00a0"
SEED_003_TAIL = f"le modèle «{NBSP}Behemoth{NBSP}» Llama 4.\n\n👉 Source ici"
# Text with characters outside the BMP, combining marks and NBSP, where offsets get tricky.
tricky_text = st.lists(
    st.sampled_from([*"abc éà\n«»’", NBSP, "👉", "😀", "e\u0301", "漢"]), min_size=1, max_size=200
).map("".join)


@st.composite
def body_and_span(draw, body=tricky_text):
    text = draw(body)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    assume(text[start:end].strip())
    return text, start, end


@given(body_and_span())
def test_any_span_round_trips_through_its_selectors(case):
    body, start, end = case
    selector = selector_for(body, start, end)
    assert body[selector.start : selector.end] == selector.exact
    assert body[: selector.start].endswith(selector.prefix)
    assert body[selector.end :].startswith(selector.suffix)
    assert len(selector.prefix) <= 32
    assert len(selector.suffix) <= 32
    assert selector_for(body, start, end, exact=selector.exact) == selector
    assert reanchor(selector, body, body) == selector


@st.composite
def edit_outside(draw):
    """A body, a span in it, and an edit (insertion and/or deletion) that does not touch it."""
    body, start, end = draw(body_and_span())
    before = draw(st.booleans())
    lo, hi = (0, start) if before else (end, len(body))
    at = draw(st.integers(lo, hi))
    cut_end = draw(st.integers(at, hi))
    insertion = draw(st.text(alphabet="xyz .\n👉é", max_size=30))
    assume(insertion or cut_end > at)
    return body, start, end, at, cut_end, insertion


@given(edit_outside())
def test_any_edit_outside_a_unique_quote_keeps_it_anchored_at_its_shifted_place(case):
    body, start, end, at, cut_end, insertion = case
    selector = selector_for(body, start, end)
    new_body = body[:at] + insertion + body[cut_end:]
    # Which of two identical passages an edit touched cannot be told from the texts alone;
    # for a quote that stands once before and after the edit, the answer is certain.
    assume(body.count(selector.exact) == 1 and new_body.count(selector.exact) == 1)
    moved = reanchor(selector, body, new_body)
    assert moved is not None
    assert moved.exact == selector.exact
    shift = len(insertion) - (cut_end - at) if at <= start else 0
    assert moved.start == start + shift


@given(edit_outside())
def test_an_edit_outside_a_repeated_quote_never_anchors_it_to_other_text(case):
    body, start, end, at, cut_end, insertion = case
    selector = selector_for(body, start, end)
    new_body = body[:at] + insertion + body[cut_end:]
    moved = reanchor(selector, body, new_body)
    # Either orphaned, or on the same quote (the edit did not touch it) — never on other text.
    assert moved is None or moved.exact == selector.exact


def test_offsets_counted_in_utf16_after_an_emoji_are_refused():
    """JavaScript counts the emoji twice; offsets not converted to code points miss the quote."""
    body = SEED_003_TAIL
    start = body.index("Source")
    utf16_start = len(body[:start].encode("utf-16-le")) // 2
    assert utf16_start == start + 1
    with pytest.raises(AnchorError, match="does not match"):
        selector_for(body, utf16_start, utf16_start + len("Source"), exact="Source")


def test_quote_that_disagrees_with_the_position_is_refused():
    with pytest.raises(AnchorError, match="does not match"):
        selector_for("Meta delays Behemoth", 0, 4, exact="Meta delays")


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (3, 3), (5, 2), (0, 999)])
def test_span_outside_the_body_is_refused(start, end):
    with pytest.raises(AnchorError):
        selector_for("Meta delays Behemoth", start, end)


def test_nbsp_quote_keeps_its_nbsp():
    start = SEED_003_TAIL.index("«")
    selector = selector_for(SEED_003_TAIL, start, start + len(f"«{NBSP}Behemoth{NBSP}»"))
    assert selector.exact == f"«{NBSP}Behemoth{NBSP}»"


BODY = "Meta said Behemoth has 2 trillion parameters. It was delayed to the autumn. Meta spent 72 billion."


def _claim(quote: str):
    start = BODY.index(quote)
    return selector_for(BODY, start, start + len(quote))


def test_unchanged_body_keeps_the_same_position():
    selector = _claim("2 trillion parameters")
    assert reanchor(selector, BODY, BODY) == selector


def test_moved_quote_is_found_at_its_new_place():
    selector = _claim("delayed to the autumn")
    new_body = (
        "Breaking: " + BODY.replace("It was delayed to the autumn. ", "") + " It was delayed to the autumn."
    )
    moved = reanchor(selector, BODY, new_body)
    assert new_body[moved.start : moved.end] == "delayed to the autumn"


def test_repeated_quote_anchors_where_its_context_matches():
    body = "Meta spent 72 billion in 2025. Analysts said Meta spent 72 billion too much."
    start = body.rindex("Meta spent 72 billion")
    selector = selector_for(body, start, start + len("Meta spent 72 billion"))
    new_body = "Update. " + body
    moved = reanchor(selector, body, new_body)
    assert moved.start == start + len("Update. ")


def test_typo_corrected_inside_the_quote_still_anchors():
    selector = _claim("2 trillion parameters")
    new_body = BODY.replace("2 trillion parameters", "2 trilion parameters").replace(
        "Meta said", "Meta has said"
    )
    moved = reanchor(selector, BODY, new_body)
    assert moved is not None
    assert moved.exact == "2 trilion parameters"


def test_deleted_quote_is_orphaned():
    selector = _claim("It was delayed to the autumn.")
    new_body = BODY.replace(" It was delayed to the autumn.", "")
    assert reanchor(selector, BODY, new_body) is None


def test_rewritten_quote_is_orphaned():
    selector = _claim("2 trillion parameters")
    new_body = BODY.replace("2 trillion parameters", "an undisclosed size")
    assert reanchor(selector, BODY, new_body) is None


def test_a_deleted_sentence_is_not_moved_onto_the_same_phrase_elsewhere():
    body = "Behemoth has 2 trillion parameters, Meta said. Rivals claim 2 trillion parameters too."
    start = body.index("2 trillion parameters")
    selector = selector_for(body, start, start + len("2 trillion parameters"))
    new_body = body.replace("Behemoth has 2 trillion parameters, Meta said. ", "")
    assert reanchor(selector, body, new_body) is None


def test_an_insertion_that_shifts_another_copy_onto_the_old_offsets_keeps_the_right_copy():
    body = "aaa Meta spent 72 billion. bbb Meta spent 72 billion. ccc"
    second = body.rindex("Meta spent 72 billion")
    selector = selector_for(body, second, second + len("Meta spent 72 billion"))
    insertion = "x" * (second - body.index("Meta spent 72 billion"))
    new_body = insertion + body
    moved = reanchor(selector, body, new_body)
    assert moved.start == second + len(insertion)


@given(
    tricky_text,
    st.lists(st.tuples(st.integers(0, 200), st.integers(1, 60)), max_size=12),
)
def test_highlighted_body_has_exactly_the_bodys_text(body, spans):
    """The browser computes offsets from the text content: the marks must add none."""
    import html
    import re
    from types import SimpleNamespace

    from claims.reader.selectors import highlight_body

    claims = [
        SimpleNamespace(pk=n, start=min(s, len(body) - 1), end=min(s + length, len(body)), is_orphaned=False)
        for n, (s, length) in enumerate(spans)
    ]
    claims = [c for c in claims if c.start < c.end]
    rendered = str(highlight_body(body, claims))
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)) == body
    marked = {int(pk) for ids in re.findall(r'data-claims="([\d ]+)"', rendered) for pk in ids.split()}
    assert marked == {c.pk for c in claims}
