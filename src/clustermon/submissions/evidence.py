"""Evidence files: the type from the content, a safe name, storage outside the web root.

Types are recognised by their first bytes (magic numbers), never by the name:

| key  | recognised by                                                    | stored as |
|------|------------------------------------------------------------------|-----------|
| pdf  | `%PDF-`                                                          | .pdf      |
| png  | `\\x89PNG\\r\\n\\x1a\\n`                                         | .png      |
| jpeg | `\\xff\\xd8\\xff`                                                | .jpg      |
| docx | ZIP with `[Content_Types].xml` and `word/document.xml`           | .docx     |
| xlsx | ZIP with `[Content_Types].xml` and `xl/workbook.xml`             | .xlsx     |
| pptx | ZIP with `[Content_Types].xml` and `ppt/presentation.xml`        | .pptx     |
| ofd  | ZIP with `OFD.xml` (GB/T 33190 electronic documents, e-invoices) | .ofd      |

Plain text is not accepted: it has no signature, so any file would pass as text. Macro-enabled
Office files (`vbaProject.bin`) and encrypted ones are refused. When the name's extension does
not match the content the stored name takes the content's extension (a PNG named scan.jpg is
kept as scan.png); content of no allowed type (an .exe named .pdf) is refused.

Which types and what size are allowed is the province's `EvidencePolicy` (per round or for the
province), defaulting to `DEFAULT_ALLOWED` and `DEFAULT_MAX_MB`.

Files are stored at `MEDIA_ROOT/evidence/<round>/<submission>/<sha256[:16]>_<name>`; MEDIA_ROOT is
outside the static root and no URL maps to it: the only way out is the scoped download view,
which always answers with `Content-Disposition: attachment`.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clustermon.submissions.uploads import MB, UploadRefused, check_size, open_zip

if TYPE_CHECKING:
    from clustermon.rounds.models import Round
    from clustermon.submissions.models import Evidence


@dataclass(frozen=True)
class FileType:
    key: str
    label: object  # lazy translated
    mime: str
    extension: str
    also: tuple[str, ...] = ()  # other extensions that name this type


TYPES: dict[str, FileType] = {t.key: t for t in (
    FileType("pdf", gettext_lazy("PDF document"), "application/pdf", ".pdf"),
    FileType("png", gettext_lazy("PNG image"), "image/png", ".png"),
    FileType("jpeg", gettext_lazy("JPEG image"), "image/jpeg", ".jpg", (".jpeg", ".jpe")),
    FileType("docx", gettext_lazy("Word document (.docx)"),
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    FileType("xlsx", gettext_lazy("Excel workbook (.xlsx)"),
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    FileType("pptx", gettext_lazy("PowerPoint presentation (.pptx)"),
             "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
    FileType("ofd", gettext_lazy("OFD document"), "application/ofd", ".ofd"),
)}
DEFAULT_ALLOWED = ("pdf", "png", "jpeg", "docx", "xlsx", "ofd")
DEFAULT_MAX_MB = 20
MAX_UNZIPPED = 500 * MB  # what an Office evidence file may inflate to
NAME_MAX = 80  # characters of the stem kept (CJK is 3 bytes each: well under 255 bytes)
FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00]')
OOXML_MAIN = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}


@dataclass(frozen=True)
class EvidenceRules:
    max_bytes: int
    allowed: tuple[str, ...]

    @property
    def max_mb(self) -> int:
        return self.max_bytes // MB

    @property
    def accept(self) -> str:
        """For the file input's `accept` attribute."""
        exts = []
        for key in self.allowed:
            if key in TYPES:
                exts += [TYPES[key].extension, *TYPES[key].also]
        return ",".join(exts)

    def labels(self) -> str:
        return "、".join(str(TYPES[k].label) for k in self.allowed if k in TYPES)


DEFAULT_RULES = EvidenceRules(DEFAULT_MAX_MB * MB, DEFAULT_ALLOWED)


def rules_for(round_: Round) -> EvidenceRules:
    """The round's own policy, else the province's, else the defaults (one query)."""
    from clustermon.submissions.models import EvidencePolicy

    policy = (EvidencePolicy.objects
              .filter(Q(round_id=round_.pk) | Q(round__isnull=True, province_id=round_.scheme.province_id))
              .order_by(F("round_id").asc(nulls_last=True)).first())
    if policy is None:
        return DEFAULT_RULES
    allowed = tuple(k for k in (policy.allowed_types or DEFAULT_ALLOWED) if k in TYPES)
    return EvidenceRules(policy.max_size_mb * MB, allowed)


# ------------------------------------------------------------------------------------ sniffing


def sniff(f: IO[bytes]) -> str | None:
    """The type key of the content, or None; UploadRefused for a broken or dangerous container."""
    f.seek(0)
    head = f.read(8)
    f.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(f)
    return None


def _zip_kind(f: IO[bytes]) -> str | None:
    with open_zip(f, max_total=MAX_UNZIPPED, max_ratio=200) as archive:
        names = set(archive.namelist())
    f.seek(0)
    if "OFD.xml" in names:
        return "ofd"
    if "[Content_Types].xml" not in names:
        return None
    if any(name.endswith("vbaProject.bin") for name in names):
        raise UploadRefused(_("Office files with macros are not accepted; save it without macros."))
    for main, key in OOXML_MAIN.items():
        if main in names:
            return key
    return None


def describe_unknown(f: IO[bytes]) -> str:
    """A short description of content that is no accepted type, for the refusal message."""
    f.seek(0)
    head = f.read(4)
    f.seek(0)
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        return _("a program")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _("an old Office format (.doc/.xls) or an encrypted Office file")
    return _("an unknown type")


# ---------------------------------------------------------------------------------------- names


def has_path(name: str) -> bool:
    """True when a name carries directory parts (a browser never sends them: an attack)."""
    return "/" in name or "\\" in name or "\x00" in name or name.strip() in (".", "..")


def sanitise_name(name: str, file_type: FileType) -> str:
    """A safe file name: no control or reserved characters, a limited length, the content's extension."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = FORBIDDEN.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 5:
        stem, ext = name, ""  # no extension, or what follows the dot is not one
    ext = "." + ext.lower()
    if ext not in (file_type.extension, *file_type.also):
        ext = file_type.extension
    stem = stem.strip(" .")[:NAME_MAX].strip(" .") or "file"
    return stem + ext


# -------------------------------------------------------------------------------------- storage


@dataclass(frozen=True)
class Checked:
    """An upload that passed every check, ready to be stored."""

    type: FileType
    name: str
    size: int
    sha256: str


def check(f: IO[bytes], original_name: str, rules: EvidenceRules) -> Checked:
    """Check an upload against the rules; UploadRefused with the reason otherwise. Writes nothing."""
    if has_path(original_name):
        raise UploadRefused(_("The file name contains a path (%(name)s); upload the file itself.")
                            % {"name": original_name[:120]})
    size = check_size(f, rules.max_bytes)
    key = sniff(f)
    if key is None:
        raise UploadRefused(_("%(name)s is %(what)s, not one of the accepted types (%(types)s).") % {
            "name": original_name[:120], "what": describe_unknown(f), "types": rules.labels()})
    if key not in rules.allowed:
        raise UploadRefused(_("%(name)s is a %(type)s; accepted types: %(types)s.") % {
            "name": original_name[:120], "type": TYPES[key].label, "types": rules.labels()})
    digest = hashlib.sha256()
    f.seek(0)
    for chunk in iter(lambda: f.read(MB), b""):
        digest.update(chunk)
    f.seek(0)
    return Checked(TYPES[key], sanitise_name(original_name, TYPES[key]), size, digest.hexdigest())


def evidence_root() -> Path:
    return Path(settings.MEDIA_ROOT).resolve() / "evidence"


def relative_path(round_id: int, submission_id: int, checked: Checked) -> str:
    return f"evidence/{round_id}/{submission_id}/{checked.sha256[:16]}_{checked.name}"


def absolute(path: str) -> Path:
    """The file of a stored relative path, refusing anything that resolves outside the evidence root."""
    root = evidence_root()
    full = (Path(settings.MEDIA_ROOT).resolve() / path).resolve()
    if not full.is_relative_to(root):
        raise UploadRefused(_("Invalid evidence path."))
    return full


def write(f: IO[bytes], path: str) -> bool:
    """Write the upload to its place (atomically, via a temporary file beside it).

    Returns False when an identical file (same hash and name) is already there.
    """
    full = absolute(path)
    if full.exists():
        return False
    full.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
    fd, tmp = tempfile.mkstemp(dir=full.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            f.seek(0)
            for chunk in iter(lambda: f.read(MB), b""):
                out.write(chunk)
        os.chmod(tmp, 0o640)
        os.replace(tmp, full)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def delete_file(path: str) -> None:
    absolute(path).unlink(missing_ok=True)


def open_file(evidence: Evidence) -> IO[bytes]:
    return absolute(evidence.path).open("rb")
