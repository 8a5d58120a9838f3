"""Evidence files as downloads, for the pages and the API alike: the file's own checked
type, never sniffed, and byte ranges of it (RFC 9110 §14), so that a browser's video player
asks for the part it needs to play from where the reviewer seeks, and a download that broke
resumes.

One range per request is served (`bytes=0-499`, `bytes=500-`, `bytes=-500`); a request
for several ranges, or with `If-Range` (these responses carry no validator it could
match), gets the whole file, as the RFC allows.
"""


from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

from jxjy.ledger.evidence import ACCEPTED
from jxjy.ledger.models import Evidence, evidence_storage

RANGE = re.compile(r"bytes=(\d*)-(\d*)")


class NotSatisfiable(ValueError):
    """The range starts beyond the end of the file (or the file is empty): 416."""


def requested_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) byte the `Range` header asks for; None to send the whole
    file (no header, several ranges, a unit other than bytes, an invalid range). Raises
    `NotSatisfiable` for a range that starts beyond the end of the file."""
    if not header:
        return None
    match = RANGE.fullmatch(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first:
        if not last:
            return None
        suffix = int(last)  # the last `suffix` bytes
        if suffix == 0 or size == 0:
            raise NotSatisfiable(header)
        return max(size - suffix, 0), size - 1
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise NotSatisfiable(header)
    return start, min(int(last), size - 1) if last else size - 1


def chunks(handle: IO[bytes], start: int, length: int, block: int) -> Iterator[bytes]:
    """`length` bytes of `handle` from `start`, in blocks; the file is closed at the end,
    or when the response is closed early (the client went away)."""
    try:
        handle.seek(start)
        left = length
        while left > 0:
            data = handle.read(min(block, left))
            if not data:
                break
            left -= len(data)
            yield data
    finally:
        handle.close()


BLOCK = 1 << 16  # 64 KiB reads, not 4 KiB: about 1.5 times faster (bench/evidence.py)


def file_response(evidence: Evidence, request: HttpRequest) -> HttpResponseBase:
    """The stored file as a download: its own checked type, never sniffed; photos and video
    shown in the browser, scans saved; a file name of the evidence's number only. A
    `Range` request gets that part (206), so a video plays from where it is sought."""
    response: HttpResponseBase
    try:
        wanted = None
        if "If-Range" not in request.headers:  # nothing here it could match: the whole file
            wanted = requested_range(request.headers.get("Range"), evidence.size)
    except NotSatisfiable:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{evidence.size}"
    else:
        response = _file_or_part(evidence, wanted)
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _file_or_part(evidence: Evidence, wanted: tuple[int, int] | None) -> HttpResponseBase:
    """The whole stored file (200), or the bytes `wanted` of it (206)."""
    extension = ACCEPTED[evidence.content_type][1] if evidence.content_type in ACCEPTED else ""
    attachment = evidence.kind == Evidence.Kind.SCAN
    filename = f"evidence-{evidence.pk}{extension}"
    handle = evidence_storage().open(evidence.file.name, "rb")
    if wanted is None:
        whole = FileResponse(
            handle, content_type=evidence.content_type, as_attachment=attachment, filename=filename
        )
        whole.block_size = BLOCK
        return whole
    first, last = wanted
    length = last - first + 1
    part = StreamingHttpResponse(
        chunks(handle, first, length, BLOCK), status=206, content_type=evidence.content_type
    )
    part["Content-Range"] = f"bytes {first}-{last}/{evidence.size}"
    part["Content-Length"] = str(length)
    part["Content-Disposition"] = content_disposition_header(attachment, filename) or ""
    return part
