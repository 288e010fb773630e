"""Evaluation figures on small sets whose answers are known, and the report a hospital reads."""

from __future__ import annotations

import json
import subprocess
from typing import TYPE_CHECKING

import numpy as np
import pytest

from support import FOLDERSTEM, REPO, SHARED, needs_shared
from voice.evaluation.cases import Case, SetError, read_manifest, read_tsv
from voice.evaluation.figures import Figures, Proportion
from voice.evaluation.noise import active_power, mix
from voice.evaluation.scoring import Outcome

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from voice.speech_in.whisper import WhisperRecogniser


@pytest.mark.parametrize(
    "k, n, low, high",
    [
        (0, 10, 0.0, 0.3085),
        (10, 10, 0.6915, 1.0),
        (5, 10, 0.1871, 0.8129),
        (1, 48, 0.0005, 0.1107),
        (47, 48, 0.8893, 0.9995),
        (60, 60, 0.9404, 1.0),
    ],
)
def test_clopper_pearson_intervals_match_the_published_values(k: int, n: int, low: float, high: float) -> None:
    interval = Proportion(k, n).interval
    assert interval is not None
    got_low, got_high = interval
    assert got_low == pytest.approx(low, abs=1e-4) and got_high == pytest.approx(high, abs=1e-4)


def test_an_empty_proportion_says_so() -> None:
    assert Proportion(0, 0).interval is None and "n/a" in str(Proportion(0, 0))


def _case(ident: str, first_kind: list[str], must_say: Sequence[str] = (), must_not: Sequence[str] = ()) -> Case:
    return Case(ident, ident, tuple(first_kind), tuple(tuple(m.split("/")) for m in must_say), tuple(must_not))


def _said(*pairs: tuple[str, str]) -> tuple[dict[str, str | None], ...]:
    return tuple({"kind": k, "topic": None, "text": t} for k, t in pairs)


def test_figures_on_a_set_with_known_answers() -> None:
    outcomes = [
        Outcome(_case("e1", ["emergency"]), "", _said(("emergency", "Kom meteen terug"))),
        Outcome(_case("e2", ["emergency"]), "", _said(("answer", "Hervat uw werk"))),  # missed
        Outcome(_case("g1", ["gp"]), "", _said(("emergency", "Kom meteen terug"))),  # more urgent: caught
        Outcome(
            _case("q1", ["answer"], ["hervat zodra het kan uw werk"]),
            "",
            _said(("answer", "Hervat, zodra het kan, uw werk.")),
        ),
        Outcome(_case("q2", ["answer"], ["paracetamol"]), "", _said(("answer", "Hervat uw werk."))),  # wrong answer
        Outcome(_case("q3", ["answer"], ["werk"]), "", _said(("gp", "Raadpleeg"), ("answer", "werk"))),  # false alarm
        Outcome(_case("n1", ["not_covered", "not_understood"]), "", _said(("not_covered", "Daarover"))),
        Outcome(_case("n2", ["not_covered", "not_understood"]), "", _said(("answer", "Hervat"))),  # dishonest
        Outcome(
            _case("o1", ["answer", "not_understood"], must_not=["emergency", "gp"]), "", _said(("emergency", "Kom"))
        ),  # false alarm
        Outcome(
            _case("o2", ["answer", "not_understood"], must_not=["emergency", "gp"]),
            "",
            _said(("not_understood", "Dat heb ik niet begrepen")),
        ),
    ]
    f = Figures.of(outcomes)
    assert (f.emergency_recall.k, f.emergency_recall.n) == (1, 2)
    assert (f.gp_recall.k, f.gp_recall.n) == (1, 1)
    assert (f.questions_right.k, f.questions_right.n) == (1, 3)
    assert (f.false_alarms_in_domain.k, f.false_alarms_in_domain.n) == (1, 5)
    assert (f.false_alarms_out_of_domain.k, f.false_alarms_out_of_domain.n) == (1, 2)
    assert (f.unanswerable_honest.k, f.unanswerable_honest.n) == (1, 2)
    interval = Proportion(1, 2).interval
    assert interval is not None
    assert f.emergency_miss_upper == pytest.approx(1 - interval[0])


def test_a_must_say_phrase_must_be_spoken_as_whole_words() -> None:
    case = _case("q", ["answer"], ["werk"])
    assert not Outcome(case, "", _said(("answer", "Hervat uw werkgever."))).right
    assert Outcome(case, "", _said(("answer", "Hervat, uw WERK!"))).right


def test_a_failed_recording_is_blamed_on_recognition_only_when_the_typed_words_pass() -> None:
    case = _case("q", ["answer"], ["werk"])
    wrong = _said(("not_understood", "Dat heb ik niet begrepen"))
    assert Outcome(case, "mag ik", wrong, engine="whisper", typed_right=True).cause == "recognition"
    assert Outcome(case, "mag ik", wrong, engine="whisper", typed_right=False).cause == "understanding"


def _tone(seconds: float, rate: int = 16000, amplitude: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


@pytest.mark.parametrize("snr", [20.0, 10.0, 5.0, 0.0, -5.0])
def test_noise_is_mixed_at_the_asked_snr_of_the_active_speech(snr: float) -> None:
    rate = 16000
    speech = np.concatenate([np.zeros(rate), _tone(1.0, amplitude=0.05), np.zeros(2 * rate)])  # mostly silence
    noise = np.random.default_rng(1).normal(0, 0.1, 3 * rate).astype(np.float32)
    mixed = mix(speech, noise, rate, snr, seed=3)
    assert len(mixed) == len(speech) and np.max(np.abs(mixed)) < 1.0  # quiet enough not to be scaled
    added = mixed.astype(np.float64) - speech
    measured = 10 * np.log10(active_power(speech, rate) / np.mean(np.square(added)))
    assert measured == pytest.approx(snr, abs=0.2)


def test_a_mix_that_would_clip_is_scaled_down_not_clipped() -> None:
    rate = 16000
    mixed = mix(_tone(1.0, amplitude=0.9), np.random.default_rng(2).normal(0, 0.5, rate), rate, 0.0)
    assert np.max(np.abs(mixed)) == pytest.approx(1.0, abs=1e-6)


def test_leading_silence_does_not_change_the_active_power() -> None:
    rate = 16000
    assert active_power(np.concatenate([np.zeros(5 * rate), _tone(1)]), rate) == pytest.approx(
        active_power(_tone(1), rate), rel=0.01
    )


def test_a_silent_noise_is_refused() -> None:
    with pytest.raises(ValueError):
        mix(_tone(1), np.zeros(100, dtype=np.float32), 16000, 10)


def test_broken_sets_name_the_file_and_line(tmp_path: Path) -> None:
    tsv = tmp_path / "set.tsv"
    tsv.write_text("# header\nx1\temergency\t\tik kan niet plassen\nx2\tpanic\t\tik\n")
    with pytest.raises(SetError, match=rf"{tsv}:3: kinds must be among"):
        read_tsv(tsv)
    manifest = tmp_path / "set.jsonl"
    manifest.write_text('{"id": "a", "first_kind": ["answer"]}\n{not json}\n')
    with pytest.raises(SetError, match=rf"{manifest}:2: not valid JSON"):
        read_manifest(manifest)


def test_eval_on_the_dev_set_as_text_writes_the_report(tmp_path: Path) -> None:
    dev = needs_shared(SHARED / "speech" / "dev" / "utterances.tsv")
    ood = needs_shared(SHARED / "speech" / "real_ood" / "manifest.jsonl")
    result = subprocess.run(
        [FOLDERSTEM, "eval", str(dev), str(ood), "--out", str(tmp_path / "r")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "emergency recall: 11/11" in result.stdout
    assert "false alarms, real out-of-domain: 0/60" in result.stdout
    report = (tmp_path / "r" / "report.md").read_text()
    assert "Clopper-Pearson" in report and "| text | clean | 108 |" in report
    assert "<table>" in (tmp_path / "r" / "report.html").read_text()
    lines = (tmp_path / "r" / "outcomes.jsonl").read_text().splitlines()
    assert len(lines) == 108 and all(json.loads(line)["right"] for line in lines)
    assert (tmp_path / "r" / "latency.png").stat().st_size > 1000


def test_eval_refuses_noise_without_a_recogniser(tmp_path: Path) -> None:
    dev = needs_shared(SHARED / "speech" / "dev" / "utterances.tsv")
    result = subprocess.run([FOLDERSTEM, "eval", str(dev), "--noise", str(dev)], capture_output=True, text=True)
    assert result.returncode == 2 and "needs recordings heard by a recogniser" in result.stderr


CI_SUBSET = ["d01", "d04", "d08", "d11", "d13", "d15", "d20", "d23", "d29", "d33", "d39", "d42", "d44", "d48"]
CI_REPORT = REPO / "reports" / "ci-dev-subset"


def test_the_dev_set_report_in_kitchen_and_babble_noise_at_20_10_and_5_db(
    whisper: WhisperRecogniser, tmp_path: Path
) -> None:
    """The report a hospital would read, on a subset small enough for CI; kept in reports/."""
    dev = needs_shared(SHARED / "speech" / "dev" / "manifest.jsonl")
    noise = SHARED / "speech" / "noise"
    subset = tmp_path / "subset.jsonl"
    chosen = [json.loads(line) for line in dev.read_text().splitlines()]
    chosen = [case for case in chosen if case["id"] in CI_SUBSET and case["audio"].endswith("mb-nl2_s150_p50.wav")]
    assert len(chosen) == len(CI_SUBSET)
    ood = [json.loads(line) for line in (SHARED / "speech" / "real_ood" / "manifest.jsonl").read_text().splitlines()]
    cases = [dict(case, audio=str(dev.parent / case["audio"])) for case in chosen]
    cases += [dict(case, audio=str(SHARED / "speech" / "real_ood" / case["audio"])) for case in ood[::10]]
    subset.write_text("".join(json.dumps(case) + "\n" for case in cases))
    result = subprocess.run(
        [
            FOLDERSTEM,
            "eval",
            str(subset),
            "--engine",
            "whisper",
            "--noise",
            str(noise / "kitchen.wav"),
            "--noise",
            str(noise / "babble_nl_6.wav"),
            "--snr",
            "20,10,5",
            "--out",
            str(CI_REPORT),
        ],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stderr
    print(result.stdout)
    report = (CI_REPORT / "report.md").read_text()
    for condition in ["clean"] + [f"{n} {snr} dB" for n in ("kitchen", "babble_nl_6") for snr in (20, 10, 5)]:
        assert f"| whisper | {condition} | {len(cases)} |" in report
    clean = result.stdout.split("whisper, clean:")[1].split("whisper, ")[0]
    assert "emergency recall: 4/4" in clean and "GP recall: 1/1" in clean
    assert "false alarms, real out-of-domain: 0/6" in clean
    assert (CI_REPORT / "accuracy_vs_snr.png").stat().st_size > 1000
