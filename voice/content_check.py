"""Checks a leaflet folder the way a clinician and the hospital need it checked.

Errors make the content unfit to speak (a quote not in the leaflet, a warning sign
without a red flag, an example question answered with the wrong topic); notes are
worth a look (a leaflet sentence no topic answers).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from voice.dialogue import Session, Skill
from voice.folding import fold, squash
from voice.leaflet import LEAFLET_FILE, RED_FLAGS_FILE, TOPICS_FILE, Leaflet
from voice.responses import Kind
from voice.toml_source import Problem, Source
from voice.understanding import examples


@dataclass
class Report:
    errors: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self, leaflet: Leaflet) -> str:
        """One line: the verdict and the counts (what `content check` ends with, and the doctor shows)."""
        return (
            f"{leaflet.folder}: {'OK' if self.ok else 'NOT OK'}: {len(leaflet.topics)} topics, "
            f"{len(leaflet.red_flags)} red flags, {len(self.errors)} errors, {len(self.notes)} notes"
        )


class _Files:
    """Finds the line of a value in the leaflet's TOML files, for messages."""

    def __init__(self, folder: Path):
        self.sources = {name: Source.read(folder / name) for name in (LEAFLET_FILE, RED_FLAGS_FILE, TOPICS_FILE)}

    def problem(self, name: str, needle: str, message: str) -> Problem:
        source = self.sources[name]
        return Problem(source.path, source.line_of(needle), message)


def check(skill: Skill) -> Report:
    leaflet = skill.leaflet
    files = _Files(leaflet.folder)
    report = Report()
    _quotes_are_verbatim(leaflet, files, report)
    _warning_lists_have_flags(leaflet, files, report)
    _sentences_are_used(leaflet, skill.language.abbreviations, report)
    _speech_forms_apply(leaflet, files, report)
    held_out = replace(skill, understander=skill.understander.holding_out())
    _examples_get_their_topic(skill, held_out, files, report)
    _examples_are_taught_once(skill, files, report)
    _examples_are_understood_not_only_known(held_out, files, report)
    return report


def _quotes_are_verbatim(leaflet: Leaflet, files: _Files, report: Report) -> None:
    quoted = [(TOPICS_FILE, q, f"topic '{t.id}'") for t in leaflet.topics for q in t.answer]
    quoted += [(RED_FLAGS_FILE, f.item, f"red flag '{f.id}'") for f in leaflet.red_flags]
    quoted += [(RED_FLAGS_FILE, w.heading, f"warning '{w.id}'") for w in leaflet.warnings]
    quoted += [(LEAFLET_FILE, u.text, "unused sentence") for u in leaflet.unused]
    for name, quote, owner in quoted:
        if not leaflet.text.contains(quote):
            report.errors.append(
                files.problem(name, quote, f"{owner}: this text is not in the leaflet word for word: {quote!r}")
            )


def _warning_lists_have_flags(leaflet: Leaflet, files: _Files, report: Report) -> None:
    for warning in leaflet.warnings:
        block = leaflet.text.block_after(warning.heading)
        if block is None:
            report.errors.append(
                files.problem(
                    RED_FLAGS_FILE,
                    warning.heading,
                    f"warning '{warning.id}': no list of signs follows its heading in the leaflet",
                )
            )
            continue
        items = block.lines if block.kind == "list" else (" ".join(block.lines),)
        flagged = {squash(f.item) for f in leaflet.red_flags if f.warning == warning}
        for item in items:
            if squash(item) not in flagged:
                report.errors.append(
                    files.problem(
                        RED_FLAGS_FILE,
                        warning.heading,
                        f"warning '{warning.id}': the leaflet's sign {item!r} has no [[red_flag]] with it as item",
                    )
                )


def _sentences_are_used(leaflet: Leaflet, abbreviations: tuple[str, ...], report: Report) -> None:
    quotes = [q for t in leaflet.topics for q in t.answer] + [f.item for f in leaflet.red_flags]
    quotes += [u.text for u in leaflet.unused]
    used = " \n ".join(squash(q) for q in quotes)
    for sentence in leaflet.text.sentences(abbreviations):
        if squash(sentence) not in used:
            report.notes.append(Problem(leaflet.text.path, None, f"no topic answers with this sentence: {sentence!r}"))


def _speech_forms_apply(leaflet: Leaflet, files: _Files, report: Report) -> None:
    for form in leaflet.speech:
        if form.written not in leaflet.text.flat:
            report.notes.append(
                files.problem(LEAFLET_FILE, form.written, f"speech form {form.written!r} occurs nowhere in the leaflet")
            )


def _examples_get_their_topic(skill: Skill, held_out: Skill, files: _Files, report: Report) -> None:
    # A sign must be caught by its cues or by the other examples, not learned by heart.
    for flag in skill.leaflet.red_flags:
        for example in flag.examples:
            if not any(flag in r.flags for r in Session(held_out).respond(example)):
                report.errors.append(
                    files.problem(RED_FLAGS_FILE, example, f"red flag '{flag.id}': example {example!r} is not caught")
                )
    for topic in skill.leaflet.topics:
        for example in topic.examples:
            answered = [r.topic for r in Session(skill).respond(example) if r.kind is Kind.ANSWER]
            if topic.id not in answered:
                report.errors.append(
                    files.problem(
                        TOPICS_FILE,
                        example,
                        f"topic '{topic.id}': example {example!r} is answered with {answered or 'no topic'}",
                    )
                )
    for example in skill.leaflet.not_covered_examples:
        responses = Session(skill).respond(example)
        answered = [r.topic for r in responses if r.kind is Kind.ANSWER]
        if answered:
            report.errors.append(
                files.problem(LEAFLET_FILE, example, f"not-covered example {example!r} is answered with {answered}")
            )


def _examples_are_taught_once(skill: Skill, files: _Files, report: Report) -> None:
    """The same words taught for two different things teach the matcher nothing."""
    taught: dict[str, set[str]] = defaultdict(set)
    for label, example in examples(skill.leaflet, skill.language):
        taught[fold(example)].add(str(label))
    for example, labels in taught.items():
        if len(labels) > 1:
            name = TOPICS_FILE if any(label.startswith("topic") for label in labels) else RED_FLAGS_FILE
            report.errors.append(
                files.problem(
                    name,
                    example,
                    f"example {example!r} is taught for {len(labels)} things: {', '.join(sorted(labels))}",
                )
            )


def _examples_are_understood_not_only_known(held_out: Skill, files: _Files, report: Report) -> None:
    """Notes the topic examples that, were they not taught themselves, would get another
    answer: the matcher knows them by heart only, and a patient's own wording of the same
    question may miss."""
    for topic in held_out.leaflet.topics:
        for example in topic.examples:
            answered = [r.topic for r in Session(held_out).respond(example) if r.kind is Kind.ANSWER]
            if topic.id not in answered:
                report.notes.append(
                    files.problem(
                        TOPICS_FILE,
                        example,
                        f"topic '{topic.id}': example {example!r}, were it not taught, "
                        f"would be answered with {answered or 'no topic'}: teach more wordings like it",
                    )
                )
