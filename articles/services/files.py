"""The files an import reads: files and folders on disk, and the entries of zip archives
(with the checks that keep a hostile archive out).

A zip archive is judged on its central directory before any entry is expanded: too many
entries, too many bytes once expanded, entries that overlap one another (the "quoted overlap"
zip bomb), or too high a compression ratio refuse the whole archive; an unsafe path, a
symbolic link, a special file, an encrypted entry, a nested zip or too high a ratio refuse
one entry. The sizes checked are the ones zipfile enforces when it reads an entry (it stops
at the declared size and fails on a CRC mismatch), so an archive cannot lie its way past them.
"""

import itertools
import posixpath
import stat
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings

from articles.services.records import InputFile, format_size


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


# Small entries may compress as well as they like (the total-size limit bounds them): the ratio
# limit applies to what expands past this.
RATIO_CHECK_MIN_BYTES = 1024 * 1024
# The fixed part of a zip local file header, which precedes each entry's data.
_LOCAL_HEADER_BYTES = 30


def zip_problem(entries: list[zipfile.ZipInfo]) -> str:
    """Why the archive whose (non-directory) entries are `entries` is refused whole, or ""."""
    if len(entries) > settings.IMPORT_ZIP_MAX_ENTRIES:
        return f"zip has {len(entries)} entries, over the limit of {settings.IMPORT_ZIP_MAX_ENTRIES}"
    total = sum(info.file_size for info in entries)
    if total > settings.IMPORT_ZIP_MAX_BYTES:
        return (
            f"zip would expand to {format_size(total)}, over the limit of "
            f"{format_size(settings.IMPORT_ZIP_MAX_BYTES)} (zip bomb?)"
        )
    if _entries_overlap(entries):
        return "zip entries overlap one another (zip bomb), archive refused"
    packed = sum(info.compress_size for info in entries)
    if _ratio_too_high(total, packed):
        return f"zip would expand {_ratio_text(total, packed)} (zip bomb?)"
    return ""


def _entries_overlap(entries: list[zipfile.ZipInfo]) -> bool:
    """Whether an entry's data runs into the next entry's header: never so in an archive a
    zip tool wrote, and how a small archive makes many entries expand the same data."""
    ordered = sorted(entries, key=lambda info: info.header_offset)
    return any(
        info.header_offset + _LOCAL_HEADER_BYTES + info.compress_size > following.header_offset
        for info, following in itertools.pairwise(ordered)
    )


def _ratio_too_high(size: int, packed: int) -> bool:
    return size > RATIO_CHECK_MIN_BYTES and size > settings.IMPORT_ZIP_MAX_RATIO * packed


def _ratio_text(size: int, packed: int) -> str:
    ratio = f"{size / packed:,.0f}:1" if packed else "from nothing"
    return (
        f"{ratio} ({format_size(size)} from {format_size(packed)}), over the limit of "
        f"{settings.IMPORT_ZIP_MAX_RATIO}:1"
    )


def zip_entry(archive: zipfile.ZipFile, zip_name: str, info: zipfile.ZipInfo) -> InputFile | tuple[str, str]:
    """The entry as a file to import, or (its name, why it is refused); "" as the reason: skipped."""
    name = f"{zip_name}/{info.filename}"
    parts = info.filename.replace("\\", "/").split("/")
    if info.filename.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
        return (name, "unsafe path in zip (absolute or '..'), entry refused")
    if any(part.startswith(".") or part == "__MACOSX" for part in parts):
        return (name, "")  # operating-system clutter (.DS_Store, __MACOSX): skipped
    problem = _entry_problem(info)
    if problem:
        return (name, problem)
    return InputFile(name=name, open=lambda: archive.open(info), size=info.file_size)


def _entry_problem(info: zipfile.ZipInfo) -> str:
    mode = info.external_attr >> 16  # the Unix mode, when the archive was made on Unix
    if stat.S_ISLNK(mode):
        # Its data is the path it points to: never an article, and a way to name files
        # outside the archive to whatever unpacks it.
        return "symbolic link in zip, entry refused"
    if stat.S_IFMT(mode) and not stat.S_ISREG(mode):
        return "special file in zip (not a regular file), entry refused"
    if info.flag_bits & 0x1:
        return "encrypted zip entry"
    if posixpath.splitext(info.filename)[1].lower() == ".zip":
        return "zip inside a zip is not imported: unpack it first"
    if _ratio_too_high(info.file_size, info.compress_size):
        return f"zip entry would expand {_ratio_text(info.file_size, info.compress_size)} (zip bomb?)"
    return ""
