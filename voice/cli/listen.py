"""`folderstem listen` (what `folderstem` alone runs): the spoken conversation.

Microphone in, speaker out, until "tot ziens"; or the same conversation driven from a
recording and written to one (`--input`, `--output`). Without a microphone, a speaker or
a speech model it says so and offers the typed conversation instead.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from voice.cli.chat import converse
from voice.cli.common import load_content
from voice.cli.config import add_config_option, load_settings
from voice.config import WARNINGS_AT_START, Settings
from voice.device.first_start import first_start_today
from voice.dialogue import Session, Skill
from voice.language import Language
from voice.leaflet import Leaflet
from voice.loading import skill_of
from voice.speech_out import speaking_rate

if TYPE_CHECKING:  # loaded only when the conversation starts: they are slow to import
    from voice.hands_free.conversation import Timing
    from voice.hands_free.transcript_log import TranscriptLog
    from voice.speech_in.echo_canceller import EchoCanceller
    from voice.speech_in.recogniser import Recogniser
    from voice.speech_out.synthesis import Synthesiser


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("listen", help="the spoken conversation (the default command)")
    parser.add_argument(
        "--engine",
        choices=("vosk", "whisper"),
        help="speech recogniser (default: vosk if its Dutch model is installed, else whisper)",
    )
    parser.add_argument("--model", metavar="DIR", help="the engine's model folder (default: the one installed)")
    parser.add_argument("--input-device", help="microphone name or number (default: the system's)")
    parser.add_argument("--output-device", help="speaker name or number (default: the system's)")
    parser.add_argument("--voice", help="nl, mb-nl2 or mb-nl3 (default: the most natural one installed)")
    parser.add_argument(
        "--wpm",
        type=int,
        metavar="N",
        help=f"speaking rate in words per minute (default {speaking_rate.WORDS_PER_MINUTE})",
    )
    parser.add_argument(
        "--end-silence", type=float, metavar="SECONDS", help="the pause that ends a question (default 0.7)"
    )
    parser.add_argument(
        "--idle",
        type=float,
        metavar="SECONDS",
        help="quiet before asking whether the patient is still there (default 60)",
    )
    parser.add_argument(
        "--warnings-at-start",
        choices=WARNINGS_AT_START,
        help="the full warning signs in the greeting: at the first start of the day (default; a "
        "recording is a first start), every start, or never (they are still given when asked)",
    )
    parser.add_argument(
        "--require-wake",
        action="store_true",
        default=None,
        help="answer only what follows its name or a greeting ('Folderstem, ...', 'hallo'); red flags "
        "always: for a home where a television or a radio talks all day",
    )
    parser.add_argument(
        "--log",
        metavar="FILE",
        help="write a transcript of the conversation (- for the screen); nothing is kept without it",
    )
    parser.add_argument(
        "--input",
        type=Path,
        metavar="WAV",
        help="hear this recording instead of the microphone; the conversation ends with it",
    )
    parser.add_argument(
        "--output",
        type=Path,
        metavar="WAV",
        help="with --input: write the assistant's speech to this recording, on the input's clock",
    )
    parser.add_argument(
        "--room",
        action="store_true",
        help="with --input: its own speech comes back into the input as from a loudspeaker in a room "
        "(later, softer, reverberant), to try hearing the patient over it",
    )
    parser.add_argument(
        "--no-echo-canceller",
        dest="echo_canceller",
        action="store_false",
        help="with --room: do not take its own voice out of what it hears (a question over it is then left alone)",
    )
    parser.add_argument("--once", action="store_true", help="one question from the microphone, answered as text")
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="with --once: give up when no question starts within this time (default 30)",
    )
    parser.add_argument("--content", metavar="DIR", help="leaflet folder (default: content/lage-rugpijn)")
    add_config_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if (args.output or args.room) and not args.input:
        option = "--output" if args.output else "--room"
        print(f"folderstem: {option} needs --input (a recording to answer)", file=sys.stderr)
        return 2
    settings = load_settings(
        args,
        content=args.content,
        engine=args.engine,
        model=args.model,
        input_device=args.input_device,
        output_device=args.output_device,
        voice=args.voice,
        words_per_minute=args.wpm,
        end_silence=args.end_silence,
        idle_seconds=args.idle,
        warnings_at_start=args.warnings_at_start,
        require_wake=args.require_wake,
        log=args.log,
    )
    if settings is None:
        return 2
    content = load_content(Path(settings.content) if settings.content else None)
    if content is None:
        return 2
    # The speech model first: loading Whisper reads its float16 weights whole to make int8
    # ones, about 150 MB more than it keeps; on top of the matcher and the sound devices
    # that load was the assistant's peak memory.
    recogniser = _recogniser(*content, settings)
    if recogniser is None and (args.once or args.input):
        return 2
    skill = skill_of(*content)
    if recogniser is None:
        return _typed_instead(skill, "no speech recogniser")
    if args.once:
        return _once(skill, settings, recogniser, args.timeout)
    if args.input:
        return _recorded(skill, settings, recogniser, args.input, args.output, args.room, args.echo_canceller)
    return _live(skill, settings, recogniser)


def _report(message: str) -> None:
    print(f"folderstem: {message}", file=sys.stderr, flush=True)


def device(name: str) -> str | int | None:
    """A device setting as sounddevice takes it: a number, a name, or None for the system's."""
    return int(name) if name.isdigit() else name or None


def _recogniser(leaflet: Leaflet, language: Language, settings: Settings) -> Recogniser | None:
    """The recogniser, or None after saying which command installs a model."""
    from voice.speech_in.engines import EngineUnavailable, recogniser_for

    try:
        return recogniser_for(
            settings.engine or None, leaflet, language, Path(settings.model) if settings.model else None
        )
    except EngineUnavailable as error:
        _report(str(error))
        return None


def synthesiser_for(settings: Settings) -> Synthesiser:
    """The voice and pace the settings ask for (ValueError for a voice not installed)."""
    from voice.speech_out import voices
    from voice.speech_out.synthesis import Synthesiser

    voice = voices.find(settings.voice) if settings.voice else voices.default()
    return Synthesiser(voice, settings.words_per_minute, settings.volume)


def _timing(settings: Settings) -> Timing:
    from voice.hands_free.conversation import Timing

    return Timing(end_silence=settings.end_silence, idle_seconds=settings.idle_seconds)


def _session(skill: Skill, settings: Settings) -> Session:
    return Session(skill, require_wake=settings.require_wake)


def _log(settings: Settings) -> TranscriptLog | None:
    from voice.hands_free.transcript_log import TranscriptLog

    return TranscriptLog(Path(settings.log)) if settings.log else None


def _typed_instead(skill: Skill, why: str) -> int:
    _report(f"{why}. The typed conversation instead (as 'folderstem chat'); end it with 'tot ziens' or Ctrl-D.")
    converse(skill)
    return 1


def _live(skill: Skill, settings: Settings, recogniser: Recogniser) -> int:
    from voice.hands_free.conversation import Conversation
    from voice.hands_free.ears import MicrophoneEars
    from voice.hands_free.mouth import SpeakerMouth
    from voice.speech_in.microphone import NoMicrophone
    from voice.speech_out.playback import NoSoundDevice
    from voice.speech_out.synthesis import SpeechError

    try:
        synthesiser = synthesiser_for(settings)
    except ValueError as error:
        _report(str(error))
        return 2
    except (SpeechError, RuntimeError, OSError) as error:
        return _typed_instead(skill, f"speech synthesis does not work here ({error}); is espeak-ng installed?")
    try:
        mouth = SpeakerMouth(synthesiser, device(settings.output_device), skill.phrase("speaker_back"), _report)
    except NoSoundDevice as error:
        return _typed_instead(skill, str(error))
    try:
        ears = MicrophoneEars(device(settings.input_device))
    except NoMicrophone as error:
        mouth.close()
        return _typed_instead(skill, str(error))
    log = _log(settings)
    _report(f"listening ({recogniser.name}, voice {synthesiser.voice.name}); the patient ends with 'tot ziens'")
    if settings.warnings_at_start == "daily":
        warnings = first_start_today(date.today(), _report)
    else:
        warnings = settings.warnings_at_start == "always"
    try:
        conversation = Conversation(_session(skill, settings), recogniser, mouth, _timing(settings), log, _report)
        conversation.run(ears.events(), warnings)
    finally:
        ears.close()
        mouth.close()
        if log:
            log.close()
    return 0


def _canceller(wanted: bool) -> EchoCanceller | None:
    """The echo canceller, where wanted and installed (else None, said why)."""
    from voice.speech_in.echo_canceller import EchoCanceller, NoEchoCanceller

    if not wanted:
        return None
    try:
        return EchoCanceller()
    except NoEchoCanceller as error:
        _report(f"{error}; a question asked over its voice is left alone")
        return None


def _recorded(
    skill: Skill,
    settings: Settings,
    recogniser: Recogniser,
    source: Path,
    target: Path | None,
    room: bool,
    cancel: bool,
) -> int:
    from voice.hands_free.conversation import Conversation
    from voice.hands_free.ears import RecordingEars
    from voice.hands_free.echo import Room, cancelled, echoed
    from voice.hands_free.mouth import RecordingMouth
    from voice.speech_in.audio_files import AudioError
    from voice.speech_out.synthesis import SpeechError

    try:
        ears = RecordingEars(source)
        synthesiser = synthesiser_for(settings)
        mouth = RecordingMouth(synthesiser, target)
    except AudioError as error:
        _report(str(error))
        return 2
    except ValueError as error:
        _report(str(error))
        return 2
    except (SpeechError, RuntimeError, OSError) as error:
        _report(f"cannot make speech into {target}: {error}")
        return 2
    log = _log(settings)
    events = ears.events()
    canceller = _canceller(cancel) if room else None  # without a room, nothing of its voice comes in
    if room:
        events = echoed(events, Room(), mouth.played)
    if canceller:
        events = cancelled(events, canceller, mouth.played)
    conversation = Conversation(_session(skill, settings), recogniser, mouth, _timing(settings), log, _report)
    try:  # a recording is heard as a first start: the same every time
        conversation.run(events, warnings=settings.warnings_at_start != "never")
    except AudioError as error:
        _report(f"{error}; the conversation ends here")
    finally:
        mouth.close(max(ears.seconds, conversation.now))
        if canceller:
            canceller.close()
        if log:
            log.close()
    if target:
        _report(f"{target}: {mouth.spoken_seconds:.1f} s of speech in {max(ears.seconds, conversation.now):.1f} s")
    return 0


def _once(skill: Skill, settings: Settings, recogniser: Recogniser, timeout: float) -> int:
    from voice.speech_in.endpointing import Endpointer
    from voice.speech_in.microphone import Microphone, NoMicrophone

    endpointer = Endpointer(end_silence=settings.end_silence)
    question = None
    try:
        with Microphone(device(settings.input_device)) as microphone:
            print("Ik luister...", file=sys.stderr, flush=True)
            deadline = time.monotonic() + timeout
            for block in microphone.blocks():
                ended = endpointer.feed(block)
                if ended:
                    question = ended[0].samples
                    break
                if not endpointer.speaking and time.monotonic() > deadline:
                    break
    except NoMicrophone as error:
        _report(f"{error}. Without a microphone, type your questions: folderstem chat")
        return 1
    if question is None:
        _report(f"no question heard within {timeout:g} s")
        return 1
    heard = recogniser.recognise(question)
    print(f"[heard] {heard.best}")
    for response in Session(skill).respond(heard):
        if response.text:
            print(response.text)
    return 0
