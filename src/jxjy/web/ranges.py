"""Byte ranges of a stored file (RFC 9110 §14): a browser's video player asks for the part
it needs to play from where the reviewer seeks, and a download that broke resumes.

One range per request is served (`bytes=0-499`, `bytes=500-`, `bytes=-500`); a request
for several ranges, or with `If-Range` (these responses carry no validator it could
match), gets the whole file, as the RFC allows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

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
