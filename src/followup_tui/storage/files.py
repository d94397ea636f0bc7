"""The one place that reads a data file and writes one atomically.

Reads take regular files only: the open is non-blocking (a FIFO or a device
named ``x.toml`` can never hang a command), the kind is checked with fstat on
what was opened, and the size is capped (a link to ``/dev/zero`` or a huge
file is refused, never read until memory runs out). Anything else is one
``StoreError`` sentence naming the file.

Writes go through a temp file, fsync, a rename and an fsync of the folder, so
a crash leaves the old content or the new, never a mix.

This module is imported by ``followup status``: only ``os`` and ``stat`` at
load time.
"""

from __future__ import annotations

import os
import stat
from _struct import Struct

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs milliseconds
if TYPE_CHECKING:
    from pathlib import Path

FILE_MODE = 0o600
# Larger than any interview, config or template a person writes (a megabyte of
# notes is 1 MiB); a bigger "file" is a mistake or a device, and is not read.
MAX_BYTES = 16 * 1024 * 1024
# A file changed this close to the moment it was looked at is not trusted by
# stat alone: coarse timestamps (FAT's 2 s, some network file systems) and small
# clock skew could hide a second same-size change in the same tick.
RACY_NS = 2_000_000_000

# The parts of a file's stat that change whenever its content may have: ctime
# cannot be set by users or sync tools, the inode changes on every atomic save.
Signature = tuple[int, int, int, int]  # (mtime_ns, ctime_ns, size, inode)
SIGNATURE = Struct("<qqqQ")  # a signature packed (the cache compares 10,000 of them at once)


class StoreError(Exception):
    """A read or write failed; the message is one sentence for the user."""


class DurabilityError(StoreError):
    """The new content is in place, but flushing the folder failed."""


class NotRegularError(StoreError, OSError):
    """The path is a folder, a FIFO, a device, a socket or too big to be a data file.

    An OSError too, so that code reading optional files (themes, templates,
    the dictionary) reports it like any file it cannot read.
    """


def signature(info: os.stat_result) -> Signature:
    """The stat signature of a file (one order everywhere)."""
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)


def packed(sig: Signature) -> bytes:
    """A signature as 32 bytes: what the store keeps of each of 10,000 files (a tuple of
    four ints took three times the room)."""
    return SIGNATURE.pack(*sig)


def digest(data: bytes) -> str:
    """The content digest kept for conflict checks and the cache (SHA-256, hex)."""
    from hashlib import sha256  # not at import: ``followup status`` on a warm cache needs none

    return sha256(data).hexdigest()


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def not_regular(name: str, folder: str, mode: int) -> NotRegularError:
    """The one sentence for a path that is not a regular file."""
    return NotRegularError(f"{name} is {_kind(mode)}, not a data file; move it out of {folder}")


def read_regular(
    path: str | Path,
    *,
    dir_fd: int | None = None,
    limit: int | None = None,
) -> tuple[bytes, os.stat_result]:
    """The bytes and fstat of the regular file at ``path``.

    Raises NotRegularError (a StoreError) for a folder, FIFO, device, socket or
    a file over ``limit`` bytes (``MAX_BYTES`` unless given), and OSError
    (FileNotFoundError included) when it cannot be opened. A symlink is
    followed (users link files in), but what it leads to is checked like the rest.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    if limit is None:
        limit = MAX_BYTES
    fd = os.open(path, flags, dir_fd=dir_fd)
    try:
        info = os.fstat(fd)
        name = os.path.basename(os.fspath(path))
        folder = os.path.dirname(os.fspath(path)) or "its folder"
        if not stat.S_ISREG(info.st_mode):
            raise not_regular(name, folder, info.st_mode)
        if info.st_size > limit:
            raise _too_big(name, limit)
        chunks = []
        left = limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise _too_big(name, limit)  # it grew while it was read
        return b"".join(chunks), info
    finally:
        os.close(fd)


def read_text(path: str | Path) -> str:
    """``read_regular`` as UTF-8 text (raises UnicodeDecodeError when it is not)."""
    return read_regular(path)[0].decode("utf-8")


def _too_big(name: str, limit: int) -> NotRegularError:
    return NotRegularError(
        f"{name} is bigger than {limit // (1024 * 1024)} MB, too big to be a data file; "
        "move it out of the folder"
    )


def fsync_dir(folder: str | Path) -> None:
    """Flush a folder's entries (a rename) to disk."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: str | Path, data: bytes, mode: int = FILE_MODE) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves old or new, never a mix.

    A symlinked path is written through (the link stays a link); the temp file
    is created exclusively (``O_EXCL``, never through a planted link). Raises
    OSError when nothing was replaced, DurabilityError when the rename
    happened but the folder could not be flushed.
    """
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    try:
        mode = os.stat(target).st_mode & 0o777
    except FileNotFoundError:
        pass
    name = os.path.basename(target)
    temp = os.path.join(folder, f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(temp, flags, mode)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    try:
        fsync_dir(folder)
    except OSError as error:
        raise DurabilityError(
            f"{name} was saved, but the folder could not be flushed to disk "
            f"({error.strerror or error}); it may not survive a power cut"
        ) from None
