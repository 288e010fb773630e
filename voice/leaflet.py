"""A leaflet as data: its text, its red flags, its topics, and how to say it aloud.

Everything here is read from one leaflet folder (the shipped ones are in content/); a
second leaflet is a second folder, not new code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from voice.cues import Cue, CueSyntaxError
from voice.leaflet_text import LeafletText, parse
from voice.locations import content_folder
from voice.responses import Kind
from voice.spoken import SpeechForm
from voice.table_readers import read_cues, read_speech
from voice.toml_source import ContentError, Problem, Source, Table, root

TEXT_FILE = "leaflet.txt"
LEAFLET_FILE = "leaflet.toml"
RED_FLAGS_FILE = "red-flags.toml"
TOPICS_FILE = "topics.toml"
CONCEPTS_FILE = "concepts.toml"

URGENCIES = {"emergency": Kind.EMERGENCY, "gp": Kind.GP}


@dataclass(frozen=True)
class Warning:
    id: str
    urgency: Kind
    heading: str


@dataclass(frozen=True)
class RedFlag:
    # The cues and examples run to pages: a warning, printed, names its signs only.
    id: str
    warning: Warning
    item: str
    cues: tuple[Cue, ...] = field(repr=False)
    examples: tuple[str, ...] = field(repr=False)
    # enough only in an utterance nothing else was understood of
    unclear_cues: tuple[Cue, ...] = field(default=(), repr=False)
    # how patients name the sign, in a sentence of their words, for the recogniser to expect
    listen_for: str = field(default="", repr=False)


@dataclass(frozen=True)
class Topic:
    id: str
    answer: tuple[str, ...]
    cues: tuple[Cue, ...]
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Concept:
    name: str
    means: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Unused:
    text: str
    why: str


@dataclass(frozen=True)
class Leaflet:
    folder: Path
    text: LeafletText
    title: str
    subject: str
    suggestions: tuple[str, ...]
    speech: tuple[SpeechForm, ...]
    warnings: tuple[Warning, ...]
    concepts: tuple[Concept, ...]  # the word lists cues name as @name
    red_flags: tuple[RedFlag, ...]  # most urgent first, then in leaflet order
    topics: tuple[Topic, ...]
    not_covered_cues: tuple[Cue, ...]
    not_covered_examples: tuple[str, ...]
    no_sign_examples: tuple[str, ...]  # name a region of the signs, but no sign
    unused: tuple[Unused, ...]
    recognition_hint: str


def default_folder() -> Path:
    """$FOLDERSTEM_CONTENT, else the shipped lage-rugpijn leaflet."""
    configured = os.environ.get("FOLDERSTEM_CONTENT")
    if configured:
        return Path(configured)
    return content_folder() / "lage-rugpijn"


def read_concepts(folder: Path, problems: list[Problem]) -> tuple[Concept, ...]:
    """The leaflet's concepts; a leaflet without concepts.toml has none."""
    if not (folder / CONCEPTS_FILE).exists():
        return ()
    try:
        source = Source.read(folder / CONCEPTS_FILE)
    except ContentError as error:
        problems.extend(error.problems)
        return ()
    tables = root(source).tables("concept")
    concepts = tuple(Concept(t.text("name"), t.text("means"), tuple(t.texts("words"))) for t in tables)
    seen: set[str] = set()
    for t, concept in zip(tables, concepts, strict=True):
        if concept.name in seen:
            source.problem(f"{t.name}: concept '{concept.name}' is defined twice", t.line)
        seen.add(concept.name)
        for word in concept.words:
            if word.startswith("@"):
                if word[1:] not in {c.name for c in concepts} or word[1:] == concept.name:
                    source.problem(f"{t.name}: {word} is not another concept", source.line_of(word, t.line or 0))
                continue
            try:
                Cue.parse(word)
            except CueSyntaxError as error:
                source.problem(f"{t.name}: word {word!r}: {error}", source.line_of(word, t.line or 0))
    problems.extend(source.problems)
    return concepts


def concept_words(concepts: tuple[Concept, ...]) -> dict[str, tuple[str, ...]]:
    """Each concept's words, with the words of the concepts it names (`@penis` in the seat's
    list: every word for the penis is a word for that region too)."""
    named = {c.name: c.words for c in concepts}

    def words(name: str, seen: frozenset[str]) -> list[str]:
        found: list[str] = []
        for word in named[name]:
            if not word.startswith("@"):
                found.append(word)
            elif word[1:] in named and word[1:] not in seen:
                found += words(word[1:], seen | {word[1:]})
        return found

    return {name: tuple(dict.fromkeys(words(name, frozenset({name})))) for name in named}


def _unique(tables: list[Table], source: Source, what: str) -> None:
    seen: set[str] = set()
    for t in tables:
        ident = t.data.get("id")
        if isinstance(ident, str) and ident in seen:
            source.problem(f"{t.name}: {what} id '{ident}' is used twice", t.line)
        if isinstance(ident, str):
            seen.add(ident)


def load(folder: Path) -> Leaflet:
    """Read and check the structure of a leaflet folder; ContentError lists every problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ContentError([Problem(folder, None, "is not a folder with leaflet content")])
    problems: list[Problem] = []
    sources: dict[str, Source] = {}
    text: LeafletText | None = None
    for name in (LEAFLET_FILE, RED_FLAGS_FILE, TOPICS_FILE):
        try:
            sources[name] = Source.read(folder / name)
        except ContentError as error:
            problems.extend(error.problems)
    try:
        text = parse(folder / TEXT_FILE)
    except ContentError as error:
        problems.extend(error.problems)
    concepts = read_concepts(folder, problems)
    words = concept_words(concepts)
    if problems or text is None:
        raise ContentError(problems)

    meta = root(sources[LEAFLET_FILE])
    about = meta.table("leaflet")
    not_covered = meta.table("not_covered")

    flags_file = root(sources[RED_FLAGS_FILE])
    warning_tables = flags_file.tables("warning")
    _unique(warning_tables, flags_file.source, "warning")
    warnings: dict[str, Warning] = {}
    for t in warning_tables:
        urgency = t.text("urgency")
        if urgency and urgency not in URGENCIES:
            t.source.problem(
                f"{t.name}: urgency must be one of {', '.join(URGENCIES)}, not '{urgency}'", t._line("urgency")
            )
        warnings[t.text("id")] = Warning(t.text("id"), URGENCIES.get(urgency, Kind.EMERGENCY), t.text("heading"))

    flag_tables = flags_file.tables("red_flag")
    _unique(flag_tables, flags_file.source, "red flag")
    flags = []
    for t in flag_tables:
        warning_id = t.text("warning")
        if warning_id and warning_id not in warnings:
            t.source.problem(f"{t.name}: warning '{warning_id}' is not defined by a [[warning]]", t._line("warning"))
            continue
        flag_id, warning = t.text("id"), warnings.get(warning_id)
        item, cues = t.text("item"), read_cues(t, "cues", concepts=words)
        examples = tuple(t.texts("examples"))
        unclear = read_cues(t, "cues_if_unclear", required=False, concepts=words)
        listen_for = t.text("listen_for", default="").strip()
        if warning is not None:  # else 'warning' is missing: a problem told, and the leaflet is not loaded
            flags.append(RedFlag(flag_id, warning, item, cues, examples, unclear, listen_for))
    if not flag_tables:
        flags_file.source.problem("no [[red_flag]] entries")
    urgency_order = list(Kind)
    flags.sort(key=lambda f: urgency_order.index(f.warning.urgency))

    topics_file = root(sources[TOPICS_FILE])
    topic_tables = topics_file.tables("topic")
    _unique(topic_tables, topics_file.source, "topic")
    topics = tuple(
        Topic(t.text("id"), tuple(t.texts("answer")), read_cues(t, "cues", concepts=words), tuple(t.texts("examples")))
        for t in topic_tables
    )
    if not topic_tables:
        topics_file.source.problem("no [[topic]] entries")

    leaflet = Leaflet(
        folder=folder,
        text=text,
        title=about.text("title"),
        subject=about.text("subject"),
        suggestions=tuple(about.texts("suggestions")),
        speech=read_speech(meta),
        warnings=tuple(warnings.values()),
        concepts=concepts,
        red_flags=tuple(flags),
        topics=topics,
        not_covered_cues=read_cues(not_covered, "cues", concepts=words),
        not_covered_examples=tuple(not_covered.texts("examples", required=False)),
        no_sign_examples=tuple(flags_file.table("no_sign").texts("examples", required=False)),
        unused=tuple(Unused(t.text("text"), t.text("why")) for t in meta.tables("unused")),
        recognition_hint=meta.table("recognition").text("hint", default=""),
    )
    problems = [p for s in sources.values() for p in s.problems]
    if problems:
        raise ContentError(problems)
    return leaflet
