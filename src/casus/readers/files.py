"""Find the files behind the sources, open them (gzip or not) and read whole documents."""

from __future__ import annotations

import glob
import gzip
import io
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from casus.language import unicode_bom
from casus.model import RawDoc
from casus.readers.base import GZIP_ERRORS, Item, ReadFailure, read_limited

_HEAD = 65536
_GLOB_CHARS = frozenset("*?[")


def expand(sources: Sequence[str]) -> Iterator[str | ReadFailure]:
    """File names in a stable order: directories walked sorted, globs sorted, hidden skipped."""
    for source in sources:
        path = Path(source)
        if source == "-" or path.is_file():
            yield source
        elif path.is_dir():
            yield from _walk(path)
        elif _GLOB_CHARS & set(source):
            matches = sorted(glob.glob(source, recursive=True))
            if not matches:
                yield ReadFailure(source, "no file matches this pattern", "missing")
            for match in matches:
                yield from _walk(Path(match)) if Path(match).is_dir() else iter([match])
        elif path.exists():
            yield ReadFailure(source, "not a regular file", "unreadable")
        else:
            yield ReadFailure(source, "no such file or directory", "missing")


def _walk(directory: Path) -> Iterator[str | ReadFailure]:
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as exc:
        yield ReadFailure(str(directory), f"cannot list: {exc.strerror or exc}", "unreadable")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        # Symlinked directories are not followed: a link loop would never end.
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield entry.path


class _GzipGuard(io.RawIOBase):
    """A gzip stream that ends, rather than raises, where the data breaks off.

    Readers buffer ahead; an error raised mid-buffer would lose the records before it.
    """

    def __init__(self, handle: BinaryIO) -> None:
        super().__init__()
        self._gzip = gzip.GzipFile(fileobj=handle, mode="rb")
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.error is not None:
            return 0
        try:
            # read1, not readinto: one step at a time, so nothing read is dropped on an error.
            data = self._gzip.read1(len(buffer))
        except GZIP_ERRORS as exc:
            self.error = exc
            return 0
        buffer[: len(data)] = data
        return len(data)


class _Utf8Recoder(io.RawIOBase):
    """A UTF-16 or UTF-32 stream (it starts with a byte-order mark) read as UTF-8, so that
    every reader (HTML, text, JSON Lines, CSV, ...) reads it as it reads UTF-8 files."""

    def __init__(self, handle: BinaryIO, codec: str) -> None:
        super().__init__()
        self._text = io.TextIOWrapper(handle, encoding=codec, errors="replace", newline="")
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = self._text.read(_HEAD)
            if not chunk:
                return 0
            self._pending = chunk.encode("utf-8", "replace")
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _recoded(stream: BinaryIO) -> BinaryIO:
    """The stream as UTF-8 if it starts with a UTF-16/32 byte-order mark, else itself."""
    peek = getattr(stream, "peek", None)
    codec = unicode_bom(peek(4)[:4]) if peek is not None else None
    if codec is None:
        return stream
    return io.BufferedReader(_Utf8Recoder(stream, codec), buffer_size=_HEAD)


@dataclass(slots=True)
class Source:
    """An opened source: the stream to read, and what we know about it before reading."""

    name: str
    stream: BinaryIO  # decompressed
    head: bytes  # the first bytes of `stream`, not consumed
    size: int | None  # bytes on disk, when that is the size of the content
    guard: _GzipGuard | None = None

    @property
    def broken(self) -> Exception | None:
        """Why the gzip data ended early, once the reader has hit that point."""
        return self.guard.error if self.guard else None


@contextmanager
def open_source(name: str) -> Iterator[Source]:
    """Open a file or stdin; gzip (known by its magic bytes) is decompressed."""
    if name == "-":
        stdin: Any = sys.stdin.buffer
        handle: io.BufferedReader = (
            stdin if isinstance(stdin, io.BufferedReader) else io.BufferedReader(stdin)
        )
        size = None
    else:
        handle = io.BufferedReader(io.FileIO(name, "rb"), buffer_size=_HEAD)
        size = os.fstat(handle.fileno()).st_size
    try:
        if handle.peek(2)[:2] == b"\x1f\x8b":
            guard = _GzipGuard(handle)
            stream = _recoded(io.BufferedReader(guard, buffer_size=_HEAD))
            yield Source(name, stream, _peek(stream), None, guard)
        else:
            stream = _recoded(handle)
            if stream is not handle:
                size = None  # the size on disk is not the size of the UTF-8 text
            yield Source(name, stream, _peek(stream), size)
    finally:
        if name != "-":
            handle.close()


def _peek(stream: BinaryIO) -> bytes:
    """The first bytes of a stream, not consumed (BufferedReader.peek may give fewer or
    more than asked, and fewer than there are)."""
    head: bytes = stream.peek(_HEAD)[:_HEAD]  # type: ignore[attr-defined]
    return head


def read_document(source: Source, *, max_bytes: int) -> Item:
    """One HTML or text file as one document, refused early if it cannot be an article."""
    if source.size is not None and source.size > max_bytes:
        return ReadFailure(
            source.name, f"too large ({source.size:,} bytes; limit {max_bytes:,})", "too-large"
        )
    if b"\x00" in source.head[:8192]:
        return ReadFailure(source.name, "binary file (NUL bytes), not text or HTML", "binary")
    data = read_limited(source.stream, max_bytes)
    if data is None:
        return ReadFailure(source.name, f"too large (over {max_bytes:,} bytes)", "too-large")
    if not data.strip():
        return ReadFailure(source.name, "empty file", "empty")
    return RawDoc(source.name, data)
