// Behaviour shared by the desk's pages, delegated from the document so that it also works in
// fragments htmx swaps in later.

// A form's Cancel button (`button.cancel`, type="button") takes the form away, as when it was
// loaded into a slot of the reader.
document.addEventListener("click", (event) => {
  const cancel = event.target.closest?.("form button.cancel[type=button]");
  if (cancel) cancel.closest("form").remove();
});
