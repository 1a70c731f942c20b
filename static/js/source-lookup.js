// The claim page's "Add a source" form: offer the source the desk already knows for a pasted url.
// gettext and interpolate come from Django's JavaScript catalog (/jsi18n/, loaded by base.html).
// The form carries the lookup endpoint in data-lookup-url; the answer goes to #source-known.

{
  const form = document.getElementById("source-form");
  form?.querySelector("[name=url]")?.addEventListener("change", async (event) => {
    const response = await fetch(`${form.dataset.lookupUrl}?url=${encodeURIComponent(event.target.value)}`);
    const data = await response.json();
    const known = document.getElementById("source-known");
    known.textContent = data.source
      ? interpolate(
          gettext("Known source: “%(title)s” (%(publisher)s) — it will be reused."),
          { title: data.source.title, publisher: data.source.publisher || gettext("no publisher") },
          true,
        )
      : "";
    for (const name of ["title", "publisher", "published_on", "archived_url"]) {
      const field = form.querySelector(`[name=${name}]`);
      if (field) field.disabled = Boolean(data.source);
    }
  });
}
