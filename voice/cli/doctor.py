"""`folderstem doctor`: what a technician runs before handing a device to a patient.

One line per check, "OK  <check>: detail" or "FAIL <check>: what to do"; exit code 0 only
when every check passes. Never uses the network. Each check reuses the code the assistant
itself runs (settings, content check, voices, model pins, recogniser, microphone, player),
so a pass here means the conversation will work.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from voice import config
from voice.cli.common import add_content_option
from voice.cli.config import add_config_option
from voice.cli.listen import device, synthesiser_for
from voice.folding import fold
from voice.toml_source import ContentError

if TYPE_CHECKING:
    from voice.speech_out.synthesis import Synthesiser

TEST_PHRASE = "Mag ik weer gaan werken?"  # synthesised, then transcribed by the speech model
TEST_SENTENCE = "Dit is een test van de luidspreker."
RECORD_SECONDS = 1.5
SPEAK_SECONDS = 3.0
CHECKS = ("settings", "content", "voice", "model", "microphone", "speaker")
MARGIN_DB = 15.0  # speech, or the tone played back, must stand this far above the noise floor
NO_SOUND_SERVER = (
    "there are no sound devices at all: start the sound server for this user "
    "(systemctl --user start pipewire-pulse, or pulseaudio --start) and check the sound card (aplay -l)"
)


class Verdict(Enum):
    OK = "OK"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Finding:
    verdict: Verdict
    check: str
    detail: str  # what was found; for a FAIL, what to do

    def line(self) -> str:
        return f"{self.verdict.value:<3} {self.check}: {self.detail}"


def ok(check: str, detail: str) -> Finding:
    return Finding(Verdict.OK, check, detail)


def fail(check: str, detail: str) -> Finding:
    return Finding(Verdict.FAIL, check, detail)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("doctor", help="check the device before handing it over")
    parser.add_argument(
        "--speak-now",
        action="store_true",
        help="prompt to speak; require speech above the noise floor",
    )
    parser.add_argument("--loopback", action="store_true", help="record the speaker's test tone with the microphone")
    parser.add_argument(
        "--only",
        action="append",
        choices=CHECKS,
        metavar="CHECK",
        help=f"only this check, repeatable: {', '.join(CHECKS)}",
    )
    add_content_option(parser)
    add_config_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    passed = True
    overrides: dict[str, object] = {"content": str(args.content) if args.content else None}
    for finding in examine(args.config, args.speak_now, args.loopback, _prompt, tuple(args.only or CHECKS), overrides):
        print(finding.line(), flush=True)
        passed &= finding.verdict is Verdict.OK
    return 0 if passed else 1


def _prompt(message: str) -> None:
    print(f"  ... {message}", flush=True)


def examine(
    config_file: Path | None,
    speak_now: bool,
    loopback: bool,
    prompt: Callable[[str], None],
    only: tuple[str, ...] = CHECKS,
    overrides: dict[str, object] | None = None,
) -> Iterator[Finding]:
    """The checks in turn; a later one uses what an earlier one found (settings, voice)."""
    settings, finding = check_settings(config_file, overrides)
    if "settings" in only:
        yield finding
    if "content" in only:
        yield check_content(settings)
    if "voice" in only or "model" in only:
        synthesiser, finding = check_voice(settings)
        if "voice" in only:
            yield finding
        if "model" in only:
            yield check_model(settings, synthesiser)
    if "microphone" in only:
        yield check_microphone(settings, speak_now, prompt)
    if "speaker" in only:
        yield check_speaker(settings, loopback)


def check_settings(
    config_file: Path | None, overrides: dict[str, object] | None = None
) -> tuple[config.Settings, Finding]:
    path, _ = config.config_path(config_file)
    try:
        settings = config.load(config_file, overrides)
    except ContentError as error:
        problems = "; ".join(str(p) for p in error.problems)
        return config.Settings(), fail("settings", f"{problems}; fix {path} (the other checks use the defaults)")
    where = f"{path}" if path.exists() else f"{path} not present, defaults"
    chosen = ", ".join(f"{name}={value!r} ({source})" for name, value, source in settings.describe())
    return settings, ok("settings", f"{where}: {chosen}")


def check_content(settings: config.Settings) -> Finding:
    from voice.content_check import check
    from voice.leaflet import default_folder
    from voice.loading import load_skill

    folder = Path(settings.content) if settings.content else default_folder()
    see = f"folderstem content check {folder}"
    try:
        skill = load_skill(folder)
    except ContentError as error:
        more = f" (and {len(error.problems) - 1} more problems)" if len(error.problems) > 1 else ""
        return fail("content", f"{error.problems[0]}{more}; fix the leaflet content, then run: {see}")
    report = check(skill)
    summary = report.summary(skill.leaflet)
    return ok("content", summary) if report.ok else fail("content", f"{summary}; see: {see}")


def check_voice(settings: config.Settings) -> tuple[Synthesiser | None, Finding]:
    from voice.speech_out import voices
    from voice.speech_out.synthesis import SpeechError

    try:
        synthesiser = synthesiser_for(settings)
        audio = synthesiser.synthesise(TEST_SENTENCE)
    except ValueError as error:
        return None, fail("voice", f"{error}; change 'voice' in the settings")
    except (SpeechError, RuntimeError, OSError) as error:
        return None, fail("voice", f"speech synthesis failed ({error}); install espeak-ng (./run does)")
    voice = synthesiser.voice
    kind = "MBROLA" if voice.mbrola else "espeak-ng"
    fallback = "" if any(v.mbrola for v in voices.available()) else "; MBROLA not installed, espeak-ng's voice instead"
    return synthesiser, ok("voice", f"{voice.name} ({kind}) said a test sentence in {audio.seconds:.1f} s{fallback}")


def check_model(settings: config.Settings, synthesiser: Synthesiser | None) -> Finding:
    from voice.loading import load_skill
    from voice.models.catalogue import ModelError, find, installed_path
    from voice.models.verify import check
    from voice.speech_in import audio_files
    from voice.speech_in.engines import ENGINES, EngineUnavailable, default_engine, recogniser_for
    from voice.speech_out.speaking import save

    engine = settings.engine or default_engine()
    if settings.model:
        folder, pinned = Path(settings.model), f"{settings.model} (the operator's own; not pinned)"
    else:
        try:
            spec = find(ENGINES[engine])
        except ModelError as error:
            return fail("speech model", str(error))
        folder = installed_path(spec)
        if not folder.is_dir():
            return fail(
                "speech model",
                f"{spec.name} is not installed in {folder.parent}; run: folderstem models install {spec.name}",
            )
        wrong = check(spec, folder)
        if wrong:
            return fail(
                "speech model",
                f"{spec.name}: {len(wrong)} of {len(spec.files)} files differ from their pins "
                f"({wrong[0].path}: {wrong[0].why}); run: folderstem models install {spec.name}",
            )
        pinned = f"{spec.name} ({len(spec.files)} files match their pins)"
    if synthesiser is None:
        return fail("speech model", f"{pinned}; no test phrase without a working voice (see the voice check)")
    try:
        skill = load_skill(Path(settings.content) if settings.content else None)
        recogniser = recogniser_for(engine, skill.leaflet, skill.language, folder)
    except (EngineUnavailable, ContentError) as error:
        return fail("speech model", f"{pinned}: {error}")
    with tempfile.TemporaryDirectory() as scratch:
        wav = Path(scratch) / "phrase.wav"
        save(synthesiser, [TEST_PHRASE], wav)
        heard = recogniser.recognise(audio_files.read(wav)).best
    expected, got = set(fold(TEST_PHRASE).split()), set(fold(heard).split())
    if len(expected & got) * 2 < len(expected):
        return fail("speech model", f"{pinned} heard {heard!r} for {TEST_PHRASE!r}; reinstall the model")
    return ok("speech model", f"{pinned}, {recogniser.name}: heard {heard!r} for {TEST_PHRASE!r}")


def check_microphone(settings: config.Settings, speak_now: bool, prompt: Callable[[str], None]) -> Finding:
    from voice.device.sound_check import device_name, levels, no_devices, record
    from voice.speech_in.microphone import NoMicrophone

    wanted = device(settings.input_device)
    advice = "plug in a microphone, or set input_device (see: python -m sounddevice)"
    if no_devices("input"):
        advice = NO_SOUND_SERVER
    try:
        quiet, rate = record(wanted, RECORD_SECONDS)
        name = f"{device_name(wanted, 'input')} at {rate} Hz"
        floor = levels(quiet)
        if not speak_now:
            if floor.digital_silence:
                return fail("microphone", f"{name} hears only digital silence: unmute it or raise its gain")
            return ok("microphone", f"{name}: {floor}")
        prompt(f"speak now, for {SPEAK_SECONDS:.0f} seconds")
        spoken, _ = record(wanted, SPEAK_SECONDS)
    except NoMicrophone as error:
        return fail("microphone", f"{error}; {advice}")
    level = levels(spoken).loudest
    if level < floor.floor + MARGIN_DB:
        return fail(
            "microphone",
            f"{name}: no speech heard ({level:.0f} dBFS, noise floor {floor.floor:.0f} dBFS); "
            "speak closer, check it is the right microphone and raise its gain",
        )
    return ok("microphone", f"{name}: speech at {level:.0f} dBFS, noise floor {floor.floor:.0f} dBFS")


def check_speaker(settings: config.Settings, loopback: bool) -> Finding:
    from voice.device.sound_check import device_name, no_devices, play, play_and_listen, tone_levels
    from voice.speech_in.microphone import NoMicrophone
    from voice.speech_out import earcons
    from voice.speech_out.playback import NoSoundDevice

    wanted = device(settings.output_device)
    advice = "connect a speaker, or set output_device (see: python -m sounddevice)"
    if no_devices("output"):
        advice = NO_SOUND_SERVER
    tone = earcons.test_tone()
    try:
        name = device_name(wanted, "output")
        if not loopback:
            if not play(wanted, tone):
                return fail("speaker", f"{name}: the test tone stopped short; check the speaker's connection")
            return ok("speaker", f"{name}: played a {tone.seconds:.1f} s test tone (not heard back: see --loopback)")
        heard = tone_levels(play_and_listen(wanted, device(settings.input_device), tone), earcons.TEST_FREQUENCY)
    except NoSoundDevice as error:
        return fail("speaker", f"{error}; {advice}")
    except NoMicrophone as error:
        return fail("speaker", f"played the tone but cannot listen for it: {error}")
    before, loudest = float(heard[:8].max()), float(heard.max())  # the first 0.4 s: before the tone
    if loudest < before + MARGIN_DB:
        return fail(
            "speaker",
            f"{name}: the test tone was not heard back ({loudest:.0f} dBFS against {before:.0f} dBFS before it); "
            "turn the volume up, check the speaker is connected and on, and the microphone near it",
        )
    return ok("speaker", f"{name}: the test tone was heard back at {loudest:.0f} dBFS ({before:.0f} dBFS before it)")
