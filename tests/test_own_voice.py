"""While it speaks, the assistant hears its own voice: only the patient's stop, wait, louder,
softer and red flags count."""

from __future__ import annotations

from voice.dialogue import Session, Skill
from voice.hearing import Heard, Transcript
from voice.language import ControlKind
from voice.own_voice import asked_over_its_voice, barge_in


def saying(skill: Skill, text: str) -> list[str]:
    return [r.text for r in Session(skill).respond(text)]


def test_its_own_greeting_heard_back_does_not_interrupt_it_though_it_names_every_sign(skill: Skill) -> None:
    greeting = [r.text for r in Session(skill).greet()]
    assert not barge_in(skill.understander, Heard.text(" ".join(greeting)), greeting).interrupts
    assert not barge_in(skill.understander, Heard.text(greeting[1][10:90]), greeting).interrupts


def test_stop_interrupts_even_mixed_with_its_own_words(skill: Skill) -> None:
    answer = saying(skill, "welke pijnstiller mag ik nemen")
    assert barge_in(skill.understander, Heard.text("stop"), answer).control is ControlKind.STOP
    assert barge_in(skill.understander, Heard.text(answer[0][:40] + " stop"), answer).control is ControlKind.STOP


def test_a_red_flag_during_an_answer_interrupts_it(skill: Skill) -> None:
    answer = saying(skill, "welke pijnstiller mag ik nemen")
    assert barge_in(skill.understander, Heard.text("ik kan niet meer plassen"), answer).flags
    heard = Heard((Transcript("ik kan niet meer lassen"), Transcript("ik kan niet meer plassen", 0.4)))
    assert barge_in(skill.understander, heard, answer).flags


def test_a_sign_the_warning_being_spoken_does_not_name_still_interrupts_it(skill: Skill) -> None:
    greeting = [r.text for r in Session(skill).greet()]  # the emergency signs only
    assert not barge_in(skill.understander, Heard.text("ik kan niet meer plassen"), greeting).flags
    assert barge_in(skill.understander, Heard.text("ik heb zenuwpijn in mijn been"), greeting).flags


def test_other_questions_while_it_speaks_do_not_interrupt(skill: Skill) -> None:
    answer = saying(skill, "welke pijnstiller mag ik nemen")
    assert not barge_in(skill.understander, Heard.text("mag ik werken"), answer).interrupts


def test_its_own_voice_misheard_is_still_its_own(skill: Skill) -> None:
    greeting = [r.text for r in Session(skill).greet()]
    misheard = (
        "of de geslacht delen, bij klasproblemen en of stoelgangsproblemen, bij erectiestornissen, "
        "als u een kracht's fermentering in de benen voelt, wat wilt u weten? voert"
    )
    assert not barge_in(skill.understander, Heard.text(misheard), greeting).interrupts
    assert barge_in(skill.understander, Heard.text(misheard + " stop"), greeting).control is ControlKind.STOP


def test_wait_louder_and_softer_interrupt_it_but_not_when_it_names_them_itself(skill: Skill) -> None:
    answer = saying(skill, "welke pijnstiller mag ik nemen")
    for said, kind in (
        ("wacht even", ControlKind.PAUSE),
        ("harder", ControlKind.LOUDER),
        ("zachter", ControlKind.SOFTER),
    ):
        assert barge_in(skill.understander, Heard.text(said), answer).control is kind
    help_text = saying(skill, "help")  # names every command
    assert not barge_in(skill.understander, Heard.text(" ".join(help_text)), help_text).interrupts


def test_a_word_of_its_own_voice_misheard_is_no_command_though_it_looks_like_one(skill: Skill) -> None:
    greeting = [r.text for r in Session(skill).greet()]
    # Whisper's quick reading of its greeting, heard back (the real-sound echo test): "zuiden"
    # for "u weten" is left once its own words are struck out, and looks like "niet zo luid".
    misheard = "Wat wil zuiden over u rugpijn?"
    assert not barge_in(skill.understander, Heard.text(misheard), greeting).interrupts
    assert barge_in(skill.understander, Heard.text(misheard + " zachter"), greeting).control is ControlKind.SOFTER
    assert barge_in(skill.understander, Heard.text(misheard + " kapt ermee"), greeting).control is ControlKind.STOP


def test_its_own_voice_misheard_into_a_sign_is_still_its_own_but_the_patient_saying_it_is_not(skill: Skill) -> None:
    answer = saying(skill, "welke pijnstiller mag ik nemen")  # "... bij te erge pijn een ontstekingsremmer. ..."
    # Whisper's hearing of that answer played back (benchmarks/barge_in.py): "pijn benen" names
    # the nerve pain a GP should see, but the whole is a stretch of the answer.
    misheard = "En wij ter hergepijn benen ontstekingsremmer. Neem medicatie altijd in overleg met uw huisarts."
    assert not barge_in(skill.understander, Heard.text(misheard), answer).interrupts
    assert barge_in(skill.understander, Heard.text("ik heb hevige pijn in mijn benen"), answer).flags
    assert barge_in(skill.understander, Heard.text(misheard + " ik kan niet meer plassen"), answer).flags


def test_its_own_warning_misheard_does_not_name_a_sign_of_the_patients_own(skill: Skill) -> None:
    warning = saying(skill, "ik heb zenuwpijn in mijn been")  # "Raadpleeg uw huisarts ... benen."
    # Whisper's hearing of that warning played back (benchmarks/barge_in.py): "leg", cut loose
    # from "rat leg je", is a leg, and the leg weakness it stands beside is no sign it names.
    misheard = (
        "Rat leg je huisarts, als u zenuwpijn krijgt in en of bij de benen, zinuwpijn wordt ervaren als een stekende."
    )
    assert not barge_in(skill.understander, Heard.text(misheard), warning).interrupts
    assert barge_in(skill.understander, Heard.text("ik heb geen kracht meer in mijn benen"), warning).flags


def test_a_sign_its_warning_names_said_by_the_patient_gets_its_own_answer_but_its_echo_does_not(skill: Skill) -> None:
    greeting = [r.text for r in Session(skill).greet()]  # names every emergency sign
    for said in ("ik kan niet meer plassen", "ik voel mijn poep niet meer", "ik heb geen stijve meer"):
        verdict = barge_in(skill.understander, Heard.text(said), greeting)
        assert verdict.warned_already and not verdict.interrupts  # not cut short, but answered after
    misheard = "of de geslacht delen, bij klasproblemen en of stoelgangsproblemen, bij erectiestornissen"
    for echo in (greeting[1], greeting[1][10:90], misheard):
        assert not barge_in(skill.understander, Heard.text(echo), greeting).warned_already
    # Whisper's hearing of its GP warning played back (benchmarks/barge_in.py): "leg" is a leg,
    # but most of it is the warning's own words.
    warning = saying(skill, "ik heb zenuwpijn in mijn been")
    misheard = "Rat leg je huisarts, als u zin je pijn krijgt in een of we de winnen."
    assert not barge_in(skill.understander, Heard.text(misheard), warning).warned_already
    assert barge_in(skill.understander, Heard.text("het trekt van mijn rug tot in mijn tenen"), warning).warned_already
    assert not barge_in(skill.understander, Heard.text("mag ik werken"), greeting).warned_already


def test_with_its_echo_cancelled_a_question_of_the_patients_is_taken_but_its_own_words_and_stray_words_are_not(
    skill: Skill,
) -> None:
    greeting = [r.text for r in Session(skill).greet()]
    answer = saying(skill, "welke pijnstiller mag ik nemen")
    understander = skill.understander
    assert asked_over_its_voice(understander, Heard.text("mag ik werken"), greeting, set())
    assert asked_over_its_voice(understander, Heard.text("herhaal dat eens"), answer, {"pijnstillers"})
    # its own words, however misheard, are no question; nor a stray "ja"
    assert not asked_over_its_voice(understander, Heard.text("Wat wilt u weten over u rugpijn?"), greeting, set())
    assert not asked_over_its_voice(understander, Heard.text(answer[0][:60]), answer, {"pijnstillers"})
    assert not asked_over_its_voice(understander, Heard.text("ja"), answer, {"pijnstillers"})
    # the question it is answering now needs no new answer
    assert not asked_over_its_voice(
        understander, Heard.text("hoeveel paracetamol mag ik nemen"), answer, {"pijnstillers"}
    )
    # a reading told what to expect is not taken over its voice: it expects what is being said
    expected = Heard((Transcript("eh"), Transcript("mag ik werken", expected=True)))
    assert not asked_over_its_voice(understander, expected, greeting, set())


def test_with_its_echo_cancelled_a_sign_said_in_the_warnings_words_is_answered_after_it_but_its_echo_is_not(
    skill: Skill,
) -> None:
    greeting = [r.text for r in Session(skill).greet()]  # names every emergency sign
    patient = Heard.text("ik voel mijn zitvlak niet meer goed")
    assert not barge_in(skill.understander, patient, greeting).warned_already  # its words may be its echo
    assert barge_in(skill.understander, patient, greeting, cancelled=True).warned_already
    echo = Heard.text("in de regio van het zitvlak, de aars of de geslachtsdelen")
    assert not barge_in(skill.understander, echo, greeting, cancelled=True).warned_already
