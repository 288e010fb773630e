"""`folderstem say` and `folderstem voices`: Dutch speech on the speaker or into a file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from voice.speech_out import speaking_rate


def add_voice_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--voice",
        help="nl, mb-nl2 or mb-nl3 (default: mb-nl2 where MBROLA is installed, else nl; see: folderstem voices)",
    )
    parser.add_argument(
        "--wpm",
        type=int,
        default=speaking_rate.WORDS_PER_MINUTE,
        metavar="N",
        help=f"speaking rate in words per minute (default {speaking_rate.WORDS_PER_MINUTE})",
    )
    parser.add_argument("--device", default=None, help="output device name or number (default: the system's)")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("say", help="speak Dutch text on the speaker, or write it to a WAV file")
    parser.add_argument("text", nargs="+", metavar="TEXT")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write a WAV file instead of playing")
    add_voice_options(parser)
    parser.set_defaults(run=run_say)
    voices = subparsers.add_parser("voices", help="the Dutch voices available here")
    voices.set_defaults(run=run_voices)


def speak_or_print(args: argparse.Namespace, texts: list[str], pace: float = 1.0, echo: bool = True) -> int:
    """Speak the texts; with no sound output, say so and print them instead (never hang or crash).

    `echo` False: the caller has printed them already."""
    from voice.speech_out import voices
    from voice.speech_out.playback import NoSoundDevice, Player
    from voice.speech_out.speaking import save, speak
    from voice.speech_out.synthesis import SpeechError, Synthesiser

    if not speaking_rate.allowed(args.wpm):
        print(f"folderstem: --wpm must be {speaking_rate.RANGE}", file=sys.stderr)
        return 2
    try:
        synthesiser = Synthesiser(voices.find(args.voice) if args.voice else voices.default(), args.wpm)
        if getattr(args, "out", None):
            audio = save(synthesiser, texts, args.out, pace)
            print(f"{args.out}: {audio.seconds:.1f} s of speech")
            return 0
        speak(synthesiser, Player(args.device), texts, pace)
        return 0
    except ValueError as error:
        print(f"folderstem: {error}", file=sys.stderr)
        return 2
    except (SpeechError, RuntimeError, OSError) as error:
        print(
            f"folderstem: speech synthesis failed ({error}); is espeak-ng installed? (./run installs it)",
            file=sys.stderr,
        )
    except NoSoundDevice as error:
        print(f"folderstem: {error}" + ("; the text is printed instead:" if echo else ""), file=sys.stderr)
    if echo:
        for text in texts:
            print(text)
    return 1


def run_say(args: argparse.Namespace) -> int:
    return speak_or_print(args, [" ".join(args.text)])


def run_voices(args: argparse.Namespace) -> int:
    from voice.speech_out import voices

    chosen = voices.default()
    for voice in voices.available():
        print(f"{voice.name:<8} {voice.description}{' (default)' if voice == chosen else ''}")
    missing = [v.name for v in voices.DUTCH if v not in voices.available()]
    if missing:
        print(f"(not installed here: {', '.join(missing)}; Debian packages mbrola-nl2, mbrola-nl3)")
    return 0
