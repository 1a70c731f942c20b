// The claim highlighter: turns a text selection in the article body into a new-claim form.
//
// Three ways to a selection, all ending in the same claim form: the mouse (a "New claim" popover
// by the selection), the keyboard (the body is a read-only editing host, so Tab, then Shift and
// the arrow keys select text as in a text field; the "New claim from selection" button follows
// it), and the "Find a passage" box (the typed text is found and marked in the body).
//
// Offsets: the server counts Unicode code points; JavaScript strings count UTF-16 code units,
// which differ after any character outside the Basic Multilingual Plane (emoji). Offsets are
// converted here, before they leave the browser: [...text].length counts code points.

const codePoints = (text) => [...text].length;
const FOUND = "found-passage";

// The spans waiting for the "New claim" buttons: the body's selection, and the found passage.
const pending = { selection: null, found: null };
// Statuses whose highlights the legend's filter hides; kept across swaps of the reader.
const hiddenStatuses = new Set();
// The found passages of the current query, and which one is shown.
const search = { query: "", matches: [], index: -1 };

const articleBody = () => document.getElementById("article-body");
const theReader = () => document.querySelector(".reader");

function spanOfRange(body, range) {
  const before = document.createRange();
  before.setStart(body, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const exact = range.toString();
  if (!exact.trim()) return null;
  const start = codePoints(before.toString());
  return { start, end: start + codePoints(exact), exact, range };
}

function selectionSpan(body) {
  const selection = window.getSelection();
  if (!body || !selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) return null;
  return spanOfRange(body, range);
}

// --- the claim form -------------------------------------------------------------------------

function openClaimForm(reader, span) {
  removePopover();
  // POST: a long selection does not fit in a URL (nor belongs in access logs).
  window.htmx.ajax("POST", reader.dataset.claimNewUrl, {
    target: "#claim-form-slot",
    swap: "innerHTML",
    values: { start: span.start, end: span.end, exact: span.exact, show_form: "1" },
  });
}

function setPending(kind, span) {
  pending[kind] = span;
  const button = document.getElementById(kind === "found" ? "new-claim-from-passage" : "new-claim-from-selection");
  if (button) button.hidden = !span;
}

// --- the mouse: a popover by the selection ----------------------------------------------------

function removePopover() {
  document.querySelector(".claim-popover")?.remove();
}

function showPopover(reader, span) {
  removePopover();
  const rect = span.range.getBoundingClientRect();
  const button = document.createElement("button");
  button.type = "button";
  button.className = "claim-popover";
  button.textContent = message(reader, "msgNewClaim") || gettext("New claim"); // the /jsi18n/ catalog
  button.style.top = `${window.scrollY + rect.bottom + 6}px`;
  button.style.left = `${window.scrollX + rect.left}px`;
  button.addEventListener("click", () => openClaimForm(reader, span));
  document.body.append(button);
}

function offerClaim(event) {
  const reader = theReader();
  if (!reader || event.target.closest?.(".claim-popover, button.reattach")) return;
  const span = reader.dataset.claimNewUrl && selectionSpan(articleBody());
  if (span) showPopover(reader, span);
  else removePopover();
}
for (const type of ["mouseup", "touchend"]) document.addEventListener(type, offerClaim);

// --- the keyboard: a read-only editing host ---------------------------------------------------

// Chromium has no caret browsing to turn on from a page: an editing host gives the keyboard a
// caret and Shift + arrow selection. Every edit is refused before it happens; the few that
// cannot be refused (an input method's composition) are undone from the text as served.
function prepareBody() {
  const body = articleBody();
  if (!body || body.isContentEditable) return;
  body.contentEditable = "true";
  const served = body.innerHTML;
  body.addEventListener("beforeinput", (event) => event.preventDefault());
  body.addEventListener("drop", (event) => event.preventDefault());
  body.addEventListener("input", () => {
    body.innerHTML = served;
  });
}

document.addEventListener("selectionchange", () => {
  const body = articleBody();
  if (!body || !theReader()?.dataset.claimNewUrl) return;
  const span = selectionSpan(body);
  if (span) return setPending("selection", span);
  // A caret in the body (nothing selected), or a new selection elsewhere, takes the offer away;
  // focus moving to a button or a field (a collapsed selection outside the body) keeps it.
  const selection = window.getSelection();
  const inBody = selection.rangeCount > 0 && body.contains(selection.anchorNode);
  if (inBody || !selection.isCollapsed) setPending("selection", null);
});

document.addEventListener("keyup", (event) => {
  if (event.key === "Escape" && theReader()) {
    removePopover();
    if (articleBody()?.contains(event.target)) window.getSelection().collapseToStart();
  }
});

// --- the "Find a passage" box -----------------------------------------------------------------

function textPosition(body, index) {
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  let node;
  let seen = 0;
  while ((node = walker.nextNode())) {
    if (index <= seen + node.data.length) return [node, index - seen];
    seen += node.data.length;
  }
  return [body, body.childNodes.length];
}

function findAll(body, query) {
  const words = query.trim().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  // Any run of white space (a no-break space too) matches any other; letter case is ignored.
  const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(escaped.join("\\s+"), "giu");
  const text = body.textContent;
  const matches = [];
  for (const match of text.matchAll(pattern)) {
    const range = document.createRange();
    range.setStart(...textPosition(body, match.index));
    range.setEnd(...textPosition(body, match.index + match[0].length));
    matches.push(range);
  }
  return matches;
}

function message(reader, key, values = {}) {
  return (reader.dataset[key] || "").replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

function showMatch(reader, index) {
  const body = articleBody();
  search.index = index;
  const range = search.matches[index];
  if (window.CSS?.highlights) window.CSS.highlights.set(FOUND, new window.Highlight(range));
  range.startContainer.parentElement?.scrollIntoView({ block: "nearest" });
  if (reader.dataset.claimNewUrl) setPending("found", spanOfRange(body, range));
}

function clearFound() {
  window.CSS?.highlights?.delete(FOUND);
  setPending("found", null);
}

function findPassage(query, { next = false } = {}) {
  const reader = theReader();
  const status = document.getElementById("find-status");
  if (!reader || !status) return;
  if (!next || query !== search.query) {
    search.query = query;
    search.matches = findAll(articleBody(), query);
    search.index = -1;
  }
  const count = search.matches.length;
  if (!query.trim()) {
    status.textContent = "";
    return clearFound();
  }
  if (!count) {
    status.textContent = message(reader, "msgNotFound");
    return clearFound();
  }
  const index = next ? (search.index + 1) % count : 0;
  showMatch(reader, index);
  if (count === 1) status.textContent = message(reader, "msgFound");
  else if (index === 0) status.textContent = message(reader, "msgMatches", { count });
  else status.textContent = message(reader, "msgMatchN", { n: index + 1, count });
}

let typing = null;
document.addEventListener("input", (event) => {
  if (event.target.id !== "find-passage") return;
  clearTimeout(typing);
  typing = setTimeout(() => findPassage(event.target.value), 250);
});

document.addEventListener("submit", (event) => {
  if (!event.target.matches(".find-passage")) return;
  event.preventDefault();
  clearTimeout(typing);
  const query = event.target.querySelector("#find-passage").value;
  findPassage(query, { next: query === search.query && search.index >= 0 });
});

// --- the legend's filter ----------------------------------------------------------------------

function applyFilter(reader) {
  const statusOf = new Map();
  for (const item of reader.querySelectorAll(".claim[data-claim][data-status]")) {
    statusOf.set(item.dataset.claim, item.dataset.status);
    item.hidden = hiddenStatuses.has(item.dataset.status);
  }
  for (const mark of reader.querySelectorAll("mark.claim-span")) {
    const shown = mark.dataset.claims.split(" ").some((id) => !hiddenStatuses.has(statusOf.get(id)));
    mark.classList.toggle("filtered", !shown);
  }
  for (const box of reader.querySelectorAll("input.status-filter")) box.checked = !hiddenStatuses.has(box.value);
}

document.addEventListener("change", (event) => {
  const box = event.target.closest?.("input.status-filter");
  const reader = theReader();
  if (!box || !reader) return;
  if (box.checked) hiddenStatuses.delete(box.value);
  else hiddenStatuses.add(box.value);
  applyFilter(reader);
});

// --- buttons ----------------------------------------------------------------------------------

function reattach(reader, buttonEl) {
  const span = selectionSpan(articleBody()) || pending.selection || pending.found;
  if (!span) {
    window.alert(message(reader, "msgReattach"));
    return;
  }
  window.htmx.ajax("POST", buttonEl.dataset.url, {
    target: "#reader",
    values: { start: span.start, end: span.end, exact: span.exact },
  });
}

document.addEventListener("click", (event) => {
  const reader = theReader();
  if (!reader) return;
  const button = event.target.closest("button.reattach, button.new-claim-button");
  if (!button) return;
  removePopover();
  if (button.classList.contains("reattach")) return reattach(reader, button);
  const span = button.id === "new-claim-from-passage" ? pending.found : pending.selection;
  if (span) openClaimForm(reader, span);
});

function flashClaim(reader, claimId, on) {
  for (const mark of reader.querySelectorAll("mark.claim-span")) {
    if (mark.dataset.claims.split(" ").includes(String(claimId))) mark.classList.toggle("active", on);
  }
}

for (const type of ["mouseover", "mouseout", "focusin", "focusout"]) {
  document.addEventListener(type, (event) => {
    const item = event.target.closest?.(".claim[data-claim]");
    const reader = theReader();
    if (item && reader) flashClaim(reader, item.dataset.claim, type === "mouseover" || type === "focusin");
  });
}

// --- focus after htmx swaps -------------------------------------------------------------------

// Cancelling the claim form sends focus back to the text, with the span that was being claimed
// selected again (desk.js announces the cancel; it would otherwise focus the opener).
document.addEventListener("desk:form-cancelled", (event) => {
  const body = articleBody();
  if (!body || !body.parentElement.closest(".reader")?.contains(event.target)) return;
  event.preventDefault();
  const span = pending.selection;
  body.focus({ preventScroll: true });
  if (span?.range && body.contains(span.range.startContainer)) {
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(span.range);
  }
});

// After the reader is swapped in (a claim saved, deleted, re-attached): the new or edited claim
// takes focus in the side panel (its highlight outlined), or else the text does.
document.addEventListener("htmx:afterSwap", (event) => {
  removePopover();
  const reader = theReader();
  if (!reader || event.detail.target.id !== "reader") return;
  setPending("selection", null);
  clearFound();
  search.query = "";
  prepareBody();
  applyFilter(reader);
  const claim = reader.dataset.focusClaim && document.getElementById(`claim-${reader.dataset.focusClaim}`);
  if (claim) {
    claim.scrollIntoView({ block: "nearest" });
    claim.focus({ preventScroll: true });
  } else if (!document.activeElement || document.activeElement === document.body) {
    articleBody()?.focus({ preventScroll: true });
  }
});

prepareBody();
