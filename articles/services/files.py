"""The files an import reads: files and folders on disk, and the entries of zip archives
(with the checks that keep a hostile archive out)."""

import posixpath
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings

from articles.services.readers import InputFile, format_size


def files_from_paths(paths: Iterable[Path]) -> Iterator[InputFile | tuple[str, str]]:
    for path in paths:
        if path.is_dir():
            children = sorted(p for p in path.rglob("*") if p.is_file() and not _is_hidden(p, path))
            for child in children:
                yield _disk_file(child)
        elif path.is_file():
            yield _disk_file(path)
        else:
            yield (str(path), "no such file or directory")


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in path.relative_to(root).parts)


def _disk_file(path: Path) -> InputFile:
    return InputFile(name=str(path), open=lambda: path.open("rb"), size=path.stat().st_size)


def zip_problem(entries: list[zipfile.ZipInfo]) -> str:
    if len(entries) > settings.IMPORT_ZIP_MAX_ENTRIES:
        return f"zip has {len(entries)} entries, over the limit of {settings.IMPORT_ZIP_MAX_ENTRIES}"
    total = sum(info.file_size for info in entries)
    if total > settings.IMPORT_ZIP_MAX_BYTES:
        return (
            f"zip would expand to {format_size(total)}, over the limit of "
            f"{format_size(settings.IMPORT_ZIP_MAX_BYTES)} (zip bomb?)"
        )
    return ""


def zip_entry(archive: zipfile.ZipFile, zip_name: str, info: zipfile.ZipInfo) -> InputFile | tuple[str, str]:
    name = f"{zip_name}/{info.filename}"
    parts = info.filename.replace("\\", "/").split("/")
    if info.filename.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
        return (name, "unsafe path in zip (absolute or '..'), entry refused")
    if any(part.startswith(".") or part == "__MACOSX" for part in parts):
        return (name, "")  # operating-system clutter (.DS_Store, __MACOSX): skipped
    if info.flag_bits & 0x1:
        return (name, "encrypted zip entry")
    if posixpath.splitext(info.filename)[1].lower() == ".zip":
        return (name, "zip inside a zip is not imported: unpack it first")
    return InputFile(name=name, open=lambda: archive.open(info), size=info.file_size)
