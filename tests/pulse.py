"""A private PulseAudio server with null sinks, for testing (and benchmarking) sound through the real audio stack."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import numpy as np


class PulseServer:
    def __init__(self, folder: Path, sinks: tuple[str, ...] = ("speaker",), channels: int = 1):
        self.folder = folder
        self.sinks = sinks
        self.channels = channels
        self.socket = folder / "native"
        self.address = f"unix:{self.socket}"
        self.start()

    def start(self) -> None:
        """Starts the server (again, after stop(): at the same address, with the same sinks)."""
        folder, sinks = self.folder, self.sinks
        loads = [f"--load=module-native-protocol-unix socket={self.socket} auth-anonymous=1"]
        # No rewinds: what was rendered stays rendered, so the monitor shows exactly what a
        # listener would have heard, and a stop cannot hide behind a rewind (the worst case).
        loads += [
            f"--load=module-null-sink sink_name={sink} rate=22050 channels={self.channels} norewinds=1"
            for sink in sinks
        ]
        env = dict(os.environ, XDG_RUNTIME_DIR=str(folder), PULSE_RUNTIME_PATH=str(folder), HOME=str(folder))
        self.process = subprocess.Popen(
            [
                "pulseaudio",
                "--daemonize=no",
                "--system=false",
                "--exit-idle-time=-1",
                "-n",
                "--disallow-exit",
                "--log-target=stderr",
                *loads,
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(folder / "log").open("w"),
        )
        for _ in range(100):
            if self.socket.exists() and self.ctl("info").returncode == 0:
                break
            time.sleep(0.05)
        else:
            self.stop()
            raise RuntimeError(f"PulseAudio did not start: {(folder / 'log').read_text()[-500:]}")
        self.ctl("set-default-sink", sinks[0])

    def ctl(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["pactl", "--server", self.address, *args], capture_output=True, text=True, timeout=10)

    def record(self, sink: str = "speaker", rate: int = 16000, channels: int = 1) -> Recording:
        return Recording(self.address, f"{sink}.monitor", rate, channels)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Recording:
    """What a sink plays, as heard on its monitor: one column per channel when there are several."""

    def __init__(self, server: str, source: str, rate: int, channels: int = 1):
        self.rate = rate
        self.channels = channels
        self.process = subprocess.Popen(
            [
                "parec",
                "--server",
                server,
                "-d",
                source,
                "--raw",
                "--format=s16le",
                f"--rate={rate}",
                f"--channels={channels}",
                "--latency-msec=10",
            ],
            stdout=subprocess.PIPE,
        )
        self.chunks: list[bytes] = []
        # Read as it comes: a full pipe (64 KiB, two seconds) would make parec drop sound.
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()
        time.sleep(0.3)

    def _drain(self) -> None:
        stdout = self.process.stdout
        assert isinstance(stdout, io.BufferedReader)  # stdout=PIPE, buffered
        for chunk in iter(lambda: stdout.read1(4096), b""):
            self.chunks.append(chunk)

    def so_far(self) -> np.ndarray:
        """What has been recorded until now (recording goes on)."""
        data = b"".join(list(self.chunks))
        frame = 2 * self.channels
        samples = np.frombuffer(data[: len(data) // frame * frame], dtype="<i2").astype(np.float32) / 32768
        return samples if self.channels == 1 else samples.reshape(-1, self.channels)

    def stop(self) -> np.ndarray:
        time.sleep(0.3)
        self.process.terminate()
        self.process.wait(5)
        self.reader.join(5)
        return self.so_far()


def sounding(samples: np.ndarray, rate: int, threshold: float = 0.003) -> np.ndarray:
    """Indices of the 10 ms frames with sound in them."""
    frame = rate // 100
    usable = len(samples) // frame * frame
    energy = np.sqrt(np.mean(np.square(samples[:usable].reshape(-1, frame)), axis=1))
    return np.where(energy > threshold)[0]


def available() -> str | None:
    """Why the private server cannot run here, or None."""
    missing = [tool for tool in ("pulseaudio", "pactl", "parec") if not shutil.which(tool)]
    return f"not installed: {', '.join(missing)} (scripts/setup test installs them)" if missing else None
