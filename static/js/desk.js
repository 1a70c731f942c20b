// Behaviour shared by the desk's pages, delegated from the document so that it also works in
// fragments htmx swaps in later.

// A form's Cancel button (`button.cancel`, type="button") takes the form away, as when it was
// loaded into a slot of the reader. Focus goes back to the control that opened the form, unless
// a page takes care of it (a `desk:form-cancelled` listener calling preventDefault).
document.addEventListener("click", (event) => {
  const cancel = event.target.closest?.("form button.cancel[type=button]");
  if (!cancel) return;
  const slot = cancel.closest("form").parentElement;
  cancel.closest("form").remove();
  const cancelled = new CustomEvent("desk:form-cancelled", { bubbles: true, cancelable: true });
  if (slot.dispatchEvent(cancelled) && slot.deskOpener?.isConnected) slot.deskOpener.focus();
});

// A form swapped into a slot (an element whose id ends in "-slot") takes focus: its first field
// in error, or else its first field; the slot remembers what opened it, for Cancel.
document.addEventListener("htmx:beforeRequest", (event) => {
  const target = event.detail.target;
  if (target?.id?.endsWith("-slot") && event.detail.elt !== target) target.deskOpener = event.detail.elt;
});
document.addEventListener("htmx:afterSwap", (event) => {
  const slot = event.detail.target;
  if (!slot?.id?.endsWith("-slot")) return;
  const fields = "input:not([type=hidden]):not([disabled]), textarea:not([disabled]), select:not([disabled])";
  const field = slot.querySelector(`[aria-invalid=true]`) || slot.querySelector(`form :is(${fields})`);
  field?.focus();
});
