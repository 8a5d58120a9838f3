"""Small files for evidence tests: each the first bytes of its type (what `filetype` reads)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

PADDING = b"\0" * 64

SAMPLES: dict[str, tuple[str, bytes]] = {
    "image/jpeg": ("课堂.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + PADDING),
    "image/png": ("课堂.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + PADDING),
    "image/webp": ("课堂.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 " + PADDING),
    "video/mp4": ("课堂.mp4", b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + PADDING),
    "video/webm": (
        "课堂.webm",
        b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04"
        b"\x42\xf3\x81\x08\x42\x82\x84webm" + PADDING,
    ),
    "application/pdf": ("签到表.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + PADDING),
}


def upload(mime: str = "image/jpeg", name: str | None = None) -> SimpleUploadedFile:
    default_name, content = SAMPLES[mime]
    return SimpleUploadedFile(name or default_name, content, content_type=mime)


def text_as_jpeg(name: str = "照片.jpg") -> SimpleUploadedFile:
    """A text file named and announced as a JPEG."""
    return SimpleUploadedFile(name, "这不是照片，是文字。".encode() * 8, content_type="image/jpeg")
