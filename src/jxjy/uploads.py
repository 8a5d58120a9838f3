"""The largest file any upload may carry, enforced while the request is read.

Django writes an uploaded file to a temporary file as it arrives and leaves its size to
the view. A file larger than the largest the platform ever accepts (the largest evidence
video, or roster) is dropped as it comes in instead: the handler stops it before it
reaches the disk (at once when the request says its length, else at the limit), the view
finds no file and says why (`too_large`). A proxy in front should still cap request
bodies (README); this is the platform's own floor under that.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

#: Room in a request for the form's other fields beside the file.
FORM_ROOM = 1024 * 1024
_TOO_LARGE = "_jxjy_upload_too_large"


def upload_limit() -> int:
    """The largest file any upload form or API takes."""
    return max(*settings.JXJY_EVIDENCE_MAX_BYTES.values(), settings.IMPORT_MAX_BYTES)


def too_large(request: HttpRequest) -> int | None:
    """The size (or the size so far) of a file this request's upload dropped, if any."""
    size: int | None = getattr(request, _TOO_LARGE, None)
    return size


class LimitedUploadHandler(FileUploadHandler):
    """First of `FILE_UPLOAD_HANDLERS`: passes each chunk on to the handlers after it, and
    skips a file that is larger than `upload_limit()`."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = upload_limit()
        self.request_length = 0

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        self.request_length = content_length

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.request_length > self.limit + FORM_ROOM:
            self._skip(self.request_length)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self._skip(start + len(raw_data))
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the handlers after this one make the file

    def _skip(self, size: int) -> None:
        if self.request is not None:
            setattr(self.request, _TOO_LARGE, size)
        raise SkipFile
