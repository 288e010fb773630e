"""The red-flag screen on signs written for it here: cues, alternatives, denials, urgencies."""

from __future__ import annotations

from dataclasses import replace

from support import warned
from voice.cues import Cue, Tokens
from voice.dialogue import Skill
from voice.leaflet import RedFlag, Warning
from voice.responses import Kind
from voice.screen import DENIAL_REACH, FlagHit, RedFlagScreen

URGENT = Warning("spoed", Kind.EMERGENCY, "Kom meteen terug naar de spoedgevallendienst:")
SOON = Warning("huisarts", Kind.GP, "Raadpleeg uw huisarts:")


def sign(ident: str, warning: Warning, cues: tuple[str, ...], unclear: tuple[str, ...] = ()) -> RedFlag:
    return RedFlag(
        ident,
        warning,
        item=f"bij {ident};",
        cues=tuple(Cue.parse(c) for c in cues),
        examples=(),
        unclear_cues=tuple(Cue.parse(c) for c in unclear),
    )


PLAS = sign("plas", URGENT, ("plassen|plas",))
BENEN = sign("benen", URGENT, ("been|benen  slap|zwak",), unclear=("been|benen",))
ZENUW = sign("zenuw", SOON, ("zenuwpijn", "pijn  uitstraalt"))
SCREEN = RedFlagScreen(
    (PLAS, BENEN, ZENUW),  # most urgent first, as a leaflet orders them
    denials_before=(Cue.parse("geen  probleem|problemen|last"), Cue.parse("nooit")),
    denials_after=(Cue.parse("gaat|lukt  goed|normaal"),),
)


def screened(*alternatives: str, unclear: bool = False) -> list[tuple[str, bool]]:
    """Each sign heard, and whether it was denied."""
    return [(hit.flag.id, hit.denied) for hit in SCREEN.screen([Tokens.of(a) for a in alternatives], unclear)]


def test_any_one_cue_of_a_sign_finds_it() -> None:
    assert screened("ik heb zenuwpijn") == [("zenuw", False)]
    assert screened("de pijn die uitstraalt naar mijn voet") == [("zenuw", False)]
    assert screened("mijn rug doet pijn") == []


def test_signs_come_most_urgent_first_not_in_the_order_said() -> None:
    assert screened("ik heb zenuwpijn en ik kan niet plassen") == [("plas", False), ("zenuw", False)]


def test_a_sign_heard_in_any_alternative_is_found() -> None:
    assert screened("ik kan niet meer pakken", "ik kan niet meer plassen") == [("plas", False)]


def test_a_denial_just_before_a_sign_marks_it_denied_but_never_hides_it() -> None:
    assert screened("ik heb geen problemen met plassen") == [("plas", True)]
    assert screened("ik heb nooit moeite met plassen") == [("plas", True)]


def test_a_denial_reaches_only_a_few_words_ahead() -> None:
    near = " ".join(["met"] * (DENIAL_REACH - 1))
    assert screened(f"geen problemen {near} plassen") == [("plas", True)]
    assert screened(f"geen problemen {near} en plassen") == [("plas", False)]


def test_a_denial_after_a_sign_must_follow_it_closely() -> None:
    assert screened("plassen gaat goed") == [("plas", True)]
    assert screened("plassen zei de dokter gisteren gaat goed") == [("plas", False)]


def test_words_that_deny_what_follows_them_do_not_deny_what_came_before() -> None:
    assert screened("ik kan niet plassen en ik heb geen last van zenuwpijn") == [("plas", False), ("zenuw", True)]


def test_a_sign_is_denied_only_where_every_alternative_that_heard_it_denies_it() -> None:
    assert screened("geen problemen met plassen", "ik kan niet plassen") == [("plas", False)]
    assert screened("geen problemen met plassen", "plassen gaat goed") == [("plas", True)]


def test_a_sign_denied_once_and_said_again_undenied_is_not_denied() -> None:
    assert screened("ik had geen problemen met plassen maar nu kan ik niet plassen") == [("plas", False)]
    assert screened("nooit last met plassen en plassen gaat goed") == [("plas", True)]


def test_a_denial_of_one_sign_leaves_another_undenied() -> None:
    assert screened("geen problemen met plassen maar mijn been is slap") == [("plas", True), ("benen", False)]


def test_a_signs_weaker_cues_count_only_when_nothing_else_was_understood() -> None:
    assert screened("mijn been euh dinges") == []
    assert screened("mijn been euh dinges", unclear=True) == [("benen", False)]


# --- the warnings spoken for what the screen found (the leaflet's own signs) ---------------------


def _first(skill: Skill, urgency: Kind) -> RedFlag:
    return next(f for f in skill.leaflet.red_flags if f.warning.urgency is urgency)


def test_the_more_urgent_warning_is_said_first_whatever_the_order_of_the_leaflets_headings(skill: Skill) -> None:
    reversed_headings = replace(skill, leaflet=replace(skill.leaflet, warnings=skill.leaflet.warnings[::-1]))
    gp, emergency = _first(skill, Kind.GP), _first(skill, Kind.EMERGENCY)
    responses = reversed_headings.warnings((FlagHit(gp, denied=False), FlagHit(emergency, denied=False)))
    assert [(r.kind, warned([r])) for r in responses] == [(Kind.EMERGENCY, [emergency.id]), (Kind.GP, [gp.id])]


def test_one_warning_names_all_its_signs_and_is_said_as_denied_only_when_all_were(skill: Skill) -> None:
    first, second = [f for f in skill.leaflet.red_flags if f.warning.urgency is Kind.EMERGENCY][:2]
    lead = skill.phrase("denied_lead")
    [both] = skill.warnings((FlagHit(first, denied=True), FlagHit(second, denied=True)))
    assert both.flags == (first, second) and both.text.startswith(lead)
    [one] = skill.warnings((FlagHit(first, denied=True), FlagHit(second, denied=False)))
    assert one.flags == (first, second) and not one.text.startswith(lead)
