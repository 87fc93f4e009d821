"""An output folder as a versioned dataset: one writer at a time, all tables switched at once.

Layout of an output folder DIR:

    DIR/.versions/v000003/<table>/part-*.parquet   one complete set of tables (+ manifest)
    DIR/current -> .versions/v000003               the published version
    DIR/<table> -> current/<table>                 what readers open (fixed links)
    DIR/manifest.json -> current/manifest.json
    DIR/.lock                                      flock + pid of the run writing DIR

A run builds its tables in `.versions/.staging-<pid>` (an append first hard-links the
current parts there), renames it to the next version, then replaces the `current` link by
one rename: readers see every old table or every new one, never a mix. The version before
is kept (a reader that resolved it a moment ago can finish); older ones are removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.stopping import not_interrupted
from extract.tables import MODELS

VERSIONS = ".versions"
CURRENT = "current"
MANIFEST = "manifest.json"
LOCK = ".lock"
STAGING_PREFIX = ".staging-"
LINK_PREFIX = ".current-"
LAYOUT = "parquet-dataset/1"


class DatasetError(RuntimeError):
    """The output folder cannot be used; the message is the one-line reason."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def _pid_of(name: str, prefix: str) -> int | None:
    tail = name.removeprefix(prefix)
    return int(tail) if tail.isdigit() else None


def _version_number(path: Path) -> int:
    return int(path.name[1:]) if path.name[:1] == "v" and path.name[1:].isdigit() else -1


def legacy_tables(folder: Path) -> list[Path]:
    """Tables of the earlier one-file-per-table layout (`DIR/results.parquet`)."""
    return [folder / f"{t}.parquet" for t in MODELS if (folder / f"{t}.parquet").is_file()]


def table_path(folder: Path, table: str) -> Path:
    """Where a table is read from: its folder of parts, or an earlier layout's single file."""
    path = folder / table
    return path if path.is_dir() else folder / f"{table}.parquet"


def read_manifest(folder: Path) -> dict[str, Any] | None:
    path = folder / MANIFEST
    if not path.is_file():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Written beside and renamed over: never into a file another version may share."""
    tmp = folder / f".{MANIFEST}.tmp"
    tmp.write_text(
        json.dumps(manifest, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8"
    )
    os.replace(tmp, folder / MANIFEST)


@dataclass
class Staging:
    """A version being built: its folder and the number it will be published as."""

    path: Path
    number: int
    base: Path | None  # the version it extends (append), or None (a new set of tables)


class OutputFolder:
    """Holds DIR's lock for one run; stages, publishes and prunes versions under it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.versions = root / VERSIONS
        self._lock_file: Any = None
        self._created = False
        self.published = False

    # --- the lock ----------------------------------------------------------------------

    def __enter__(self) -> OutputFolder:
        if self.root.exists() and not self.root.is_dir():
            raise NotADirectoryError(20, "Not a directory", str(self.root))
        self._created = not self.root.exists()
        self.root.mkdir(parents=True, exist_ok=True)
        lock = (self.root / LOCK).open("a+", encoding="utf-8")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            pid = lock.read().strip() or "unknown"
            lock.close()
            raise DatasetError(f"another run (pid {pid}) is writing {self.root}") from None
        lock.seek(0)
        lock.truncate()
        lock.write(f"{os.getpid()}\n")
        lock.flush()
        self._lock_file = lock
        self.clear_dead_staging()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._created and not self.published:
            # A run that published nothing leaves no empty folder behind.
            shutil.rmtree(self.root, ignore_errors=True)
        if self._lock_file is not None:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None

    def clear_dead_staging(self) -> None:
        """Remove what runs that died left: their staging folders and temporary links.
        Only a dead process's leftovers go (the pid is in the name)."""
        places = [(self.versions, STAGING_PREFIX), (self.root, LINK_PREFIX)]
        places.append((self.root, STAGING_PREFIX))  # the earlier layout staged here
        for folder, prefix in places:
            if not folder.is_dir():
                continue
            for child in folder.iterdir():
                pid = _pid_of(child.name, prefix) if child.name.startswith(prefix) else None
                if pid is None or (_pid_alive(pid) and pid != os.getpid()):
                    continue
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)

    # --- versions ----------------------------------------------------------------------

    def current(self) -> Path | None:
        """The published version's folder, or None when DIR holds no dataset yet."""
        link = self.root / CURRENT
        return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None

    def stage(self, *, append: bool) -> Staging:
        """A fresh staging folder; for an append it starts with the current parts
        hard-linked in (no copy; a file system without hard links gets copies)."""
        self.versions.mkdir(exist_ok=True)
        numbers = [_version_number(p) for p in self.versions.iterdir()]
        number = max([0, *numbers]) + 1
        path = self.versions / f"{STAGING_PREFIX}{os.getpid()}"
        shutil.rmtree(path, ignore_errors=True)
        base = self.current() if append else None
        if base is None:
            path.mkdir()
        else:
            # Part files are never written again once closed, so versions can share them;
            # the manifest is the one file each version rewrites: it is not linked.
            ignore = shutil.ignore_patterns(MANIFEST)
            shutil.copytree(base, path, copy_function=_link_or_copy, ignore=ignore)
        return Staging(path, number, base)

    def publish(self, staging: Staging) -> Path:
        """Rename the staging folder to its version and switch `current` to it in one
        rename; then make sure the fixed links exist and prune old versions."""
        before = self.current()
        version = self.versions / f"v{staging.number:06d}"
        with not_interrupted():
            os.replace(staging.path, version)
            link = self.root / f"{LINK_PREFIX}{os.getpid()}"
            link.unlink(missing_ok=True)
            link.symlink_to(Path(VERSIONS) / version.name)
            os.replace(link, self.root / CURRENT)  # the switch: one atomic rename
            self.published = True
            self._link_tables()
        self._prune(keep={version.name, before.name if before else version.name})
        for old in legacy_tables(self.root):
            old.unlink()  # the one-file layout's tables, now shadowed by the folders
        return version

    def _link_tables(self) -> None:
        for name in [*MODELS, MANIFEST]:
            path = self.root / name
            if path.is_symlink():
                continue
            if path.is_dir():
                raise DatasetError(f"{path} exists and is not this tool's link; move it away")
            tmp = self.root / f"{LINK_PREFIX}{os.getpid()}"
            tmp.unlink(missing_ok=True)
            tmp.symlink_to(Path(CURRENT) / name)
            os.replace(tmp, path)  # replaces an earlier layout's manifest file

    def _prune(self, keep: set[str]) -> None:
        """Keep the new version and the one it replaced; remove older ones (and versions
        a killed run renamed but never published)."""
        for path in self.versions.iterdir():
            if _version_number(path) >= 0 and path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


@contextlib.contextmanager
def staged(folder: OutputFolder, *, append: bool) -> Iterator[Staging]:
    """A staging folder that is removed unless it was published."""
    staging = folder.stage(append=append)
    try:
        yield staging
    finally:
        shutil.rmtree(staging.path, ignore_errors=True)
