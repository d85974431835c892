"""Files on a case: checked by what they contain, stored under our own name, served only as a download.

1. `attachment_check(upload)` reads the file and decides what it is from its bytes — never from
   its name or the type the browser claimed. PDF, PNG, JPEG, plain text, Word (.docx), Excel
   (.xlsx) and OpenDocument text (.odt) are accepted; anything else (HTML, SVG, scripts,
   executables, macro-enabled Office files, archives) is refused with a sentence saying why.
2. `attachment_save(...)` checks again and stores the bytes under a random name of ours
   (casework.models.attachment_path), with a safe ASCII download name.
3. The download view (casework.views.enquiries.attachment_download) serves it with
   Content-Disposition: attachment and X-Content-Type-Options: nosniff, so a browser never
   renders it in the portal's origin.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.files.base import ContentFile

from accounts.models import User

from .models import Attachment, Case, DomainError, Message


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str
    label: str


PDF = FileKind("application/pdf", ".pdf", "PDF")
PNG = FileKind("image/png", ".png", "PNG image")
JPEG = FileKind("image/jpeg", ".jpg", "JPEG image")
TEXT = FileKind("text/plain; charset=utf-8", ".txt", "plain text")
DOCX = FileKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word document"
)
XLSX = FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel spreadsheet")
ODT = FileKind("application/vnd.oasis.opendocument.text", ".odt", "OpenDocument text")

ACCEPTED = "a PDF, a PNG or JPEG image, plain text, or a Word (.docx), Excel (.xlsx) or OpenDocument text (.odt) file"

# The "main part" content types an Office file's [Content_Types].xml must declare; the
# macro-enabled variants (.docm, .xlsm) declare different ones and are refused.
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_MANIFEST_LIMIT = 256 * 1024  # read no more of a zip member than this (a zip bomb is never inflated)

# Markup a browser would render or run: refused even though it is text.
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|\?xml)\b", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class AttachmentRefused(DomainError):
    """A file the portal will not keep; the message says why, in a sentence for the person uploading."""


def size_label(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def _what_it_looks_like(head: bytes) -> str:
    """A few words for the refusal message, so the person knows what the portal saw."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")):
        return "it is a program"
    if head.startswith(b"#!"):
        return "it is a script"
    if _MARKUP.search(head[:4096]) or stripped.startswith(b"<"):
        lowered = head[:4096].lower()
        return "it is an SVG image" if b"<svg" in lowered else "it is a web page (HTML)"
    if head.startswith(b"PK\x03\x04"):
        return "it is an archive or a file type the portal does not accept"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "it is a GIF image"
    return "its contents are not one of the accepted types"


def _zip_kind(data: bytes) -> FileKind | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())

        def member(name: str) -> bytes:
            with archive.open(name) as handle:
                return handle.read(_MANIFEST_LIMIT)

        if "[Content_Types].xml" in names:
            manifest = member("[Content_Types].xml")
            if "word/document.xml" in names and _DOCX_MAIN in manifest and "word/vbaProject.bin" not in names:
                return DOCX
            if "xl/workbook.xml" in names and _XLSX_MAIN in manifest and "xl/vbaProject.bin" not in names:
                return XLSX
            return None
        # ODF: the first member is an uncompressed "mimetype" naming the document type.
        first = archive.infolist()[0] if archive.infolist() else None
        if (
            first is not None
            and first.filename == "mimetype"
            and member("mimetype").strip() == _ODT_MIMETYPE
            and "META-INF/manifest.xml" in names
            and "content.xml" in names
        ):
            return ODT
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, RuntimeError, NotImplementedError):
        return None
    return None


def _is_plain_text(data: bytes) -> bool:
    if not data or b"\x00" in data:
        return False
    if data.startswith(b"#!") or _MARKUP.search(data):
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return not _CONTROL.search(text)
    return False


def sniff(data: bytes) -> FileKind | None:
    """What the bytes are, if they are something the portal accepts; None otherwise."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if _is_plain_text(data):
        return TEXT
    return None


def _read(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def display_name(upload) -> str:
    name = (getattr(upload, "name", "") or "file").replace("\\", "/").rsplit("/", 1)[-1]
    return name or "file"


def attachment_check(upload) -> FileKind:
    """The kind of an uploaded file, or AttachmentRefused saying (in a sentence) why it is not accepted."""
    name = display_name(upload)
    limit = settings.ATTACHMENT_MAX_BYTES
    size = upload.size if getattr(upload, "size", None) is not None else len(_read(upload))
    if size > limit:
        raise AttachmentRefused(
            f"“{name}” is {size_label(size)}; the largest file the portal accepts is {size_label(limit)}."
        )
    if size == 0:
        raise AttachmentRefused(f"“{name}” is empty. Choose the file again.")
    data = _read(upload)
    kind = sniff(data)
    if kind is None:
        raise AttachmentRefused(
            f"“{name}” cannot be attached: {_what_it_looks_like(data[:8192])}. "
            f"Attach {ACCEPTED}. The portal checks what a file contains, not its name."
        )
    return kind


def safe_download_name(original: str, kind: FileKind) -> str:
    """An ASCII name with the extension of what the file really is ("Café plan.PDF.exe" → "Cafe-plan.PDF.pdf")."""
    stem = original.replace("\\", "/").rsplit("/", 1)[-1]
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem).strip(".-_")[:100]
    return f"{ascii_stem or 'attachment'}{kind.extension}"


def unicode_download_name(original: str, kind: FileKind) -> str:
    """The name as the person gave it (for filename*), with the extension of what the file really is."""
    stem = original.replace("\\", "/").rsplit("/", 1)[-1]
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] != "C").strip()[:150]
    return f"{stem or 'attachment'}{kind.extension}"


def content_disposition(attachment: Attachment) -> str:
    """attachment; filename="ascii.pdf"; filename*=UTF-8''percent-encoded (RFC 6266)."""
    kind = FileKind(attachment.content_type, "." + attachment.download_name.rsplit(".", 1)[-1], "")
    full = unicode_download_name(attachment.original_name, kind)
    return f"attachment; filename=\"{attachment.download_name}\"; filename*=UTF-8''{quote(full, safe='')}"


def attachment_save(
    *, case: Case, upload, uploaded_by: User, now: dt.datetime, message: Message | None = None
) -> Attachment:
    """Check the file by its content and keep it on the case under a name of our own."""
    kind = attachment_check(upload)
    data = _read(upload)
    original = display_name(upload)[:255]
    attachment = Attachment(
        case=case,
        message=message,
        original_name=original,
        download_name=safe_download_name(original, kind),
        content_type=kind.content_type,
        size=len(data),
        uploaded_by=uploaded_by,
        uploaded_at=now,
    )
    # The storage name comes from attachment_path (a random hex name), never from the upload.
    attachment.file.save("upload", ContentFile(data), save=False)
    attachment.save()
    return attachment
