"""The red-flag screen: runs first, on every alternative transcript of every utterance.

Deliberately simple and auditable: a sign is found when any one of its cues (the
words in red-flags.toml) occurs. Nothing suppresses a sign once found: a denial
("geen problemen met plassen") only changes how the warning is introduced.
"""

from __future__ import annotations

from dataclasses import dataclass

from voice.cues import FUZZY_FROM, Cue, Tokens, cue_heard, first_match
from voice.leaflet import RedFlag

DENIAL_REACH = 4  # words between a denial and the sign it denies


@dataclass(frozen=True)
class FlagHit:
    flag: RedFlag
    denied: bool  # every time it was heard, in every alternative, it was denied
    why: str = ""  # what found it: the cue and the words it matched, or the nearest example


@dataclass(frozen=True)
class RedFlagScreen:
    flags: tuple[RedFlag, ...]
    denials_before: tuple[Cue, ...]
    denials_after: tuple[Cue, ...]

    def screen(self, alternatives: list[Tokens], unclear: bool = False) -> tuple[FlagHit, ...]:
        """The signs heard in any alternative, in the order of `flags` (most urgent first).

        `unclear`: nothing else in the utterance was understood, so a sign's weaker cues
        (a body region named among words we could not follow) count too."""
        hits = []
        for flag in self.flags:
            cues = flag.cues + flag.unclear_cues if unclear else flag.cues
            found = [
                (i, m)
                for i, tokens in enumerate(alternatives)
                if (m := first_match(cues, tokens, fuzzy=FUZZY_FROM, sounds=True))
            ]
            if not found:
                continue
            # denied only where every mention is: "geen last met plassen, maar nu kan ik niet plassen" is not
            denied = all(
                self._denied(alternatives[i], start, end)
                for i, _ in found
                for cue in cues
                for start, end in cue.spans(alternatives[i], FUZZY_FROM, sounds=True)
            )
            i, (cue, start, end) = found[0]
            hits.append(FlagHit(flag, denied, cue_heard(cue, alternatives[i], start, end)))
        return tuple(hits)

    def _denied(self, tokens: Tokens, start: int, end: int) -> bool:
        for cue in self.denials_before:
            span = cue.find(tokens)
            if span and span[1] < start and start - span[1] <= DENIAL_REACH:
                return True
        for cue in self.denials_after:
            span = cue.find(tokens)
            if span and span[0] > end and span[0] - end <= 2:
                return True
        return False
