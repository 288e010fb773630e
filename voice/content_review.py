"""The page a clinician reads and signs: everything a leaflet folder makes the assistant say.

`folderstem content check` tells the operator whether the content is consistent; this
page shows a clinician what it *says*: each leaflet sentence beside the topics and red
flags that speak it, each topic's answer and the questions that lead to it, each red
flag's warning and the words that trigger it, and what is deliberately left out. The
page names a version (a hash of the folder's files) so that a signature refers to
exactly this content. It is one self-contained HTML file: no scripts, no external
resources, large print, so that it reads and prints the same on any machine, offline.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html import escape
from pathlib import Path

from voice.cues import Cue
from voice.dialogue import Skill
from voice.folding import squash
from voice.leaflet import Concept, RedFlag, Topic, concept_words
from voice.leaflet_text import split_sentences
from voice.responses import Kind

URGENCY_NL = {
    Kind.EMERGENCY: "spoed: meteen terug naar de spoedgevallendienst",
    Kind.GP: "huisarts: raadplegen",
}


@dataclass(frozen=True)
class FileVersion:
    name: str  # relative to the content folder, with /
    size: int
    sha256: str


@dataclass(frozen=True)
class ContentVersion:
    """What a signature refers to: the hash over every file of the folder, and each file's own."""

    sha256: str
    files: tuple[FileVersion, ...]


def content_version(folder: Path) -> ContentVersion:
    """sha256 over the folder's files sorted by name, each as its name, a NUL, its size, a NUL and its bytes.

    Every file counts, not only the ones the assistant reads today: a signature must not
    survive a change of any byte in the folder it was given for.
    """
    total = hashlib.sha256()
    files = []
    for path in sorted((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.relative_to(folder).as_posix()):
        name = path.relative_to(folder).as_posix()
        data = path.read_bytes()
        total.update(name.encode("utf-8") + b"\0" + str(len(data)).encode("ascii") + b"\0" + data)
        files.append(FileVersion(name, len(data), hashlib.sha256(data).hexdigest()))
    return ContentVersion(total.hexdigest(), tuple(files))


@dataclass(frozen=True)
class Passage:
    """One piece of the leaflet as the patient reads it, and everything that quotes it."""

    kind: str  # "cover", "title", "section", "heading", "sentence" or "item"
    text: str
    topics: tuple[Topic, ...] = ()
    flags: tuple[RedFlag, ...] = ()
    warnings: tuple[str, ...] = ()  # ids of the warnings whose heading this is
    unused: tuple[str, ...] = ()  # why it is deliberately not spoken

    @property
    def spoken(self) -> bool:
        return bool(self.topics or self.flags or self.warnings or self.unused)


def _overlaps(passage: str, quote: str) -> bool:
    """A quote speaks a passage when one holds the other: a quote may be one sentence of a
    list item, or run over several sentences of a paragraph."""
    a, b = squash(passage), squash(quote)
    return bool(a and b) and (a in b or b in a)


def passages(skill: Skill) -> list[Passage]:
    """The leaflet in reading order, sentence by sentence and item by item, as content check splits it."""
    leaflet = skill.leaflet
    text = leaflet.text
    pieces: list[tuple[str, str]] = [("cover", line) for line in text.cover] + [("title", text.title)]
    for section in text.sections:
        pieces.append(("section", section.heading))
        for block in section.blocks:
            for line in block.lines:
                if block.kind == "heading":
                    pieces.append(("heading", line))
                elif block.kind == "list":
                    pieces.append(("item", line))
                else:
                    pieces += [("sentence", s) for s in split_sentences(line, skill.language.abbreviations)]
    found = []
    for kind, piece in pieces:
        found.append(
            Passage(
                kind,
                piece,
                topics=tuple(t for t in leaflet.topics if any(_overlaps(piece, q) for q in t.answer)),
                flags=tuple(f for f in leaflet.red_flags if _overlaps(piece, f.item)),
                warnings=tuple(w.id for w in leaflet.warnings if _overlaps(piece, w.heading)),
                unused=tuple(u.why for u in leaflet.unused if _overlaps(piece, u.text)),
            )
        )
    return found


@dataclass
class _Page:
    """The page's text, built in order."""

    parts: list[str] = field(default_factory=list)

    def add(self, *html: str) -> None:
        self.parts.extend(html)

    def text(self) -> str:
        return "\n".join(self.parts) + "\n"


def _e(text: str) -> str:
    return escape(text, quote=True)


def _anchor(prefix: str, ident: str) -> str:
    return _e(prefix + "-" + "-".join(ident.split()))


def _examples(label: str, examples: tuple[str, ...]) -> str:
    """Examples can be hundreds: all of them, folded away and run on, with their count."""
    if not examples:
        return f'<p class="none">{_e(label)}: geen.</p>'
    items = "".join(f"<li>{_e(x)}</li>" for x in examples)
    return f'<details><summary>{_e(label)} ({len(examples)})</summary><ol class="run-on">{items}</ol></details>'


def _cues(label: str, cues: tuple[Cue, ...], concepts: dict[str, Concept], words: dict[str, tuple[str, ...]]) -> str:
    """Cues as a clinician reads them: the words that must all occur, each a choice of
    alternatives; a concept (@name) opens onto every word it stands for."""
    if not cues:
        return ""
    rows = []
    for cue in cues:
        slots = []
        for slot in cue.text.split():
            alternatives = []
            for alternative in slot.split("|"):
                name = alternative[1:]
                if alternative.startswith("@") and name in words:
                    listed = "".join(f"<li>{_e(w)}</li>" for w in words[name])
                    alternatives.append(
                        f'<details class="concept"><summary><b>@{_e(name)}</b>: {_e(concepts[name].means)} '
                        f'({len(words[name])} woorden)</summary><ol class="run-on">{listed}</ol></details>'
                    )
                else:
                    alternatives.append(f"<code>{_e(alternative)}</code>")
            slots.append('<div class="slot">' + ' <span class="or">of</span> '.join(alternatives) + "</div>")
        rows.append("<li>" + ' <span class="and">én</span> '.join(slots) + "</li>")
    return f'<p class="label">{_e(label)}</p><ul class="cues">{"".join(rows)}</ul>'


STYLE = """
:root { color-scheme: light; }
html { font-size: 20px; }
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; line-height: 1.5; color: #000; background: #fff;
  max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.8rem; line-height: 1.25; }
h2 { font-size: 1.5rem; border-bottom: 3px solid #000; margin-top: 2.5rem; }
h3 { font-size: 1.25rem; margin-top: 2rem; }
h4 { font-size: 1.1rem; margin-bottom: 0.3rem; }
a { color: #00388a; }
code, .hash { font-family: "DejaVu Sans Mono", monospace; font-size: 0.95rem; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #444; padding: 0.35rem 0.5rem; vertical-align: top; text-align: left; }
thead th { background: #e8e8e8; }
th.section { background: #d8d8d8; font-size: 1.1rem; }
tr.heading td:first-child, tr.title td:first-child { font-weight: bold; }
tr.item td:first-child::before { content: "\\2022\\00a0"; }
tr.unquoted td:first-child { border-left: 6px solid #000; }
.quote { background: #fff6cc; padding: 0.1rem 0.2rem; }
blockquote { margin: 0.3rem 0 0.8rem; padding: 0.3rem 0.8rem; border-left: 6px solid #555; background: #f3f3f3; }
.label { font-weight: bold; margin: 0.8rem 0 0.2rem; }
.none { font-style: italic; }
.run-on { padding-left: 0; margin: 0.3rem 0; }
.run-on li { display: inline; }
.run-on li + li::before { content: " \\00b7\\00a0"; font-weight: bold; }
details { margin: 0.3rem 0; }
summary { cursor: pointer; font-weight: bold; }
details.concept { display: inline; }
details.concept[open] { display: block; border: 1px solid #888; padding: 0.2rem 0.5rem; margin: 0.3rem 0; }
details.concept summary { display: inline; font-weight: normal; }
.slot { display: inline; }
.or, .and { font-style: italic; }
.and { font-weight: bold; }
ul.cues li { margin-bottom: 0.4rem; }
article { border-top: 1px solid #888; margin-top: 1.5rem; }
.urgency { font-weight: bold; text-transform: uppercase; }
.signature { border: 3px solid #000; padding: 1rem 1.5rem; margin-top: 2rem; break-inside: avoid; }
.signature dl { display: grid; grid-template-columns: 10rem 1fr; row-gap: 1.6rem; }
.signature dd { border-bottom: 2px solid #000; min-height: 1.6rem; margin: 0; }
.signature dd.tall { min-height: 4rem; }
@media print {
  html { font-size: 14pt; }
  body { max-width: none; padding: 0; }
  a { color: #000; text-decoration: none; }
  nav { display: none; }
  h2 { break-before: page; }
  h2.first { break-before: auto; }
  h2, h3, h4, summary { break-after: avoid; }
  tr, blockquote, .signature { break-inside: avoid; }
  details::details-content { content-visibility: visible; display: contents; }
  thead th, th.section, .quote, blockquote { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""


def review_page(skill: Skill, version: ContentVersion, day: date) -> str:
    """The review page as one HTML5 string; pure, so the same content and day give the same page."""
    leaflet = skill.leaflet
    concepts = {c.name: c for c in leaflet.concepts}
    words = concept_words(leaflet.concepts)
    read = passages(skill)
    page = _Page()
    title = f"Nazicht van de inhoud: {leaflet.title}"
    page.add(
        "<!DOCTYPE html>",
        '<html lang="nl">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(title)}</h1>",
        "<p>Deze pagina toont alles wat de spraakassistent Folderstem een patiënt over deze folder kan zeggen: "
        "de tekst van de folder met wat elke zin uitspreekt, de onderwerpen met hun antwoord en voorbeeldvragen, "
        "de rode vlaggen met hun waarschuwing en de woorden die ze oproepen, en wat bewust niet gebruikt wordt.</p>",
        "<dl>",
        f"<dt>Map</dt><dd><code>{_e(leaflet.folder.name)}</code></dd>",
        f'<dt>Versie (sha256)</dt><dd><span class="hash" id="version">{_e(version.sha256)}</span></dd>',
        f"<dt>Datum</dt><dd>{_e(day.isoformat())}</dd>",
        f"<dt>Inhoud</dt><dd>{len(leaflet.topics)} onderwerpen, {len(leaflet.red_flags)} rode vlaggen, "
        f"{sum(len(t.examples) for t in leaflet.topics) + sum(len(f.examples) for f in leaflet.red_flags)} "
        "voorbeeldzinnen</dd>",
        "</dl>",
        "</header>",
        '<nav><h2 class="first">Inhoud</h2><ol>'
        '<li><a href="#tekst">De tekst van de folder, zin per zin</a></li>'
        '<li><a href="#onderwerpen">Onderwerpen en hun antwoord</a></li>'
        '<li><a href="#rode-vlaggen">Rode vlaggen</a></li>'
        '<li><a href="#niet-gebruikt">Bewust niet gebruikt en niet behandeld</a></li>'
        '<li><a href="#versie">Versie en ondertekening</a></li>'
        "</ol></nav>",
        "<main>",
    )
    page.add(*_text_section(read))
    page.add(*_topics_section(skill, concepts, words))
    page.add(*_flags_section(skill, concepts, words))
    page.add(*_unused_section(skill, read, concepts, words))
    page.add(*_signature_section(version, day))
    page.add("</main>", "</body>", "</html>")
    return page.text()


def _text_section(read: list[Passage]) -> Iterator[str]:
    yield '<section id="tekst">'
    yield "<h2>1. De tekst van de folder, zin per zin</h2>"
    yield (
        "<p>Naast elke zin of elk opsommingspunt: welke onderwerpen hem uitspreken en welke rode vlaggen hem citeren. "
        "Een zin die niets uitspreekt en die niet bewust ongebruikt is, staat met een dikke streep links.</p>"
    )
    yield '<table><thead><tr><th scope="col">Tekst van de folder</th><th scope="col">Uitgesproken door</th></tr>'
    yield "</thead><tbody>"
    for passage in read:
        if passage.kind == "section":
            yield f'<tr><th class="section" colspan="2">{_e(passage.text)}</th></tr>'
            continue
        users = [f'onderwerp <a href="#{_anchor("onderwerp", t.id)}">{_e(t.id)}</a>' for t in passage.topics]
        users += [f'rode vlag <a href="#{_anchor("vlag", f.id)}">{_e(f.id)}</a>' for f in passage.flags]
        users += [f'waarschuwing <a href="#{_anchor("waarschuwing", w)}">{_e(w)}</a>' for w in passage.warnings]
        users += [f"bewust niet gebruikt: {_e(why)}" for why in passage.unused]
        classes = [passage.kind]
        if not passage.spoken and passage.kind in ("sentence", "item"):
            classes.append("unquoted")
            users = ["<em>door niets uitgesproken</em>"]
        yield (
            f'<tr class="{" ".join(classes)}"><td>{_e(passage.text)}</td>'
            f"<td>{'<br>'.join(users) if users else ''}</td></tr>"
        )
    yield "</tbody></table>"
    yield "</section>"


def _topics_section(skill: Skill, concepts: dict[str, Concept], words: dict[str, tuple[str, ...]]) -> Iterator[str]:
    yield '<section id="onderwerpen">'
    yield "<h2>2. Onderwerpen en hun antwoord</h2>"
    yield (
        "<p>Een vraag over een onderwerp krijgt zijn antwoord: de zinnen van de folder, letterlijk, zoals hieronder "
        "uitgesproken. De voorbeeldvragen leren de assistent welke vragen bij het onderwerp horen.</p>"
    )
    for topic in skill.leaflet.topics:
        yield f'<article id="{_anchor("onderwerp", topic.id)}">'
        yield f"<h3>Onderwerp: {_e(topic.id)}</h3>"
        yield '<p class="label">Antwoord (citaten uit de folder)</p>'
        yield "<ol>" + "".join(f'<li><span class="quote">{_e(q)}</span></li>' for q in topic.answer) + "</ol>"
        yield '<p class="label">Zo uitgesproken</p>'
        yield f"<blockquote>{_e(skill.speaker.compose(topic.answer))}</blockquote>"
        yield _examples("Voorbeeldvragen", topic.examples)
        yield _cues("Trefwoorden (alle woorden van één regel samen)", topic.cues, concepts, words)
        yield "</article>"
    yield "</section>"


def _flag_article(skill: Skill, flag: RedFlag, concepts: dict[str, Concept], words: dict[str, tuple[str, ...]]) -> str:
    spoken = skill.warning(flag.warning, (flag,), denied=False).text
    return "\n".join(
        [
            f'<article id="{_anchor("vlag", flag.id)}">',
            f"<h4>Rode vlag: {_e(flag.id)}</h4>",
            '<p class="label">Teken in de folder</p>',
            f'<p><span class="quote">{_e(flag.item)}</span></p>',
            '<p class="label">Zo uitgesproken, vóór elk ander antwoord</p>',
            f"<blockquote>{_e(spoken)}</blockquote>",
            _cues(
                "Woorden die de waarschuwing oproepen (alle woorden van één regel samen, binnen tien woorden)",
                flag.cues,
                concepts,
                words,
            ),
            _cues(
                "Woorden die volstaan als verder niets begrepen werd",
                flag.unclear_cues,
                concepts,
                words,
            ),
            _listened_for(flag.listen_for),
            _examples("Voorbeeldzinnen", flag.examples),
            "</article>",
        ]
    )


def _listened_for(sentence: str) -> str:
    """How patients name the sign, as the speech recogniser is told to expect it."""
    if not sentence:
        return ""
    return (
        '<p class="label">Zo noemen patiënten het teken (de spraakherkenning verwacht deze woorden)</p>'
        f"<blockquote>{_e(sentence)}</blockquote>"
    )


def _flags_section(skill: Skill, concepts: dict[str, Concept], words: dict[str, tuple[str, ...]]) -> Iterator[str]:
    leaflet = skill.leaflet
    yield '<section id="rode-vlaggen">'
    yield "<h2>3. Rode vlaggen</h2>"
    yield (
        "<p>Noemt de patiënt een teken, dan zegt de assistent eerst de waarschuwing van de folder, ook midden in "
        "een andere vraag en ook als de patiënt het teken ontkent.</p>"
    )
    for warning in sorted(leaflet.warnings, key=lambda w: list(Kind).index(w.urgency)):
        yield f'<div id="{_anchor("waarschuwing", warning.id)}">'
        yield f"<h3>Waarschuwing: {_e(warning.heading)}</h3>"
        urgency = URGENCY_NL.get(warning.urgency, warning.urgency.value)
        yield f'<p>Dringendheid: <span class="urgency">{_e(urgency)}</span> (<code>{_e(warning.id)}</code>)</p>'
        for flag in leaflet.red_flags:
            if flag.warning == warning:
                yield _flag_article(skill, flag, concepts, words)
        yield "</div>"
    yield _examples("Zinnen die een lichaamsdeel noemen maar geen teken (geen waarschuwing)", leaflet.no_sign_examples)
    yield "</section>"


def _unused_section(
    skill: Skill, read: list[Passage], concepts: dict[str, Concept], words: dict[str, tuple[str, ...]]
) -> Iterator[str]:
    leaflet = skill.leaflet
    yield '<section id="niet-gebruikt">'
    yield "<h2>4. Bewust niet gebruikt en niet behandeld</h2>"
    yield "<h3>Zinnen van de folder die bewust niet uitgesproken worden</h3>"
    if leaflet.unused:
        yield '<table><thead><tr><th scope="col">Zin</th><th scope="col">Waarom niet</th></tr></thead><tbody>'
        for unused in leaflet.unused:
            yield f'<tr><td><span class="quote">{_e(unused.text)}</span></td><td>{_e(unused.why)}</td></tr>'
        yield "</tbody></table>"
    else:
        yield '<p class="none">Geen.</p>'
    silent = [p for p in read if p.kind in ("sentence", "item") and not p.spoken]
    yield "<h3>Zinnen die door niets uitgesproken worden, zonder reden</h3>"
    if silent:
        yield "<ul>" + "".join(f"<li>{_e(p.text)}</li>" for p in silent) + "</ul>"
    else:
        yield '<p class="none">Geen: elke zin wordt uitgesproken of is bewust niet gebruikt.</p>'
    yield "<h3>Onderwerpen die de folder niet behandelt</h3>"
    yield (
        f"<p>Hierop antwoordt de assistent: <q>{_e(skill.phrase('not_covered'))}</q>, ook als de vraag een woord "
        "van een onderwerp bevat.</p>"
    )
    yield _cues("Woorden voor wat de folder niet behandelt", leaflet.not_covered_cues, concepts, words)
    yield _examples("Voorbeeldzinnen die niet behandeld worden", leaflet.not_covered_examples)
    yield "</section>"


def _signature_section(version: ContentVersion, day: date) -> Iterator[str]:
    yield '<section id="versie">'
    yield "<h2>5. Versie en ondertekening</h2>"
    yield (
        "<p>De versie is een sha256-som over alle bestanden van de map, gesorteerd op naam (per bestand: de naam "
        "en de inhoud). Verandert er één teken in één bestand, dan verandert de versie: een handtekening geldt "
        "enkel voor precies deze inhoud.</p>"
    )
    yield '<table><thead><tr><th scope="col">Bestand</th><th scope="col">Bytes</th><th scope="col">sha256</th></tr>'
    yield "</thead><tbody>"
    for file in version.files:
        yield (
            f"<tr><td><code>{_e(file.name)}</code></td><td>{file.size}</td>"
            f'<td><span class="hash">{_e(file.sha256)}</span></td></tr>'
        )
    yield "</tbody></table>"
    yield '<div class="signature">'
    yield (
        f'<p>Ik heb de inhoud met versie <span class="hash">{_e(version.sha256)}</span> '
        f"(pagina gemaakt op {_e(day.isoformat())}) nagelezen en keur goed dat de assistent deze tekst "
        "aan patiënten uitspreekt.</p>"
    )
    yield "<dl>"
    yield "<dt>Naam</dt><dd></dd>"
    yield "<dt>Functie</dt><dd></dd>"
    yield "<dt>Datum</dt><dd></dd>"
    yield '<dt>Handtekening</dt><dd class="tall"></dd>'
    yield "</dl>"
    yield "</div>"
    yield "</section>"
