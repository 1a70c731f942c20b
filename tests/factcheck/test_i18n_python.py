"""Python strings meant for users are marked for translation: a message shown on a desk page
(django.contrib.messages), an error a user reads (ValidationError, PermissionDenied, the desk's
refusals), a form field's label or help text. Found by reading the code's syntax trees: a plain
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
}
USER_KEYWORDS = {"label", "help_text"}


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


def unmarked_strings(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        if name in USER_CALLS:
            # messages.success(request, "..."): the text is the second argument.
            args = node.args[1:] if name in {"success", "error", "info", "warning"} else node.args
            if args and _unmarked(args[0]):
                found.append(f"{node.lineno}: {name}(...)")
        for keyword in node.keywords:
            if keyword.arg in USER_KEYWORDS and _unmarked(keyword.value):
                found.append(f"{node.lineno}: {keyword.arg}=")
    return found


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


@pytest.mark.parametrize("path", list(_modules()), ids=lambda path: str(path.relative_to(ROOT)))
def test_user_strings_are_marked_for_translation(path):
    assert unmarked_strings(path.read_text(encoding="utf-8")) == []
