"""What the matcher learned, kept on disk between runs: loading it takes milliseconds,
learning it again about ten seconds and half a gigabyte (9421 examples, on a 2-core machine).

One file per fingerprint of what was learned from (voice/matcher.py `fingerprint`), so a
changed example, analyser or matcher never reads an old file. The files hold only what the
content teaches, nothing a patient said. A file that cannot be read or written is learned
again, never an error: the cache only saves time.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from voice.matcher import Label, LabelKind, Learned

SUFFIX = ".npz"
KEPT = 4  # files of other fingerprints kept (other leaflets, other versions)


@dataclass(frozen=True)
class LearnedStore:
    folder: Path

    @classmethod
    def default(cls) -> LearnedStore:
        """$FOLDERSTEM_CACHE, else the user's cache folder (~/.cache/folderstem)."""
        if os.environ.get("FOLDERSTEM_CACHE"):
            return cls(Path(os.environ["FOLDERSTEM_CACHE"]))
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return cls(Path(base) / "folderstem")

    def load(self, key: str) -> Learned | None:
        try:
            with np.load(self._path(key), allow_pickle=False) as data:
                kinds = [LabelKind(k) for k in data["threshold_kinds"]]
                return Learned(
                    features=tuple(str(f) for f in data["features"]),
                    idf=data["idf"],
                    matrix=csr_matrix((data["data"], data["indices"], data["indptr"]), shape=tuple(data["shape"])),
                    classes=tuple(
                        Label(LabelKind(k), str(i)) for k, i in zip(data["class_kinds"], data["class_ids"], strict=True)
                    ),
                    weights=data["weights"],
                    held_out=data["held_out"],
                    thresholds=dict(zip(kinds, (float(t) for t in data["thresholds"]), strict=True)),
                )
        except (OSError, KeyError, ValueError):
            return None

    def save(self, key: str, learned: Learned) -> None:
        file = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".", suffix=SUFFIX, delete=False) as file:
                np.savez(
                    file,
                    features=np.array(learned.features, dtype=str),
                    idf=learned.idf,
                    data=learned.matrix.data,
                    indices=learned.matrix.indices,
                    indptr=learned.matrix.indptr,
                    shape=np.array(learned.matrix.shape),
                    class_kinds=np.array([c.kind.value for c in learned.classes], dtype=str),
                    class_ids=np.array([c.id for c in learned.classes], dtype=str),
                    weights=learned.weights,
                    held_out=learned.held_out,
                    threshold_kinds=np.array([k.value for k in learned.thresholds], dtype=str),
                    thresholds=np.array(list(learned.thresholds.values())),
                )
            os.replace(file.name, self._path(key))
            self._forget_old(key)
        except OSError:
            if file is not None:
                Path(file.name).unlink(missing_ok=True)

    def _path(self, key: str) -> Path:
        return self.folder / f"matcher-{key[:32]}{SUFFIX}"

    def _forget_old(self, key: str) -> None:
        others = sorted(
            (p for p in self.folder.glob(f"matcher-*{SUFFIX}") if p != self._path(key)),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in others[KEPT:]:
            old.unlink(missing_ok=True)
