// The claim highlighter: turns a text selection in the article body into a new-claim form.
//
// Offsets: the server counts Unicode code points; JavaScript strings count UTF-16 code units,
// which differ after any character outside the Basic Multilingual Plane (emoji). Offsets are
// converted here, before they leave the browser: [...text].length counts code points.

const codePoints = (text) => [...text].length;

function selectionSpan(body) {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.setStart(body, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const exact = range.toString();
  if (!exact.trim()) return null;
  const start = codePoints(before.toString());
  return { start, end: start + codePoints(exact), exact, rect: range.getBoundingClientRect() };
}

function removePopover() {
  document.querySelector(".claim-popover")?.remove();
}

function showPopover(reader, span) {
  removePopover();
  const button = document.createElement("button");
  button.type = "button";
  button.className = "claim-popover";
  button.textContent = "New claim";
  button.style.top = `${window.scrollY + span.rect.bottom + 6}px`;
  button.style.left = `${window.scrollX + span.rect.left}px`;
  button.addEventListener("click", () => {
    removePopover();
    // POST: a long selection does not fit in a URL (nor belongs in access logs).
    window.htmx.ajax("POST", reader.dataset.claimNewUrl, {
      target: "#claim-form-slot",
      swap: "innerHTML",
      values: { start: span.start, end: span.end, exact: span.exact, show_form: "1" },
    }).then(() => document.querySelector("#claim-form-slot textarea")?.focus({ preventScroll: true }));
  });
  document.body.append(button);
}

function reattach(reader, buttonEl) {
  const span = selectionSpan(reader.querySelector("#article-body"));
  if (!span) {
    window.alert("Select the text to re-attach the claim to, then press the button.");
    return;
  }
  window.htmx.ajax("POST", buttonEl.dataset.url, {
    target: "#reader",
    values: { start: span.start, end: span.end, exact: span.exact },
  });
}

function flashClaim(reader, claimId, on) {
  for (const mark of reader.querySelectorAll("mark.claim-span")) {
    if (mark.dataset.claims.split(" ").includes(String(claimId))) mark.classList.toggle("active", on);
  }
}

// A selection made with the mouse, the keyboard (Shift + arrows in the focusable body) or a
// finger offers the popover; Escape or any swap of the reader takes it away.
function offerClaim(event) {
  const reader = document.querySelector(".reader");
  if (!reader || event.target.closest?.(".claim-popover, button.reattach")) return;
  if (event.type === "keyup" && event.key === "Escape") return removePopover();
  const span = reader.dataset.claimNewUrl && selectionSpan(reader.querySelector("#article-body"));
  if (span) showPopover(reader, span);
  else removePopover();
}
for (const type of ["mouseup", "keyup", "touchend"]) document.addEventListener(type, offerClaim);

document.addEventListener("click", (event) => {
  const reader = document.querySelector(".reader");
  const button = event.target.closest("button.reattach");
  if (reader && button) {
    removePopover();
    reattach(reader, button);
  }
});

for (const type of ["mouseover", "mouseout"]) {
  document.addEventListener(type, (event) => {
    const item = event.target.closest(".claim[data-claim]");
    const reader = document.querySelector(".reader");
    if (item && reader) flashClaim(reader, item.dataset.claim, type === "mouseover");
  });
}

document.addEventListener("htmx:afterSwap", () => {
  removePopover();
  const reader = document.querySelector(".reader");
  const focus = reader?.dataset.focusClaim;
  if (focus) document.getElementById(`claim-${focus}`)?.scrollIntoView({ block: "nearest" });
});
