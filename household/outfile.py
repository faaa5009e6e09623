"""Writing output files safely: proposals, exported household files, backups.

Every file Kinfolio writes for a user goes through :func:`write_bytes` (or :func:`output_path` when
another library writes the file, such as SQLite's online backup):

- the data goes to a temporary file created exclusively (``O_EXCL``) in the destination folder,
  readable by its owner only (0600), flushed to disk;
- the destination is refused when it is a symbolic link (its target would be overwritten), a
  folder, a device, a FIFO or a socket, and — unless ``force`` — when it exists at all;
- the temporary file then takes the destination's name in one step: ``link`` (which fails when
  the name was taken meanwhile) without ``force``, ``rename`` with it. A rename replaces a symbolic
  link planted at the last moment instead of following it.

Folders Kinfolio creates for client data (the database's, an export folder) are 0700.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


class OutputError(ValueError):
    """An output file that cannot or may not be written; the message says why and what to do."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_destination(dest: str | os.PathLike, force: bool = False) -> Path:
    """``dest`` as a path when it may be written; :class:`OutputError` otherwise."""
    dest = Path(dest)
    if not dest.name or dest.name in (".", ".."):
        raise OutputError(f"{dest}: give a file name")
    try:
        st = os.lstat(dest)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise OutputError(f"cannot use {dest}: {e.strerror}") from None
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            raise OutputError(f"{dest} is {_kind(st.st_mode)}; Kinfolio writes only new regular "
                              "files — choose another name")
        if not force:
            raise OutputError(f"{dest} already exists; choose a new name, or add --force to "
                              "replace it")
    parent = dest.parent
    try:
        pst = os.stat(parent)
    except FileNotFoundError:
        raise OutputError(f"the folder {parent} does not exist; create it first") from None
    except OSError as e:
        raise OutputError(f"cannot use the folder {parent}: {e.strerror}") from None
    if not stat.S_ISDIR(pst.st_mode):
        raise OutputError(f"{parent} is not a folder")
    return dest


def _install(tmp: str, dest: Path, force: bool) -> None:
    if force:
        check_destination(dest, force=True)  # a symlink or device put there meanwhile
        os.replace(tmp, dest)  # rename never follows a link at dest: it replaces the link
        return
    try:
        os.link(tmp, dest)  # atomic "create if absent": fails when dest was taken meanwhile
    except FileExistsError:
        raise OutputError(f"{dest} already exists; choose a new name, or add --force to "
                          "replace it") from None
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # file systems without hard links (some network and FAT drives)
        check_destination(dest, force=False)
        os.replace(tmp, dest)
        return
    os.unlink(tmp)


@contextlib.contextmanager
def output_path(dest: str | os.PathLike, force: bool = False, mode: int = FILE_MODE
                ) -> Iterator[Path]:
    """A fresh empty temporary file beside ``dest`` for a library to write; on a clean exit it
    becomes ``dest`` (see the module docstring), on an error it is removed."""
    dest = check_destination(dest, force)
    try:
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name[:80]}.", suffix=".part")
    except OSError as e:
        raise OutputError(f"cannot write in {dest.parent}: {e.strerror}") from None
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, mode)
        _install(tmp, dest, force)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_bytes(dest: str | os.PathLike, data: bytes, force: bool = False,
                mode: int = FILE_MODE) -> Path:
    """Write ``data`` to ``dest`` safely (module docstring); returns ``dest``."""
    dest = check_destination(dest, force)
    try:
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name[:80]}.", suffix=".part")
    except OSError as e:
        raise OutputError(f"cannot write in {dest.parent}: {e.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        _install(tmp, dest, force)
    except OSError as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"cannot write {dest}: {e.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return dest


def write_text(dest: str | os.PathLike, text: str, force: bool = False) -> Path:
    return write_bytes(dest, text.encode("utf-8"), force=force)


def private_folder(folder: str | os.PathLike, must_be_new: bool = False) -> Path:
    """``folder`` ready for client files: created 0700 when missing (with missing parents 0700);
    refused when it is a symbolic link or not a folder."""
    folder = Path(folder)
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise OutputError(f"cannot use the folder {folder}: {e.strerror}") from None
    if st is None:
        try:
            folder.mkdir(mode=DIR_MODE, parents=True)
        except FileExistsError:
            return private_folder(folder, must_be_new)
        except OSError as e:
            raise OutputError(f"cannot create the folder {folder}: {e.strerror}") from None
        os.chmod(folder, DIR_MODE)  # mkdir's mode is masked by the umask
        return folder
    if stat.S_ISLNK(st.st_mode):
        raise OutputError(f"{folder} is a symbolic link; give the real folder")
    if not stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{folder} exists and is not a folder")
    if must_be_new:
        raise OutputError(f"the folder {folder} already exists; choose a new one")
    return folder
