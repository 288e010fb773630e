"""`folderstem content review`: the page a clinician reads and signs, written and rendered for real."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html import escape
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import pytest

from support import CONTENT, REPO

if TYPE_CHECKING:
    from pathlib import Path

    from voice.dialogue import Skill

HEADINGS = (
    "1. De tekst van de folder, zin per zin",
    "2. Onderwerpen en hun antwoord",
    "3. Rode vlaggen",
    "4. Bewust niet gebruikt en niet behandeld",
    "5. Versie en ondertekening",
)
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source", "track", "embed"}


def review(folder: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "voice", "content", "review", str(folder), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )


def version_of(result: subprocess.CompletedProcess, page: str) -> str:
    assert result.returncode == 0, result.stderr
    printed = re.search(r"content version sha256 ([0-9a-f]{64})$", result.stdout.strip())
    shown = re.search(r'<span class="hash" id="version">([0-9a-f]{64})</span>', page)
    assert printed and shown and printed.group(1) == shown.group(1)
    return printed.group(1)


class _Structure(HTMLParser):
    """Every element closed in the order opened, ids unique: what a browser need not repair."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.ids: list[str] = []
        self.problems: list[str] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value or "" for name, value in attrs if name == "id"]
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'} at {self.getpos()}")
        else:
            self.open.pop()


def test_review_page_shows_every_answer_and_sign_with_a_version_that_follows_the_files(
    tmp_path: Path, skill: Skill
) -> None:
    out = tmp_path / "review.html"
    first = review(CONTENT, out)
    page = out.read_text(encoding="utf-8")
    version = version_of(first, page)

    leaflet = skill.leaflet
    for topic in leaflet.topics:
        assert f'id="onderwerp-{topic.id}"' in page
        for quote in topic.answer:
            assert escape(quote) in page, (topic.id, quote)
        assert f"Voorbeeldvragen ({len(topic.examples)})" in page
        assert all(f"<li>{escape(example)}</li>" in page for example in topic.examples)
    for flag in leaflet.red_flags:
        assert escape(flag.item) in page and f'id="vlag-{flag.id}"' in page
        assert f"Voorbeeldzinnen ({len(flag.examples)})" in page
        assert f"<blockquote>{escape(flag.listen_for)}</blockquote>" in page  # what Whisper is told to expect
    for unused in leaflet.unused:
        assert escape(unused.text) in page and escape(unused.why) in page
    assert "@zitvlak</b>" in page and "<li>poepgat</li>" in page  # a concept opens onto its words
    assert all(heading in page for heading in HEADINGS)

    structure = _Structure()
    structure.feed(page)
    assert structure.doctype == "DOCTYPE html" and not structure.problems and not structure.open
    assert len(structure.ids) == len(set(structure.ids))
    assert "<script" not in page and not re.search(r"(src|href)=\"(?!#)|url\(|@import", page)

    again = tmp_path / "again.html"
    assert version_of(review(CONTENT, again), again.read_text(encoding="utf-8")) == version

    copy = tmp_path / "copy"
    shutil.copytree(CONTENT, copy)
    copied = tmp_path / "copied.html"
    assert version_of(review(copy, copied), copied.read_text(encoding="utf-8")) == version

    flags = copy / "red-flags.toml"
    text = flags.read_text(encoding="utf-8")
    plain = '"ik voel mijn zitvlak niet meer goed",'
    flags.write_text(text.replace(plain, plain + ' "<script>x & y</script> mijn zitvlak is doof",', 1), "utf-8")
    changed = tmp_path / "changed.html"
    result = review(copy, changed)
    page = changed.read_text(encoding="utf-8") if changed.exists() else ""
    assert version_of(result, page) != version
    assert "&lt;script&gt;x &amp; y&lt;/script&gt; mijn zitvlak is doof" in page and "<script" not in page


def test_a_folder_that_is_not_content_is_refused_in_plain_english(tmp_path: Path) -> None:
    folder = tmp_path / "holiday-photos"
    folder.mkdir()
    (folder / "beach.txt").write_text("sand\n", encoding="utf-8")
    out = tmp_path / "review.html"
    result = review(folder, out)
    assert result.returncode == 1
    assert "the leaflet content cannot be used" in result.stderr and "leaflet.txt: file is missing" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
    missing = review(tmp_path / "nowhere", out)
    assert missing.returncode == 1 and "is not a folder with leaflet content" in missing.stderr


def test_a_real_browser_renders_the_page(tmp_path: Path) -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("chromium is not installed (scripts/setup test installs it: apt-get install chromium)")
    out = tmp_path / "review.html"
    assert review(CONTENT, out).returncode == 0
    browser = [chromium, "--headless", "--no-sandbox", "--disable-gpu"]
    screenshot = tmp_path / "review.png"
    subprocess.run(
        [*browser, f"--screenshot={screenshot}", "--window-size=1280,2000", out.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    print(f"screenshot of the review page: {screenshot}")
    assert screenshot.exists() and screenshot.stat().st_size > 20_000
    dom = subprocess.run(
        [*browser, "--dump-dom", out.as_uri()], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    assert all(heading in dom for heading in HEADINGS)
    assert "Handtekening" in dom
