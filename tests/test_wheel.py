"""The wheel stands on its own: built, installed into a fresh environment and run from a
folder that is not the checkout, it answers from the leaflet it carries."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from support import REPO, SHARED, needs_shared

BUILT_FROM = ("pyproject.toml", "README.md", "voice", "content")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built from a copy of the sources, so the checkout gets no build/ or egg-info, without network."""
    source = tmp_path_factory.mktemp("source")
    for name in BUILT_FROM:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(REPO / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--disable-pip-version-check", "--no-deps"]
        + ["--no-build-isolation", "--wheel-dir", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (path,) = out.glob("*.whl")
    return path


@pytest.fixture(scope="module")
def fresh(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new environment with only the wheel installed, and the project's third-party packages
    importable: the project's site-packages is named in a .pth file, and the .pth files inside
    a folder named that way are not run, so the project's own editable install stays out."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    installed = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q"]
        + ["--disable-pip-version-check", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr
    site = run(venv, "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip()
    dependencies = sorted({sysconfig.get_path("purelib"), sysconfig.get_path("platlib")})
    (Path(site) / "project-dependencies.pth").write_text("\n".join(dependencies) + "\n", encoding="utf-8")
    return venv


def run(venv: Path, command: str, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    """`command` of the environment, in a new empty folder with a new empty home, and none of
    this process's Python paths or Folderstem settings."""
    elsewhere = venv.parent / "elsewhere"
    (elsewhere / "home").mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "FOLDERSTEM_", "XDG_"))}
    env.update(HOME=str(elsewhere / "home"), **settings)
    return subprocess.run(
        [str(venv / "bin" / command), *args], capture_output=True, text=True, timeout=600, cwd=elsewhere, env=env
    )


def test_the_wheel_carries_every_module_and_every_leaflet_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zipped:
        names = set(zipped.namelist())
    files = [p for p in (REPO / "voice").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    expected = {p.relative_to(REPO).as_posix() for p in files}
    expected |= {f"voice/{p.relative_to(REPO).as_posix()}" for p in (REPO / "content").rglob("*") if p.is_file()}
    assert sorted(expected - names) == []


def test_the_installed_wheel_answers_and_checks_its_content_from_any_folder(fresh: Path) -> None:
    where = run(fresh, "python", "-c", "import voice; print(voice.__file__)")
    assert Path(where.stdout.strip()).resolve().is_relative_to(fresh.resolve()), where.stdout + where.stderr
    answer = run(fresh, "folderstem", "ask", "mag ik werken?")
    assert answer.returncode == 0, answer.stderr
    assert "Hervat, zodra het kan, uw werk" in answer.stdout
    # The shipped leaflet's full check (a minute or two of CPU): here rather than again from the checkout.
    check = run(fresh, "folderstem", "content", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    summary = check.stdout.strip().splitlines()[-1]
    assert summary.startswith(f"{fresh.resolve()}/"), summary  # the wheel's own copy
    assert re.search(r"/voice/content/lage-rugpijn: OK: 14 topics, 5 red flags, 0 errors, \d+ notes$", summary)


def test_the_installed_wheel_finds_the_pins_by_its_setting_and_keeps_models_in_the_users_data(fresh: Path) -> None:
    shared = needs_shared(SHARED / "models").parent
    listing = run(fresh, "folderstem", "models", "list", FOLDERSTEM_SHARED=str(shared))
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert any(line.startswith("whisper-base ") for line in lines), listing.stdout
    assert all(" not installed " in line for line in lines), listing.stdout  # the new home has none yet
