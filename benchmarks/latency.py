"""How long a patient waits: from the end of their question to the earcon and to the answer.

`folderstem listen` runs as in production (real time, sounddevice/PortAudio) on a private
PulseAudio server. Its microphone and its speaker are the two channels of one null sink,
the room, so that one recording of the room's monitor holds what the patient said and
what the assistant played on a single clock. Dev recordings are played into the
microphone one at a time (the next when the answer has ended): clean, and with kitchen
and babble noise at 10 dB mixed in as `folderstem eval` mixes it, over the whole recording
(so also over the 0.7 s of silence after the speech, which the endpointer hears as sound).

Per question: from the end of the speech (the last sounding 10 ms of the clean
recording) to the first sample of the earcon, and to the first sample after it (the
answer). Median, p95, max per condition; CPU seconds per question and peak RSS of the
listen process. With --before, the same for the code at a git revision (default main),
run first in the same invocation, so that both see the same machine.

    .venv/bin/python benchmarks/latency.py [--count 16] [--before [REV]]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import pulse  # noqa: E402  (the tests' private sound server, one home)
from voice.audio import Audio  # noqa: E402
from voice.evaluation.cases import Case, read_manifest  # noqa: E402
from voice.evaluation.recordings import samples  # noqa: E402
from voice.locations import shared_folder  # noqa: E402
from voice.speech_in.audio_files import RATE  # noqa: E402
from voice.speech_out.synthesis import write  # noqa: E402

SPEECH = shared_folder() / "speech"
CONDITIONS = {"clean": None, "kitchen 10 dB": "kitchen.wav", "babble 10 dB": "babble_nl_6.wav"}
SNR_DB = 10.0
EARCON_SECONDS = 0.25  # the rising earcon lasts 0.21 s; what sounds after it is the answer
QUIET_SECONDS = 1.5  # the speaker silent this long after the answer began: the answer has ended
ANSWER_TIMEOUT = 60.0


@dataclass(frozen=True)
class Question:
    name: str
    audio: Path  # what is played into the microphone
    samples: np.ndarray  # the same, to find it in the room's recording
    speech_end: float  # seconds into it where the patient stops speaking


@dataclass(frozen=True)
class Waits:
    earcon: float
    answer: float


@dataclass(frozen=True)
class Run:
    """One version of the code heard every question: the waits per condition and its cost."""

    waits: dict[str, list[Waits]]
    cpu_per_question: float
    peak_rss_mib: float


def chosen(count: int) -> list[Case]:
    """`count` clean dev recordings spread over the utterances (not the controls) and renderings."""
    dev = read_manifest(SPEECH / "dev" / "manifest.jsonl")
    cases = sorted((c for c in dev if not c.noise and "control" not in c.first_kind), key=lambda case: case.id)
    return [cases[round(i * len(cases) / count)] for i in range(count)]


def spoken(case: Case, noise: str | None) -> tuple[np.ndarray, float]:
    """The case's recording with the noise mixed in (or clean), and where in it the speech ends
    (after the last sounding 10 ms of the clean recording)."""
    assert case.audio is not None  # the dev set's cases are recordings
    clean = samples(case.audio, case.id)
    speech_end = (pulse.sounding(clean, RATE)[-1] + 1) / 100
    return (samples(case.audio, case.id, SPEECH / "noise" / noise, SNR_DB) if noise else clean), speech_end


def questions(count: int, folder: Path) -> dict[str, list[Question]]:
    """The chosen recordings, clean and with each noise mixed in, written to play."""
    found: dict[str, list[Question]] = {}
    for condition, noise in CONDITIONS.items():
        found[condition] = []
        for case in chosen(count):
            mixed, speech_end = spoken(case, noise)
            path = folder / f"{case.audio.stem if case.audio else case.id}_{len(found)}.wav"
            write(Audio(mixed, RATE), path)
            found[condition].append(Question(path.stem, path, mixed, speech_end))
    return found


class Room:
    """A private sound server whose one stereo sink is the room: the microphone hears the left
    channel (`ears`), the speaker plays into the right, and both are recorded together."""

    def __init__(self, folder: Path):
        folder.mkdir()
        self.server = pulse.PulseServer(folder, sinks=("room",), channels=2)
        for module, name, master, channel in (
            ("module-remap-sink", "sink_name=mic", "room", "front-left"),
            ("module-remap-sink", "sink_name=speaker", "room", "front-right"),
            ("module-remap-source", "source_name=ears", "room.monitor", "front-left"),
        ):
            mono = ("channels=1", "channel_map=mono", "remix=no")
            loaded = self.server.ctl(
                "load-module", module, name, f"master={master}", f"master_channel_map={channel}", *mono
            )
            if loaded.returncode:
                raise RuntimeError(f"{module}: {loaded.stderr}")
        self.recording = self.server.record("room", RATE, channels=2)

    def now(self) -> float:
        return len(self.recording.so_far()) / RATE

    def speaker_sounds(self, since: float) -> np.ndarray:
        """Seconds at which the speaker's 10 ms frames sound, from `since` on."""
        heard = self.recording.so_far()[round(since * RATE) :, 1]
        return since + pulse.sounding(heard, RATE) / 100

    def play(self, question: Question) -> float:
        """Speak into the microphone; returns where the question starts, on the room's clock."""
        before = self.now()
        subprocess.run(
            ["paplay", "--server", self.server.address, "--device=mic", str(question.audio)], check=True, timeout=60
        )
        time.sleep(0.1)  # until the last of it is recorded
        heard = self.recording.so_far()[round(before * RATE) :, 0]
        played = question.samples
        # The recording is copied sample for sample: where it correlates best is where it starts.
        size = 1 << int(np.ceil(np.log2(len(heard) + len(played))))
        correlation = np.fft.irfft(np.fft.rfft(heard, size) * np.conj(np.fft.rfft(played, size)), size)
        return before + int(np.argmax(correlation[: len(heard)])) / RATE

    def wait_quiet(self, since: float, timeout: float = ANSWER_TIMEOUT) -> None:
        """Until the speaker has sounded after `since` and then been silent QUIET_SECONDS."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sounds = self.speaker_sounds(since)
            if len(sounds) and self.now() - sounds[-1] >= QUIET_SECONDS:
                return
            time.sleep(0.2)
        raise TimeoutError(f"the speaker did not sound and fall silent within {timeout:g} s")

    def close(self) -> None:
        self.recording.stop()
        self.server.stop()


class Listener:
    """`folderstem listen` from the code in `code`, on the room's microphone and speaker."""

    def __init__(self, room: Room, code: Path, folder: Path):
        env = dict(os.environ, PULSE_SERVER=room.server.address, PULSE_SOURCE="ears", PULSE_SINK="speaker")
        env.update(PYTHONPATH=str(code), FOLDERSTEM_SHARED=str(shared_folder()))  # the pins, wherever the code is
        self.log = folder / "gesprek.txt"
        self.errors = folder / "stderr.txt"
        command = [sys.executable, "-m", "voice", "listen", "--engine", "whisper", "--idle", "3600"]
        command += ["--warnings-at-start", "never"]  # the same greeting for both runs, whatever the day
        self.process = subprocess.Popen(
            [*command, "--log", str(self.log)],
            cwd=code,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self.errors.open("w"),
        )
        self.wait_for(lambda: any(line[1] == "control:greeting" for line in self.lines()), 180)  # the model is loaded

    def lines(self) -> list[list[str]]:
        text = self.log.read_text(encoding="utf-8") if self.log.exists() else ""
        return [line.split("\t") for line in text.splitlines()]

    def heard(self) -> int:
        """How many utterances of the patient it has heard."""
        return sum(line[1] == "patient" for line in self.lines())

    def wait_heard(self, more_than: int) -> None:
        self.wait_for(lambda: self.heard() > more_than)

    def wait_for(self, done: Callable[[], bool], timeout: float = ANSWER_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"folderstem listen: nothing in {timeout:g} s; {self.errors.read_text()[-2000:]}")
            time.sleep(0.05)

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


def cpu_seconds(pid: int) -> float:
    """User and system time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(code: Path, asked: dict[str, list[Question]], folder: Path) -> Run:
    room = Room(folder / "pulse")
    listener = None
    try:
        listener = Listener(room, code, folder)
        room.wait_quiet(0.0)  # the greeting has been said
        pid = listener.process.pid
        started = cpu_seconds(pid)
        waits: dict[str, list[Waits]] = {}
        for condition, listed in asked.items():
            waits[condition] = []
            for question in listed:
                heard = listener.heard()
                end = room.play(question) + question.speech_end
                listener.wait_heard(heard)
                room.wait_quiet(room.now())  # what it says about it has been said
                sounds = room.speaker_sounds(end)
                earcon = float(sounds[0])
                later = sounds[sounds >= earcon + EARCON_SECONDS]
                answer = float(later[0]) if len(later) else float("nan")
                waits[condition].append(Waits(earcon - end, answer - end))
                print(f"  {condition:14} {question.name:26} earcon {earcon - end:5.2f} s, answer {answer - end:5.2f} s")
        count = sum(len(listed) for listed in asked.values())
        return Run(waits, (cpu_seconds(pid) - started) / count, peak_rss_mib(pid))
    finally:
        if listener is not None:
            listener.close()
        room.close()


@contextmanager
def checkout(revision: str) -> Iterator[Path]:
    """The code at a git revision, in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="folderstem-before-") as folder:
        archive = subprocess.run(["git", "archive", revision], cwd=REPO, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        yield Path(folder)


def figures(values: list[float]) -> str:
    """Median, p95, max; a question that had no answer (NaN) counts only for the earcon."""
    return f"{np.nanmedian(values):5.2f} {np.nanpercentile(values, 95):5.2f} {np.nanmax(values):5.2f}"


def table(runs: dict[str, Run]) -> None:
    print(f"\n{'code':8} {'condition':14} {'n':>3}  earcon median/p95/max  answer median/p95/max (s)")
    for name, run in runs.items():
        for condition, waits in run.waits.items():
            earcon = figures([w.earcon for w in waits])
            answer = figures([w.answer for w in waits])
            print(f"{name:8} {condition:14} {len(waits):3}  {earcon}      {answer}")
    for name, run in runs.items():
        print(f"{name:8} CPU {run.cpu_per_question:.2f} s per question, peak RSS {run.peak_rss_mib:.0f} MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=16, help="questions per condition (default 16)")
    parser.add_argument(
        "--before", nargs="?", const="main", metavar="REV", help="measure the code at REV (default main) first"
    )
    args = parser.parse_args()
    missing = pulse.available()
    if missing:
        print(f"latency: {missing}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="folderstem-latency-") as scratch:
        folder = Path(scratch)
        asked = questions(args.count, folder)
        print(f"load before: {os.getloadavg()[0]:.2f}")
        runs: dict[str, Run] = {}
        if args.before:
            with checkout(args.before) as before:
                (folder / "before").mkdir()
                print(f"before ({args.before}):")
                runs["before"] = measure(before, asked, folder / "before")
        (folder / "now").mkdir()
        print("now:")
        runs["now"] = measure(REPO, asked, folder / "now")
        print(f"load after: {os.getloadavg()[0]:.2f}")
    table(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
