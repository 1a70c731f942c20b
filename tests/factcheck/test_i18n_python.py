"""Python strings meant for users are marked for translation: a message shown on a desk page
(django.contrib.messages), an error a user reads (ValidationError, PermissionDenied, the desk's
refusals, an admin's message_user), a form field's label or help text, an admin action's or
column's description (`@admin.action(description=...)`, `@admin.display(description=...)`,
`short_description = ...`). Found by reading the code's syntax trees: a plain
string literal (or an f-string) in one of those places is unmarked; `_("...")`,
`gettext(...)`, `gettext_lazy(...)`, `ngettext(...)` and values built from them are marked.

Not scanned: the API (its messages go to programs, in English on purpose), migrations and
management commands (run by operators), models (their help texts are the admin's; the desk's
forms give translated labels and help texts of their own), and the import's per-file reasons
(stored records)."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ["claims", "articles", "factcheck"]
SKIPPED_PARTS = {"migrations", "management", "api", "tests"}
# Calls whose first argument is read by a user.
USER_CALLS = {
    "success",
    "error",
    "info",
    "warning",
    "ValidationError",
    "PermissionDenied",
    "EditConflict",
    "WorkflowError",
    "PublishError",
    "message_user",
}
# Calls whose text is the second argument: messages.success(request, "...").
REQUEST_FIRST = {"success", "error", "info", "warning", "message_user"}
USER_KEYWORDS = {"label", "help_text"}
# The admin's decorators: their description names an action or a column in the admin.
ADMIN_DECORATORS = {"action", "display"}


def _modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = set(path.relative_to(ROOT).parts)
            if not SKIPPED_PARTS & parts and "models" not in parts and path.name != "models.py":
                yield path


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _unmarked(node: ast.AST | None) -> bool:
    """A literal with letters in it, or an f-string: text no translation function saw."""
    if isinstance(node, ast.JoinedStr):
        return True
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and any(c.isalpha() for c in node.value)
    )


def _unmarked_in_call(node: ast.Call) -> list[str]:
    found = []
    name = _name(node)
    if name in USER_CALLS:
        args = node.args[1:] if name in REQUEST_FIRST else node.args
        if args and _unmarked(args[0]):
            found.append(f"{node.lineno}: {name}(...)")
    keywords = USER_KEYWORDS | {"description"} if name in ADMIN_DECORATORS else USER_KEYWORDS
    for keyword in node.keywords:
        if keyword.arg in keywords and _unmarked(keyword.value):
            found.append(f"{node.lineno}: {keyword.arg}=")
    return found


def _unmarked_short_description(node: ast.Assign) -> list[str]:
    """`method.short_description = "..."`: the admin's older way of naming an action or column."""
    named = any(isinstance(t, ast.Attribute) and t.attr == "short_description" for t in node.targets)
    return [f"{node.lineno}: short_description="] if named and _unmarked(node.value) else []


def unmarked_strings(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            found += _unmarked_in_call(node)
        elif isinstance(node, ast.Assign):
            found += _unmarked_short_description(node)
    return sorted(found, key=lambda line: int(line.split(":")[0]))


def test_the_scan_finds_unmarked_strings_and_accepts_marked_ones():
    source = (
        'messages.success(request, "Saved.")\n'
        'raise ValidationError(f"Bad {x}")\n'
        'forms.CharField(label="Name", help_text=_("Marked"))\n'
        'messages.error(request, _("Marked."))\n'
        'raise PermissionDenied(gettext("Marked"))\n'
        'raise ValidationError("")\n'
    )
    assert unmarked_strings(source) == ["1: success(...)", "2: ValidationError(...)", "3: label="]


def test_the_scan_finds_unmarked_admin_descriptions_and_messages():
    source = (
        '@admin.action(description="Approve", permissions=["review"])\n'
        "def approve(self, request, queryset): ...\n"
        '@admin.display(description="Published", ordering="published_on")\n'
        "def published(self, article): ...\n"
        'published.short_description = "Published"\n'
        'self.message_user(request, f"{n} claim(s) done.", messages.SUCCESS)\n'
        '@admin.action(description=gettext_lazy("Approve"))\n'
        "def approve_marked(self, request, queryset): ...\n"
        'retract.short_description = gettext_lazy("Retract")\n'
        'self.message_user(request, _("Done."))\n'
        'ImportBatch.objects.create(description="stored, not shown")\n'
    )
    assert unmarked_strings(source) == [
        "1: description=",
        "3: description=",
        "5: short_description=",
        "6: message_user(...)",
    ]


@pytest.mark.parametrize("path", list(_modules()), ids=lambda path: str(path.relative_to(ROOT)))
def test_user_strings_are_marked_for_translation(path):
    assert unmarked_strings(path.read_text(encoding="utf-8")) == []
