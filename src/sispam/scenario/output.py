"""Keluaran (output): write Sispam's files so that a user never loses anything of theirs.

Every command writes through the two functions here:

- :func:`write_files` writes a folder, all of it or none of it. The folder carries a manifest
  (``.sispam-manifest.json``: what kind of output it is and the SHA-256 of every file), so a
  later run can tell a previous Sispam output from a user's folder. An existing folder is
  replaced only if it is a previous output of the same kind that nobody changed since; anything
  else (a user's folder, an edited workbook, a file, a link, a device) is refused with a message.
  The new folder is built as a hidden sibling and swapped in with one atomic exchange
  (``renameat2(RENAME_EXCHANGE)`` on Linux), so there is no moment at which the old output exists
  only under a hidden name. Where the exchange is unavailable, two renames are used and undone on
  failure; a leftover hidden copy is never deleted by a later run.
- :func:`write_file` writes one file: a temporary sibling, flushed to disk, renamed over the old
  one. A full disk leaves the previous file whole.

Both refuse to overwrite an input of the same command (``report D -o D``) or the folder the user
is in, and turn every operating-system error into an :class:`OutputError` naming the path.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from sispam.domain import SispamError
from sispam.i18n import t

MANIFEST = ".sispam-manifest.json"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class OutputError(SispamError):
    """An output that cannot (or must not) be written; nothing was written."""


def _fail(key: str, **values: object) -> OutputError:
    return OutputError(t(key, **values))


def _os_error(exc: OSError, path: Path | str) -> OutputError:
    where = exc.filename or path
    return _fail("scenario.output.os_error", path=where, reason=exc.strerror or exc)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _absolute(path: Path | str) -> Path:
    """An absolute path without resolving links (``.`` and ``..`` folded)."""
    return Path(os.path.abspath(os.fspath(path)))


def _check_not_input(target: Path, inputs: Iterable[Path | str]) -> None:
    """Neither the command's inputs nor the folder the user is in may be replaced."""
    real = target.resolve()
    cwd = Path.cwd().resolve()
    if real == cwd or real in cwd.parents:
        raise _fail("scenario.output.cwd", path=target)
    for p in inputs:
        p = Path(p).resolve()
        if real == p or real in p.parents:
            raise _fail("scenario.output.input", path=target, input=p)


# --- the manifest --------------------------------------------------------------------------


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_text(kind: str, files: Mapping[str, bytes]) -> str:
    """The manifest of an output folder (sorted, no dates: same files → same bytes)."""
    entry = {"written_by": "sispam", "kind": kind}
    entry["files"] = {name: _digest(files[name]) for name in sorted(files)}  # type: ignore[assignment]
    return json.dumps(entry, indent=1, sort_keys=True) + "\n"


def _read_manifest(folder: Path) -> tuple[str, dict[str, str]] | None:
    """(kind, name → SHA-256) of a previous output, or None if ``folder`` is not one."""
    try:
        doc = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("written_by") != "sispam":
        return None
    files = doc.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in files.items()
    ):
        return None
    return str(doc.get("kind", "")), files


def _tree(folder: Path) -> tuple[list[str], list[str]]:
    """(files, folders) under ``folder`` as relative POSIX names; links count as files."""
    files: list[str] = []
    dirs: list[str] = []
    for root, subdirs, names in os.walk(folder):
        base = Path(root).relative_to(folder)
        for d in list(subdirs):
            if (Path(root) / d).is_symlink():
                subdirs.remove(d)
                names.append(d)
            else:
                dirs.append((base / d).as_posix())
        files += [(base / n).as_posix() for n in names]
    return files, dirs


def _previous_output(target: Path, kind: str) -> dict[str, str]:
    """Check that ``target`` holds exactly a previous, unchanged Sispam output of ``kind``."""
    found = _read_manifest(target)
    if found is None:
        raise _fail("scenario.output.not_sispam", path=target)
    if found[0] != kind:
        raise _fail("scenario.output.other_kind", path=target, kind=found[0])
    listed = found[1]
    files, _ = _tree(target)
    for name in sorted(files):
        if name == MANIFEST:
            continue
        path = target / name
        if name not in listed or path.is_symlink() or not path.is_file():
            raise _fail("scenario.output.foreign", path=target, file=name)
        if _digest(path.read_bytes()) != listed[name]:
            raise _fail("scenario.output.changed", path=target, file=name)
    return listed


def _remove_output(folder: Path, listed: Iterable[str]) -> None:
    """Delete a previous output file by file, only what its manifest listed; keep the rest."""
    for name in [*listed, MANIFEST]:
        with contextlib.suppress(OSError):
            (folder / name).unlink()
    _, dirs = _tree(folder)
    for d in sorted(dirs, key=lambda d: -d.count("/")):
        with contextlib.suppress(OSError):
            (folder / d).rmdir()
    with contextlib.suppress(OSError):  # if something not ours appeared, it stays (hidden)
        folder.rmdir()


# --- low-level writing ---------------------------------------------------------------------


def _write_bytes(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on folders
        pass
    finally:
        os.close(fd)


def _check_parent(folder: Path) -> None:
    """The nearest existing ancestor of ``folder`` must be a folder we may write in."""
    p = folder
    while not os.path.lexists(p):
        p = p.parent
    if not p.is_dir():
        raise _fail("scenario.output.parent_not_dir", path=folder, parent=p)
    if not os.access(p, os.W_OK | os.X_OK):
        raise _fail("scenario.output.os_error", path=p, reason=os.strerror(errno.EACCES))


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created (to undo on failure)."""
    missing: list[Path] = []
    p = folder
    while not os.path.lexists(p):
        missing.append(p)
        p = p.parent
    if not p.is_dir():
        raise _fail("scenario.output.parent_not_dir", path=folder, parent=p)
    for d in reversed(missing):
        d.mkdir()
    return missing


def _undo_parents(created: list[Path]) -> None:
    for d in created:
        try:
            d.rmdir()
        except OSError:
            break


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2``); False where that is not available."""
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap_in(new: Path, target: Path) -> Path:
    """Put the complete folder ``new`` at ``target``; return where the old output now is."""
    if _exchange(new, target):
        return new
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rename(target, old)  # over the empty placeholder
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(old, target)
        raise
    return old


# --- the two entry points ------------------------------------------------------------------


def _as_bytes(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def _check_folder_target(target: Path, replace: bool, kind: str) -> dict[str, str] | None:
    """What is at ``target`` now: None (nothing or an empty folder) or the previous output."""
    if not os.path.lexists(target):
        return None
    if target.is_symlink() or not target.is_dir():
        raise _fail("scenario.output.not_folder", path=target)
    try:
        empty = not any(target.iterdir())
    except OSError as exc:
        raise _os_error(exc, target) from None
    if empty:
        return None
    if not replace:
        raise _fail("scenario.target_not_empty", path=target)
    return _previous_output(target, kind)


def check_folder_target(
    target: Path | str,
    replace: bool = False,
    *,
    kind: str = "files",
    inputs: Iterable[Path | str] = (),
) -> None:
    """Everything :func:`write_files` checks before writing, so a command can refuse a bad
    output place before it starts its work. Raises :class:`OutputError`."""
    target = _absolute(target)
    _check_not_input(target, inputs)
    _check_folder_target(target, replace, kind)
    _check_parent(target.parent)


def write_files(
    files: Mapping[str, str | bytes],
    target: Path | str,
    replace: bool = False,
    *,
    kind: str = "files",
    inputs: Iterable[Path | str] = (),
) -> Path:
    """Write ``files`` (relative name → content) as the folder ``target``, all or nothing.

    ``replace``: an existing folder may be replaced if it is a previous, unchanged Sispam output
    of the same ``kind`` (e.g. ``"report"``); ``inputs``: paths the command reads, which the
    output must neither be nor contain. Raises :class:`OutputError`; nothing is written then.
    """
    target = _absolute(target)
    data = {name: _as_bytes(content) for name, content in files.items()}
    for name in data:
        parts = Path(name).parts
        if Path(name).is_absolute() or ".." in parts or name == MANIFEST or not parts:
            raise ValueError(f"bad output file name {name!r}")  # a bug, not user input
    _check_not_input(target, inputs)
    previous = _check_folder_target(target, replace, kind)
    created: list[Path] = []
    new: Path | None = None  # the new folder while it is not in place
    placed = False
    try:
        created = _make_parents(target.parent)
        new = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        new.chmod(0o777 & ~_umask())  # mkdtemp makes it private; the output is an ordinary folder
        for name, content in data.items():
            path = new / name
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_bytes(path, content)
        _write_bytes(new / MANIFEST, manifest_text(kind, data).encode("utf-8"))
        if previous is None:
            os.replace(new, target)  # onto nothing or an empty folder
            placed = True
        else:
            old = _swap_in(new, target)
            placed = True
            _remove_output(old, previous)
        _sync_dir(target.parent)
    except OSError as exc:
        raise _os_error(exc, target) from None
    finally:
        if not placed:  # failed or interrupted before the swap: leave no trace
            if new is not None:
                _remove_output(new, data)
            _undo_parents(created)
    return target


def discard_output(target: Path | str) -> None:
    """Remove a folder :func:`write_files` wrote (e.g. when a later part of the same command
    failed): only the files its manifest lists, only if unchanged; anything else stays."""
    target = _absolute(target)
    found = _read_manifest(target)
    if found is None:
        return
    try:
        listed = _previous_output(target, found[0])
    except OutputError:
        return
    _remove_output(target, listed)


def _file_target(path: Path | str, inputs: Iterable[Path | str]) -> tuple[Path, int]:
    """(where to write, file mode) after checking the place; see :func:`write_file`."""
    path = _absolute(path)
    if path.is_symlink():
        path = path.resolve()
    mode = 0o666 & ~_umask()
    if os.path.lexists(path):
        try:
            st = path.stat()
        except OSError as exc:
            raise _os_error(exc, path) from None
        if stat.S_ISDIR(st.st_mode):
            raise _fail("scenario.output.is_folder", path=path)
        if not stat.S_ISREG(st.st_mode):
            raise _fail("scenario.output.not_regular", path=path)
        mode = stat.S_IMODE(st.st_mode)
    _check_not_input(path, inputs)
    return path, mode


def check_file_target(path: Path | str, *, inputs: Iterable[Path | str] = ()) -> None:
    """Everything :func:`write_file` checks before writing. Raises :class:`OutputError`."""
    path, _ = _file_target(path, inputs)
    _check_parent(path.parent)


def write_file(
    path: Path | str, content: str | bytes, *, inputs: Iterable[Path | str] = ()
) -> Path:
    """Write one file atomically (temporary sibling, flushed, renamed over ``path``).

    Refuses a folder, a device or anything but a regular file at ``path``, and any of
    ``inputs``; a link is followed so the link itself stays. Raises :class:`OutputError`.
    """
    path, mode = _file_target(path, inputs)
    created: list[Path] = []
    tmp: Path | None = None
    done = False
    try:
        created = _make_parents(path.parent)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        _write_bytes(tmp, _as_bytes(content))
        tmp.chmod(mode)
        os.replace(tmp, path)
        done = True
        _sync_dir(path.parent)
    except OSError as exc:
        raise _os_error(exc, path) from None
    finally:
        if not done:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            _undo_parents(created)
    return path


__all__ = [
    "MANIFEST",
    "OutputError",
    "check_file_target",
    "check_folder_target",
    "discard_output",
    "manifest_text",
    "write_file",
    "write_files",
]
