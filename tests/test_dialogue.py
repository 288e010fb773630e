"""The conversation's state: what a hands-free patient relies on between turns."""

from __future__ import annotations

from dataclasses import replace

from support import kinds
from voice.dialogue import FASTEST, LEVEL_STEP, LOUDEST, SLOWEST, SOFTEST, Session, Skill
from voice.folding import fold
from voice.responses import Kind


def test_the_greeting_says_in_a_few_words_what_it_is_what_to_ask_and_how_to_hear_the_warnings(skill: Skill) -> None:
    said = Session(skill).greet(warnings=False)
    text = fold(" ".join(r.text for r in said))
    assert "folderstem" in text and "wat wilt u weten over uw rugpijn" in text and "waar moet ik op letten" in text
    assert len(text.split()) <= 18  # 8-9 s spoken
    assert kinds(said) == [Kind.CONTROL]


def test_the_first_greeting_of_the_day_also_gives_the_emergency_list(skill: Skill) -> None:
    said = Session(skill).greet(warnings=True)
    warning = next(r for r in said if r.kind is Kind.EMERGENCY)
    for sign in ("zitvlak", "plasproblemen", "erectiestoornissen", "krachtsvermindering in de benen"):
        assert sign in fold(warning.text)
    assert said[-1].kind is Kind.CONTROL


def test_asked_what_to_watch_for_it_gives_the_leaflets_warning_signs(skill: Skill) -> None:
    text = fold(" ".join(r.text for r in Session(skill).respond("waar moet ik op letten")))
    for sign in ("zitvlak", "plasproblemen", "erectiestoornissen", "krachtsvermindering in de benen"):
        assert sign in text


def test_repeat_says_the_last_answer_again(skill: Skill) -> None:
    session = Session(skill)
    answer = session.respond("mag ik werken")
    again = session.respond("herhaal")
    assert again[0].topic == "repeat" and again[1:] == answer
    assert session.respond("zeg dat nog eens")[1:] == answer


def test_repeat_after_stop_repeats_what_was_interrupted(skill: Skill) -> None:
    session = Session(skill)
    answer = session.respond("welke pijnstiller mag ik nemen")
    stop = session.respond("stop")
    assert stop == [stop[0]] and stop[0].topic == "stop" and stop[0].text == ""
    assert session.respond("herhaal")[1:] == answer


def test_repeat_with_nothing_said_yet_says_so(skill: Skill) -> None:
    responses = Session(skill).respond("herhaal")
    assert kinds(responses) == [Kind.CONTROL] and "niets" in responses[0].text


def test_slower_and_faster_change_the_rate_within_bounds(skill: Skill) -> None:
    session = Session(skill)
    session.respond("trager")
    assert session.rate < 1
    for _ in range(10):
        last = session.respond("trager")
    assert session.rate >= SLOWEST and "kan ik niet" in last[0].text
    for _ in range(20):
        session.respond("sneller")
    assert session.rate <= FASTEST


def test_next_and_previous_walk_through_the_sections(skill: Skill) -> None:
    session = Session(skill)
    sections = skill.leaflet.text.sections
    first = session.respond("volgende")
    assert first[1].topic == f"section:{sections[0].id}" and "1 van 4" in first[0].text
    second = session.respond("volgende")
    assert second[1].topic == f"section:{sections[1].id}"
    back = session.respond("vorige")
    assert back[1].topic == f"section:{sections[0].id}"
    assert "eerste deel" in session.respond("vorige")[0].text


def test_read_all_reads_every_section_and_then_there_is_no_next(skill: Skill) -> None:
    session = Session(skill)
    responses = session.respond("lees de hele folder voor")
    assert [r.topic for r in responses[1:]] == [f"section:{s.id}" for s in skill.leaflet.text.sections]
    assert "laatste deel" in session.respond("volgende")[0].text


def test_after_two_failures_it_offers_to_read_section_by_section_and_yes_starts(skill: Skill) -> None:
    session = Session(skill)
    assert kinds(session.respond("blablabla")) == [Kind.NOT_UNDERSTOOD]
    second = session.respond("de kat speelt met een bolletje wol")
    assert kinds(second) == [Kind.NOT_UNDERSTOOD, Kind.CONTROL] and second[1].topic == "offer_sections"
    reading = session.respond("ja")
    assert reading[1].topic == f"section:{skill.leaflet.text.sections[0].id}"


def test_yes_without_an_offer_asks_for_the_question(skill: Skill) -> None:
    assert Session(skill).respond("ja")[0].topic == "yes"


def test_an_understood_question_resets_the_failures(skill: Skill) -> None:
    session = Session(skill)
    session.respond("blablabla")
    session.respond("mag ik werken")
    assert kinds(session.respond("blablabla")) == [Kind.NOT_UNDERSTOOD]


def test_goodbye_ends_the_session(skill: Skill) -> None:
    session = Session(skill)
    assert not session.ended
    responses = session.respond("tot ziens")
    assert session.ended and "tot ziens" in fold(responses[0].text)


def test_help_lists_what_can_be_asked_and_said(skill: Skill) -> None:
    text = fold(Session(skill).respond("help")[0].text)
    assert fold(skill.leaflet.suggestions[0]) in text and "herhaal" in text and "lees alles voor" in text


def test_silence_is_not_understood_with_a_gentle_hint(skill: Skill) -> None:
    responses = Session(skill).respond("   ")
    assert kinds(responses) == [Kind.NOT_UNDERSTOOD] and "niets gehoord" in fold(responses[0].text)


def test_a_long_silence_asks_once_then_it_sleeps_quietly(skill: Skill) -> None:
    session = Session(skill)
    session.respond("mag ik werken")
    first = session.silence()
    assert first[0].topic == "still_there" and "bent u er nog" in fold(first[0].text)
    assert session.silence()[0].topic == "asleep" and session.asleep
    assert session.silence() == []


def test_asleep_it_ignores_background_talk_but_never_a_red_flag(skill: Skill) -> None:
    session = Session(skill)
    session.silence(), session.silence()
    assert session.respond("mag ik werken") == []
    assert session.respond("wat voor weer wordt het morgen") == []
    warning = session.respond("ik kan niet meer plassen")
    assert kinds(warning) == [Kind.EMERGENCY] and session.asleep


def test_a_wake_phrase_wakes_it_and_a_question_with_it_is_answered(skill: Skill) -> None:
    session = Session(skill)
    session.silence(), session.silence()
    assert session.respond("hallo folderstem")[0].topic == "wake" and not session.asleep
    session.silence(), session.silence()
    assert [r.topic for r in session.respond("hallo folderstem, mag ik werken")] == ["werk"]


def test_called_by_name_only_it_answers_what_follows_its_name_and_every_red_flag(skill: Skill) -> None:
    session = Session(skill, require_wake=True)
    greeting = fold(session.greet(warnings=False)[0].text)
    assert "eerst mijn naam" in greeting and "folderstem" in greeting
    assert [r.topic for r in session.respond("mag ik werken")] == ["werk"]  # the greeting invited one question
    assert session.respond("mag ik tillen") == []  # a television, as far as it knows
    assert session.respond("wat voor weer wordt het morgen") == []
    assert kinds(session.respond("en toen kon hij niet meer plassen zei de dokter")) == [Kind.EMERGENCY]
    assert [r.topic for r in session.respond("folderstem, mag ik tillen")] == ["tillen"]
    assert session.respond("mag ik werken") == []
    assert session.respond("hallo folderstem")[0].topic == "wake"
    assert [r.topic for r in session.respond("mag ik werken")] == ["werk"]
    assert session.respond("mag ik werken") == []


def test_called_by_name_only_a_question_it_asks_back_is_answered_without_its_name(skill: Skill) -> None:
    session = Session(skill, require_wake=True)
    session.respond("hallo folderstem")
    assert kinds(session.respond("blablabla")) == [Kind.NOT_UNDERSTOOD]
    assert [r.topic for r in session.respond("mag ik werken")] == ["werk"]  # said again, in other words


def test_called_by_name_only_a_long_silence_asks_nothing_and_a_call_lapses(skill: Skill) -> None:
    session = Session(skill, require_wake=True)
    session.respond("hallo folderstem")
    assert session.silence() == [] and session.silence() == []
    assert session.respond("mag ik werken") == []


def test_speaking_resets_the_silence_count(skill: Skill) -> None:
    session = Session(skill)
    session.silence()
    session.respond("mag ik werken")
    assert session.silence()[0].topic == "still_there" and not session.asleep


def test_louder_and_softer_change_the_volume_by_a_step_within_bounds(skill: Skill) -> None:
    session = Session(skill)
    assert session.respond("harder")[0].topic == "louder" and session.level == LEVEL_STEP
    for _ in range(5):
        last = session.respond("ik hoor u niet goed")
    assert session.level == LOUDEST and "kan ik niet" in last[0].text
    for _ in range(10):
        last = session.respond("wat zachter alstublieft")
    assert session.level == SOFTEST and "kan ik niet" in last[0].text


def test_louder_or_softer_said_to_someone_else_is_no_command(skill: Skill) -> None:
    session = Session(skill)
    for said in ("zet de radio wat zachter", "jongens doe eens wat stiller", "schat zet de tv wat harder"):
        assert all(r.topic not in ("louder", "softer") for r in session.respond(said))
    assert session.level == 0


def test_wait_then_go_on_takes_up_the_reading_where_it_was_cut_off(skill: Skill) -> None:
    session = Session(skill)
    reading = session.respond("lees alles voor")
    unsaid = [replace(reading[2], text="Nog een zin."), *reading[3:]]
    session.interrupted(unsaid)
    assert session.respond("wacht even")[0].topic == "pause"
    assert session.respond("ga verder") == unsaid
    assert "laatste deel" in session.respond("volgende")[0].text  # it read on to the end


def test_after_a_question_asked_in_a_pause_it_offers_once_to_go_on_and_yes_does(skill: Skill) -> None:
    session = Session(skill)
    reading = session.respond("lees alles voor")
    session.interrupted(reading[3:])
    answer = session.respond("mag ik werken")
    assert [r.topic for r in answer] == ["werk", "go_on"]
    assert [r.topic for r in session.respond("welke pijnstiller mag ik nemen")] == ["pijnstillers"]  # asked once
    assert session.respond("ga verder") == reading[3:]


def test_wait_when_nothing_is_being_said_is_left_unanswered(skill: Skill) -> None:
    assert [r.text for r in Session(skill).respond("wacht even")] == [""]
