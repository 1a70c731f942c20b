import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from claims.services.anchor import (
    AnchorError,
    codepoint_to_utf16,
    reanchor,
    selector_for,
    utf16_to_codepoint,
)

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


@given(body_and_span(), st.text(min_size=1, max_size=40), st.booleans())
def test_an_edit_outside_the_quote_keeps_it_anchored(case, insertion, before):
    body, start, end = case
    selector = selector_for(body, start, end)
    cut = start if before else end
    new_body = body[:cut] + insertion + body[cut:]
    moved = reanchor(selector, body, new_body)
    assert moved is not None
    assert moved.exact == selector.exact
    if new_body.count(selector.exact) == 1:
        assert moved.start == (start + len(insertion) if before else start)


@given(tricky_text)
def test_utf16_offsets_convert_both_ways(text):
    for offset in range(len(text) + 1):
        assert utf16_to_codepoint(text, codepoint_to_utf16(text, offset)) == offset


def test_emoji_counts_two_utf16_units_and_one_code_point():
    body = SEED_003_TAIL
    start = body.index("Source")
    utf16_start = len(body[:start].encode("utf-16-le")) // 2  # what JavaScript's indexOf says
    assert utf16_start == start + 1  # the emoji before it is a surrogate pair
    assert utf16_to_codepoint(body, utf16_start) == start
    assert codepoint_to_utf16(body, start) == utf16_start


def test_utf16_offset_inside_a_surrogate_pair_is_refused():
    with pytest.raises(AnchorError, match="inside a character"):
        utf16_to_codepoint("a👉b", 2)


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
