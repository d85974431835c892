"""Attachments: accepted by what they contain, kept under our own name, served only as a download."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.attachments import (
    DOCX,
    JPEG,
    ODT,
    PDF,
    PNG,
    TEXT,
    XLSX,
    AttachmentRefused,
    attachment_check,
    attachment_save,
    safe_download_name,
    sniff,
)
from casework.models import Attachment
from tests.enquiries.conftest import NOW

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20


def _zip(members: dict[str, bytes], *, first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first:
            archive.writestr(zipfile.ZipInfo(first), members.pop(first))  # stored, first, as ODF requires
        for name, data in members.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _docx(main=b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", extra=None):
    manifest = b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="' + main + b'"/></Types>'
    return _zip({"[Content_Types].xml": manifest, "word/document.xml": b"<w:document/>", **(extra or {})})


def _xlsx():
    manifest = (
        b'<Types><Override PartName="/xl/workbook.xml" '
        b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
    )
    return _zip({"[Content_Types].xml": manifest, "xl/workbook.xml": b"<workbook/>"})


def _odt():
    return _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "META-INF/manifest.xml": b"<manifest/>",
            "content.xml": b"<office:document-content/>",
        },
        first="mimetype",
    )


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF_BYTES, PDF),
        (PNG_BYTES, PNG),
        (JPEG_BYTES, JPEG),
        ("Notes from the site visit: the kerb is 10cm high. £40 quoted.\n".encode(), TEXT),
        ("Notes in Windows-1252: £40 quoted".encode("cp1252"), TEXT),
        (_docx(), DOCX),
        (_xlsx(), XLSX),
        (_odt(), ODT),
    ],
    ids=["pdf", "png", "jpeg", "utf8-text", "cp1252-text", "docx", "xlsx", "odt"],
)
def test_accepted_kinds_are_recognised_by_their_content(data, kind):
    assert sniff(data) == kind
    # The name and the claimed type do not matter.
    assert attachment_check(upload("no-extension", data, "text/html")) == kind


@pytest.mark.parametrize(
    ("name", "data", "why"),
    [
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "it is a web page (HTML)"),
        ("photo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "it is an SVG image"),
        ("notes.txt", b"Hello <script>alert(1)</script>", "it is a web page (HTML)"),
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "it is a program"),
        ("run.txt", b"#!/bin/sh\nrm -rf /\n", "it is a script"),
        ("linux.txt", b"\x7fELF\x02\x01\x01\x00", "it is a program"),
        ("macro.docx", _docx(main=b"application/vnd.ms-word.document.macroEnabled.main+xml",
                              extra={"word/vbaProject.bin": b"x"}), "archive"),
        ("bundle.docx", _zip({"evil.exe": b"MZ"}), "archive"),
        ("anim.jpg", b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "it is a GIF image"),
    ],
    ids=["html-as-pdf", "svg-as-png", "script-in-text", "exe-as-pdf", "shell-script", "elf", "docm", "zip", "gif"],
)
def test_unsafe_files_are_refused_whatever_their_name(name, data, why):
    with pytest.raises(AttachmentRefused) as refused:
        attachment_check(upload(name, data, "application/pdf"))
    message = str(refused.value)
    assert message.startswith(f"“{name}” cannot be attached: ")
    assert why in message
    assert "The portal checks what a file contains, not its name." in message


def test_an_oversized_file_is_refused_with_both_sizes(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(AttachmentRefused) as refused:
        attachment_check(upload("plan.pdf", PDF_BYTES + b"0" * (2 * 1024 * 1024)))
    assert str(refused.value) == "“plan.pdf” is 2 MB; the largest file the portal accepts is 1 MB."


def test_an_empty_file_is_refused():
    with pytest.raises(AttachmentRefused, match="is empty"):
        attachment_check(upload("empty.pdf", b""))


def test_the_download_name_is_safe_ascii_with_the_real_extension():
    assert safe_download_name("../../etc/Café plan.pdf", PDF) == "Cafe-plan.pdf"
    assert safe_download_name("invoice.pdf.exe", PDF) == "invoice.pdf.pdf"
    assert safe_download_name("照片.png", PNG) == "attachment.png"
    assert safe_download_name('a"b;c\r\n.txt', TEXT) == "a-b-c.txt"


def test_a_saved_file_is_stored_under_our_own_name(cast, open_enquiry, media):
    case = open_enquiry()
    saved = attachment_save(case=case, upload=upload("../Café plan.pdf", PDF_BYTES), uploaded_by=cast.clerk, now=NOW)
    assert saved.original_name == "Café plan.pdf"
    assert saved.download_name == "Cafe-plan.pdf"
    assert saved.content_type == "application/pdf"
    assert saved.size == len(PDF_BYTES)
    assert "Caf" not in saved.file.name and ".." not in saved.file.name
    assert saved.file.name.startswith(f"attachments/{cast.council.pk}/{case.pk}/")
    assert (media / saved.file.name).read_bytes() == PDF_BYTES


# --- the download ------------------------------------------------------------------------


@pytest.fixture
def with_file(cast, open_enquiry):
    case = open_enquiry(attachments=[upload("Café plan.pdf", PDF_BYTES)], logged_by=cast.councillor, channel="portal")
    return case, Attachment.objects.get(case=case)


def _url(case, attachment):
    return f"/councils/{case.council.slug}/cases/{case.reference}/attachments/{attachment.pk}"


def test_a_download_is_an_attachment_with_a_safe_name_and_no_sniffing(client, cast, with_file):
    case, attachment = with_file
    client.force_login(cast.clerk)
    response = client.get(_url(case, attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Cafe-plan.pdf\"; filename*=UTF-8''Caf%C3%A9%20plan.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize("who", ["outsider", "other_councillor", "chair", "other_clerk"])
def test_people_who_cannot_see_the_case_cannot_download_its_files(client, cast, with_file, who):
    case, attachment = with_file
    client.force_login(getattr(cast, who))
    assert client.get(_url(case, attachment)).status_code == 404


def test_a_file_cannot_be_fetched_through_another_case(client, cast, with_file, open_enquiry):
    _case, attachment = with_file
    other = open_enquiry(subject="Another one")
    client.force_login(cast.clerk)
    assert client.get(_url(other, attachment)).status_code == 404


def test_the_case_page_lists_the_file_for_download(client, cast, with_file):
    case, attachment = with_file
    client.force_login(cast.councillor)
    html = client.get(f"/councils/{case.council.slug}/cases/{case.reference}/").content.decode()
    assert f'href="{_url(case, attachment)}"' in html
    assert "Café plan.pdf" in html


def test_a_bad_file_in_the_enquiry_refuses_the_whole_enquiry(cast, open_enquiry):
    from casework.models import Case

    with pytest.raises(AttachmentRefused):
        open_enquiry(attachments=[upload("ok.pdf", PDF_BYTES), upload("page.pdf", b"<html></html>")])
    assert not Case.objects.exists()
    assert not Attachment.objects.exists()
