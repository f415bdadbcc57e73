"""Checks shared by every uploaded file: size read from the bytes, and ZIP containers (xlsx, docx,
ofd) opened only after their members' declared sizes are known to be sane (zip-bomb protection).

Python's zipfile stops decompressing a member at its declared size, so checking the declared
sizes bounds what any later reader (openpyxl, zipfile) can inflate.
"""

from __future__ import annotations

import zipfile
from typing import IO

from django.utils.translation import gettext as _

MB = 1024 * 1024


class UploadRefused(Exception):
    """A file that is refused before anything is stored; the message is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def size_of(f: IO[bytes]) -> int:
    """The file's size in bytes, measured by seeking (not taken from a header)."""
    position = f.tell()
    f.seek(0, 2)
    size = f.tell()
    f.seek(position)
    return size


def check_size(f: IO[bytes], max_bytes: int) -> int:
    size = size_of(f)
    if size > max_bytes:
        raise UploadRefused(_("The file is %(size)s MB; at most %(max)s MB is accepted.") % {
            "size": f"{size / MB:.1f}", "max": f"{max_bytes / MB:g}"})
    if size == 0:
        raise UploadRefused(_("The file is empty."))
    return size


def open_zip(f: IO[bytes], *, max_total: int, max_members: int = 2000, max_ratio: int = 100,
             ratio_from: int = MB) -> zipfile.ZipFile:
    """Open a ZIP container after checking it; UploadRefused if broken or a likely zip bomb.

    Refused: more than `max_members` members; a declared uncompressed total above `max_total`;
    a member above `ratio_from` bytes that inflates more than `max_ratio` times; encrypted members.
    """
    f.seek(0)
    try:
        archive = zipfile.ZipFile(f)
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise UploadRefused(_("The file is damaged: it cannot be opened as an Office or ZIP file.")) from None
    if len(members) > max_members:
        raise UploadRefused(_("The file holds too many parts (%(n)s) and is refused.") % {"n": len(members)})
    if any(info.flag_bits & 0x1 for info in members):
        raise UploadRefused(_("The file is encrypted; upload it without a password."))
    total = sum(info.file_size for info in members)
    if total > max_total:
        raise UploadRefused(_("The file inflates to %(size)s MB when opened; at most %(max)s MB is accepted.")
                            % {"size": f"{total / MB:.0f}", "max": f"{max_total / MB:g}"})
    for info in members:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > ratio_from and ratio > max_ratio:
            raise UploadRefused(_("The file inflates to far more than its size (a \"zip bomb\") and is refused."))
    return archive
