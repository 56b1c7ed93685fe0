"""Events: dates, trigger lexicon, and event assembly on hand-parsed sentences (model-free);
the seed and a Kremlin announcement through the real pipeline (marked `model`)."""

from __future__ import annotations

import typing

import pytest
import spacy
from spacy.tokens import Doc

from communique.extract import context
from communique.extract.dates import resolve_date
from communique.extract.event_triggers import build_matcher, find_triggers, lexicon
from communique.extract.events import EventExtractor
from communique.records import Entity, EventType

context.register_extensions()


# --- dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "planned", "previous", "expected"), [
    ("The bust was unveiled on June 2, 2022, in New Delhi.", False, None, "2022-06-02"),
    ("On February 22, Vladimir Putin will hold talks.", True, None, "2024-02-22"),
    ("The session was held in Minsk on Friday.", False, None, "2024-04-12"),
    ("The ministers will meet on Friday.", True, None, "2024-04-19"),
    ("The President met today with his counterpart.", False, None, "2024-04-15"),
    ("They met yesterday in Jakarta.", False, None, "2024-04-14"),
    ("The next day, he attended the opening ceremony.", False, "2024-04-12", "2024-04-13"),
    ("He visited Washington in January 2018.", False, None, None),
])
def test_resolve_date(text: str, planned: bool, previous: str | None, expected: str | None) -> None:
    assert resolve_date(text, "2024-04-15", planned=planned, previous=previous) == expected  # a Monday


def test_resolve_date_without_publication_keeps_only_explicit_dates() -> None:
    assert resolve_date("They met today.", None) is None
    assert resolve_date("They met on 5 May 2023.", None) == "2023-05-05"


# --- lexicon and triggers --------------------------------------------------------------------------

def test_every_lexicon_type_is_a_record_type_with_a_plover_category() -> None:
    lex = lexicon()
    types = set(typing.get_args(EventType))
    assert set(lex["plover"]) == types
    for section in ("nouns", "verbs"):
        assert set(lex[section]) <= types


def _triggers(text: str) -> list[tuple[str, str]]:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    return [(t.span.text, t.type) for t in find_triggers(doc, build_matcher(nlp.vocab))]


def test_triggers_are_typed_longest_match_first() -> None:
    found = _triggers("He had a telephone conversation, then a round table and a press conference.")
    assert found == [("telephone conversation", "phone_call"), ("round table", "round_table"),
                     ("press conference", "press_event")]


def test_plural_and_quoted_triggers_name_no_event() -> None:
    assert _triggers("They discussed meetings on the sidelines of forums.") == []
    assert _triggers('ISSI organized a round table titled "Astana Summit 2024".') == [
        ("round table", "round_table")]


def test_generic_words_are_anaphors() -> None:
    assert _triggers("The main speakers at the event were experts.") == [("event", "*anaphor")]


# --- assembly on hand-parsed sentences -------------------------------------------------------------

def _parsed(words: list[str], heads: list[int], deps: list[str], tags: list[str], lemmas: list[str],
            people: dict[int, str]) -> tuple[spacy.language.Language, Doc]:
    """A Doc with a hand-written parse and person entities at the given token positions."""
    nlp = spacy.blank("en")
    pos = ["VERB" if t.startswith("VB") else "AUX" if t == "MD" else "PROPN" if t == "NNP"
           else "NOUN" if t.startswith("NN") else "ADP" if t == "IN" else "PUNCT" if t == "." else "X"
           for t in tags]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, tags=tags, pos=pos, lemmas=lemmas,
              sent_starts=[True] + [False] * (len(words) - 1))
    ents = {name: Entity(id=f"e{i + 1}", kind="person", name=name, country=None)
            for i, name in enumerate(dict.fromkeys(people.values()))}
    doc._.entities = list(ents.values())
    doc._.token_entity = [ents[people[i]].id if i in people else None for i in range(len(doc))]
    doc._.published = "2018-06-29"
    return nlp, doc


def test_held_talks_with_gives_a_dated_meeting_of_both_sides() -> None:
    words = ["Abdrakhmanov", "held", "talks", "with", "Pompeo", "on", "Thursday", "."]
    nlp, doc = _parsed(words, heads=[1, 1, 1, 2, 3, 1, 5, 1],
                       deps=["nsubj", "ROOT", "dobj", "prep", "pobj", "prep", "pobj", "punct"],
                       tags=["NNP", "VBD", "NNS", "IN", "NNP", "IN", "NNP", "."],
                       lemmas=["Abdrakhmanov", "hold", "talk", "with", "Pompeo", "on", "Thursday", "."],
                       people={0: "Kairat Abdrakhmanov", 4: "Michael Pompeo"})
    [event] = EventExtractor(nlp)(doc)._.events
    assert (event.id, event.type, event.plover, event.status, event.date) == (
        "v1", "meeting", "CONSULT", "held", "2018-06-28")
    assert {(p.entity, p.role) for p in event.participants} == {("e1", "participant"), ("e2", "participant")}
    assert event.evidence == [(0, len(doc.text.rstrip()))]


def test_will_hold_talks_is_planned() -> None:
    words = ["Putin", "will", "hold", "talks", "with", "Aliyev", "."]
    nlp, doc = _parsed(words, heads=[2, 2, 2, 2, 3, 4, 2],
                       deps=["nsubj", "aux", "ROOT", "dobj", "prep", "pobj", "punct"],
                       tags=["NNP", "MD", "VB", "NNS", "IN", "NNP", "."],
                       lemmas=["Putin", "will", "hold", "talk", "with", "Aliyev", "."],
                       people={0: "Vladimir Putin", 5: "Ilham Aliyev"})
    [event] = EventExtractor(nlp)(doc)._.events
    assert event.status == "planned"
    assert [p.entity for p in event.participants] == ["e1", "e2"]


def test_an_event_without_parties_place_date_or_name_is_dropped() -> None:
    words = ["They", "discussed", "a", "meeting", "."]
    nlp, doc = _parsed(words, heads=[1, 1, 3, 1, 1], deps=["nsubj", "ROOT", "det", "dobj", "punct"],
                       tags=["PRP", "VBD", "DT", "NN", "."], lemmas=["they", "discuss", "a", "meeting", "."],
                       people={})
    assert EventExtractor(nlp)(doc)._.events == []


# --- the real pipeline -----------------------------------------------------------------------------

SEED = (
    "The Institute of Strategic Studies Islamabad (ISSI), together with the Embassy of Kazakhstan in "
    'Pakistan, organized a round table titled "Astana Summit 2024: Solidifying SCO\u2019s Partnerships", '
    "press service of the Kazakh MFA reports.\n\nThe main speakers at the event were the SCO National "
    "Coordinator from Pakistan, Marghoob Saleem Butt, and ISSI Director General, Sohail Mahmood. Former "
    "Federal Minister of Information and Broadcasting of Pakistan Murtaza Solangi, was invited as the guest "
    "of honor.\n\nThe Ambassador noted that the upcoming Astana summit will be an important milestone."
)


@pytest.mark.model
def test_seed_round_table_and_planned_summit(nlp) -> None:
    doc = nlp.make_doc(SEED)
    doc._.published = "2024-06-26"
    doc = nlp(doc)
    names = {e.id: e.name for e in doc._.entities}
    table, summit = doc._.events
    assert (table.type, table.status, table.name) == (
        "round_table", "held", "Astana Summit 2024: Solidifying SCO\u2019s Partnerships")
    assert {names[o] for o in table.organizers} >= {"Embassy of Kazakhstan in Pakistan"}
    roles = {names[p.entity]: p.role for p in table.participants}
    assert roles["Marghoob Saleem Butt"] == roles["Sohail Mahmood"] == "speaker"
    assert roles["Murtaza Solangi"] == "guest_of_honor"
    assert (summit.type, summit.status, summit.location.name, summit.location.country) == (
        "summit", "planned", "Astana", "KZ")


@pytest.mark.model
def test_kremlin_announcement_in_headline_is_planned_and_dated(nlp) -> None:
    doc = nlp.make_doc("The discussion is to cover the entire range of bilateral relations.")
    doc._.published = "2022-02-21"
    doc._.title = ("On February 22, President of Russia Vladimir Putin will hold talks with President of "
                   "Azerbaijan Ilham Aliyev")
    doc = nlp(doc)
    [event] = doc._.events
    assert (event.type, event.status, event.date) == ("meeting", "planned", "2022-02-22")


@pytest.mark.model
def test_pipe_parses_headlines_in_batch_with_the_same_events_as_one_by_one(nlp) -> None:
    texts = [(SEED, "Round table on the Astana Summit"),
             ("The discussion is to cover the entire range of bilateral relations.",
              "On February 22, President of Russia Vladimir Putin will hold talks with President of "
              "Azerbaijan Ilham Aliyev"),
             ("Vladimir Putin held talks with Ilham Aliyev in the Kremlin on Monday.", None)]

    def docs():
        for text, title in texts:
            doc = nlp.make_doc(text)
            doc._.published, doc._.title = "2022-02-21", title
            yield doc

    one_by_one = [[e.to_dict() for e in nlp(doc)._.events] for doc in docs()]
    batched = [[e.to_dict() for e in doc._.events] for doc in nlp.pipe(docs(), batch_size=8)]
    assert batched == one_by_one
    assert any(one_by_one)


ROUND_TABLE = (
    "The Centre for Regional Studies Tashkent, together with the Embassy of Kazakhstan in Uzbekistan, "
    "organized a round table titled \"Dialogue for the Future\", the press service reports.\n\n"
    "The main speakers at the event were Centre Director Anvar Rashidov and Ambassador Daulet "
    "Serikbayev.\n\n"
    "The agenda of the event included issues of trade and prospects for transit cooperation, with an "
    "emphasis on the priorities of the chairmanship, including energy, transport links, and the "
    "cultural dimension.\n\n"
    "The Ambassador noted that the upcoming Astana summit will be an important milestone for the "
    "region.\n\n"
    "Anvar Rashidov drew the attention of the event participants to an interview published in "
    "Kazinform (March 3, 2024).\n\n"
    "Overall, the event participants praised the chairmanship."
)


@pytest.mark.model
def test_round_table_release_keeps_its_parties_off_the_planned_summit(nlp) -> None:
    doc = nlp.make_doc(ROUND_TABLE)
    doc._.published = "2024-06-20"
    doc = nlp(doc)
    table, summit = doc._.events
    assert (table.type, table.status, table.date) == ("round_table", "held", None)
    assert (table.location.name, table.location.country) == ("Tashkent", "UZ")
    wanted = {"priorities of the chairmanship", "energy", "transport links", "cultural dimension"}
    assert wanted <= set(table.topics)
    assert all(len(t.split()) <= 6 for t in table.topics)
    assert {p.role for p in table.participants} == {"speaker"}
    # a planned summit the Ambassador only speaks of: no speakers, no date from the next sentence
    assert (summit.type, summit.status, summit.date, summit.participants) == ("summit", "planned", None, [])


def test_implied_place_from_an_organizer_name_or_an_embassy_but_never_for_calls() -> None:
    from communique.extract.event_places import implied_place

    ents = {e.id: e for e in [
        Entity("e1", "organization", "Centre for Regional Studies Tashkent", country="UZ"),
        Entity("e2", "location", "Tashkent", country="UZ"),
        Entity("e3", "organization", "Embassy of Kazakhstan in Jordan", country="KZ"),
        Entity("e4", "country", "Jordan", country="JO"),
        Entity("e5", "location", "Amman", country="JO"),
        Entity("e6", "organization", "Embassy of Kazakhstan in Chile", country="KZ"),
        Entity("e7", "country", "Chile", country="CL"),
        Entity("e8", "organization", "Ministry of Foreign Affairs", country="KZ"),
    ]}
    assert implied_place("round_table", ["e3", "e1"], ents) == "e2"  # a city in a host's name first
    assert implied_place("reception", ["e3"], ents) == "e5"  # the one Jordanian city named
    assert implied_place("reception", ["e6"], ents) == "e7"
    assert implied_place("meeting", ["e8"], ents) is None
    assert implied_place("phone_call", ["e1"], ents) is None


def _event_places(nlp, text: str, title: str | None = None) -> list[tuple[str, str | None]]:
    doc = nlp.make_doc(text)
    doc._.published, doc._.title = "2023-03-10", title
    doc = nlp(doc)
    return [(e.type, e.location.name if e.location else None) for e in doc._.events]


@pytest.mark.model
@pytest.mark.parametrize(("text", "wanted"), [
    # a participle clause on the verb: the session was held in Tashkent
    ("Foreign Minister Aibek Dzhumabaev led the delegation at the annual session of the Council of "
     "Heads of Government, held in Tashkent on Thursday.", ("conference", "Tashkent")),
    # the venue stated of the event; the audience that followed it took place there too
    ("Ambassador Erlan Sadykov presented his credentials to the President of Chile Gabriel Boric. "
     "Santiago was the venue of the ceremony, which was followed by an audience with the Chilean "
     "leader.", ("credentials", "Santiago")),
    # what was visited is the object's own place, not one deep inside its phrase
    ("Jonas Berg and Erik Lund visited an exhibition of paintings by Norwegian artists. The exhibition "
     "is located in Frogner Park in Oslo.", ("cultural_event", "Frogner Park")),
])
def test_event_place_from_its_sentence_and_stated_venue(nlp, text: str, wanted: tuple[str, str]) -> None:
    assert wanted in _event_places(nlp, text)


@pytest.mark.model
def test_credentials_presented_to_a_head_of_state_give_no_place(nlp) -> None:
    places = _event_places(nlp, "Ambassador Erlan Sadykov presented his credentials to the President of "
                                "Chile Gabriel Boric.")
    assert ("credentials", None) in places


@pytest.mark.model
def test_talks_on_the_sidelines_take_the_place_of_the_event_before_them(nlp) -> None:
    places = _event_places(nlp, (
        "Foreign Minister Aibek Dzhumabaev took part in the regular session of the Council of Foreign "
        "Ministers, held in Yerevan on Friday.\n\nOn the sidelines, the minister also held talks with "
        "Foreign Minister of Armenia Ararat Mirzoyan."))
    assert places == [("conference", "Yerevan"), ("meeting", "Yerevan")]


@pytest.mark.model
def test_an_arrival_places_the_headline_event_and_the_events_after_it(nlp) -> None:
    places = _event_places(nlp, (
        "President of Russia Vladimir Putin: Mr Popescu, thank you for coming here, to Kazan. We will "
        "discuss trade and energy today."), title="Meeting with President of Moldova Ion Popescu")
    assert places == [("meeting", "Kazan")]
    places = _event_places(nlp, (
        "Prime Minister of Latvia Arturs Berzins arrived in Vilnius on Monday. Later that day, he met "
        "with President of Lithuania Gitanas Nauseda."))
    assert ("meeting", "Vilnius") in places
    # a future arrival places nothing
    places = _event_places(nlp, (
        "Prime Minister of Latvia Arturs Berzins will come to Vilnius next week. On Monday he met with "
        "Minister of Defence of Latvia Janis Ozols."))
    assert ("meeting", None) in places


@pytest.mark.model
def test_place_of_a_trip_and_of_a_broken_with_phrase(nlp) -> None:
    places = _event_places(nlp, "During a working trip to the Lviv region, President Andriy Kovalenko held a "
                                "meeting with local officials.")
    assert ("meeting", "Lviv") in places or ("meeting", "Lviv region") in places
    places = _event_places(nlp, "National Security Advisor Tom Reed met on May 3-4 with Senior Advisor, "
                                "Director of the Office of Foreign Affairs, and Foreign Minister Chen Hua "
                                "in Bangkok to follow up on the summit.")
    assert ("meeting", "Bangkok") in places


# --- held-out lessons: roles from clauses around the event, planned cues, parties of passives ------

def _events(nlp, text: str, published: str = "2024-03-14", title: str | None = None):
    doc = nlp.make_doc(text)
    doc._.published, doc._.title = published, title
    doc = nlp(doc)
    names = {e.id: e.name for e in doc._.entities}
    return doc._.events, names


def _roles(event, names) -> dict[str, str]:
    return {names[p.entity]: p.role for p in event.participants}


@pytest.mark.model
def test_a_numbered_session_is_a_new_event_with_its_speaker_and_the_next_day(nlp) -> None:
    events, names = _events(nlp, (
        "On 12 March, Ambassador of Kazakhstan to Austria Daniyar Ospanov met in Vienna with Director "
        "General of the International Energy Centre Paul Wagner.\n\n"
        "The next day, Daniyar Ospanov took part in the 45th session of the Commission on Energy Statistics, "
        "where he delivered a statement on the country's energy policy."))
    meeting = next(e for e in events if e.type == "meeting")
    assert set(_roles(meeting, names)) == {"Daniyar Ospanov", "Paul Wagner"}
    assert meeting.date == "2024-03-12"
    session = next(e for e in events if e.type == "conference")
    assert _roles(session, names) == {"Daniyar Ospanov": "speaker"}
    assert session.date == "2024-03-13"


@pytest.mark.model
def test_moderator_delegation_heads_and_speakers_named_around_the_event(nlp) -> None:
    events, names = _events(nlp, (
        "Political consultations between the foreign ministries of Kazakhstan and Chile were held in "
        "Astana on 12 March.\n\nThe Kazakh delegation was headed by Deputy Foreign Minister of Kazakhstan "
        "Aslan Kenzhebekov, while the Chilean delegation was led by Foreign Minister of Chile Rodrigo "
        "Fuentes."))
    assert _roles(events[0], names) == {"Aslan Kenzhebekov": "delegation_head",
                                        "Rodrigo Fuentes": "delegation_head"}
    events, names = _events(nlp, (
        'The Embassy of Kazakhstan in Poland held a round table on "Central Asia in a Changing World" in '
        "Warsaw on Tuesday.\n\nThe event was opened by Ambassador Marat Seitov. The discussion was "
        "moderated by Professor Anna Nowak.\n\nThe speakers included experts from leading think tanks. "
        "Among them were Piotr Zielinski and Ewa Kowalczyk."))
    table = events[0]
    assert (table.type, table.name) == ("round_table", "Central Asia in a Changing World")
    assert _roles(table, names) == {"Marat Seitov": "speaker", "Anna Nowak": "moderator",
                                    "Piotr Zielinski": "speaker", "Ewa Kowalczyk": "speaker"}
    assert [e.type for e in events] == ["round_table"]  # "was opened by" opens no new event


@pytest.mark.model
def test_a_passive_reception_is_a_meeting_hosted_by_the_agent(nlp) -> None:
    events, names = _events(nlp, (
        "On 4 March, Deputy Foreign Minister of Chile Rodrigo Fuentes was received by Chairman of the "
        "Senate of Kazakhstan Ardak Zhanuzakov."))
    [meeting] = events
    assert meeting.type == "meeting"
    assert _roles(meeting, names) == {"Ardak Zhanuzakov": "host", "Rodrigo Fuentes": "participant"}


@pytest.mark.model
def test_organized_by_names_the_organizer_and_he_names_the_last_subject(nlp) -> None:
    events, names = _events(nlp, (
        "On 7 November, Ambassador Yerbol Sarin paid a working visit to Porto. There he took part in a "
        "business breakfast organized by the Porto Business Association, where he made a presentation on "
        "investment opportunities."))
    breakfast = next(e for e in events if e.type == "meeting")
    assert [names[o] for o in breakfast.organizers] == ["Porto Business Association"]
    assert _roles(breakfast, names).get("Yerbol Sarin") == "speaker"


@pytest.mark.model
def test_intentions_preparations_and_future_dates_make_events_planned(nlp) -> None:
    events, names = _events(nlp, (
        "Director General Paul Wagner confirmed his intention to visit Astana in the autumn."))
    [visit] = events
    assert (visit.type, visit.status) == ("visit", "planned")
    assert _roles(visit, names) == {"Paul Wagner": "visitor"}
    events, _ = _events(nlp, "They discussed preparations for the NATO Summit in Vilnius.")
    assert [(e.type, e.status) for e in events] == [("summit", "planned")]
    events, _ = _events(nlp, (
        "President Joe Harper thanked President Anna Keller for hosting the Geneva Summit on June 16."),
        published="2021-06-15")
    summit = next(e for e in events if e.type == "summit")
    assert (summit.status, summit.date) == ("planned", "2021-06-16")


@pytest.mark.model
def test_speaking_of_a_visit_makes_no_speaker_of_the_visitor(nlp) -> None:
    events, names = _events(nlp, (
        "Ambassador Talgat Kaliyev presented his credentials to President of Peru Ana Morales.\n\n"
        "President Ana Morales spoke warmly of her 2022 visit to Astana."))
    visit = next(e for e in events if e.type == "visit")
    assert _roles(visit, names) == {"Ana Morales": "visitor"}


@pytest.mark.model
def test_sidelines_share_date_and_place_both_ways(nlp) -> None:
    events, names = _events(nlp, (
        "The Embassy of Kazakhstan in Chile organized the Kazakhstan-Chile Business Forum in Santiago on "
        "Tuesday.\n\nOn the sidelines of the forum, Ambassador Arman Tulegenov held a meeting with Minister "
        "of Economy of Chile Pablo Rojas, during which the sides discussed preparations for the next meeting "
        "of the Intergovernmental Commission, scheduled to take place in Astana in September."),
        published="2024-05-22")
    forum, meeting, planned = events
    assert (meeting.type, meeting.date, meeting.location.name) == ("meeting", "2024-05-21", "Santiago")
    assert (planned.type, planned.status, planned.date, planned.location.name) == (
        "meeting", "planned", None, "Astana")
    events, _ = _events(nlp, (
        "Vice President Laura Grant met today with President Omar Haddad of Jordan in Dubai, the United "
        "Arab Emirates, on the sidelines of the World Climate Conference."), published="2023-12-02")
    meeting = next(e for e in events if e.type == "meeting")
    assert {p.role for p in meeting.participants} == {"participant"} and len(meeting.participants) == 2
    conference = next(e for e in events if e.type == "conference")
    assert conference.location.name == "Dubai"


@pytest.mark.model
def test_signatories_between_two_organizations_and_counterparts_from_countries(nlp) -> None:
    events, names = _events(nlp, (
        "A memorandum of cooperation between Kazakh Invest and the Chilean Trade Agency was signed in "
        "Santiago on Tuesday."), published="2024-05-22")
    [signing] = events
    assert signing.type == "signing"
    assert set(_roles(signing, names).values()) == {"signatory"} and len(signing.participants) == 2
    events, names = _events(nlp, (
        "National Security Advisor Tom Reed met today with his counterparts from Estonia, Latvia and "
        "Lithuania."), published="2023-02-03")
    assert set(_roles(events[0], names)) == {"Tom Reed", "Estonia", "Latvia", "Lithuania"}


@pytest.mark.model
def test_a_transcript_of_the_headline_talks_is_dated_by_its_publication(nlp) -> None:
    events, _ = _events(nlp, (
        "President of Russia Vladimir Putin: Mr Temirov, I am happy to meet with you. Our trade is growing. "
        "President of Kyrgyzstan Ulan Temirov: Thank you for the warm welcome. Our relations are "
        "developing."), published="2022-05-16", title="Talks with President of Kyrgyzstan Ulan Temirov")
    assert (events[0].type, events[0].date) == ("meeting", "2022-05-16")


@pytest.mark.model
def test_parties_agreeing_to_meet_again_and_a_past_summit_spoken_of(nlp) -> None:
    events, names = _events(nlp, (
        "Political consultations between the foreign ministries of Kazakhstan and Chile were held in "
        "Astana on 12 March.\n\nThe Kazakh delegation was headed by Deputy Foreign Minister of Kazakhstan "
        "Aslan Kenzhebekov, while the Chilean delegation was led by Foreign Minister of Chile Rodrigo "
        "Fuentes.\n\nThe sides agreed to hold the next round of consultations in Santiago in 2025."))
    planned = next(e for e in events if e.status == "planned")
    assert set(_roles(planned, names).values()) <= {"participant"}
    events, names = _events(nlp, (
        'The Embassy of Kazakhstan in Poland held a round table on "Central Asia Today" in Warsaw on '
        "Tuesday.\n\nIn his speech, Ambassador Marat Seitov highlighted the outcomes of the Central Asia "
        "- EU Summit, held in Samarkand in April."))
    summit = next(e for e in events if e.type == "summit")
    assert summit.participants == []
    assert _roles(events[0], names) == {"Marat Seitov": "speaker"}


@pytest.mark.model
def test_guests_brought_together_a_welcoming_host_and_a_call_keeping_its_own_parties(nlp) -> None:
    events, names = _events(nlp, (
        "The Consulate General of Kazakhstan in Milan organized a celebration of Nauryz on 19 March.\n\n"
        "The festive event brought together more than 200 guests, including State Secretary of the "
        "Lombardy Ministry of Economy Luca Bianchi, Deputy Mayor of Milan Sara Conti and members of the "
        "consular corps.\n\nConsul General of Kazakhstan in Milan Dana Sultanova welcomed the guests.\n\n"
        "On the same day, Dana Sultanova held a telephone conversation with President of Lombardy Marco "
        "Ferri, during which they discussed trade."), published="2025-03-21")
    celebration = next(e for e in events if e.type == "cultural_event")
    assert _roles(celebration, names) == {"Luca Bianchi": "participant", "Sara Conti": "participant",
                                          "Dana Sultanova": "host"}
    call = next(e for e in events if e.type == "phone_call")
    assert _roles(call, names) == {"Dana Sultanova": "participant", "Marco Ferri": "participant"}


@pytest.mark.model
def test_an_interview_with_a_newspaper_is_a_press_event_the_outlet_holds(nlp) -> None:
    events, names = _events(nlp, (
        "Kazakhstan is open to investors. This was stated by Ambassador of Kazakhstan to Qatar Arman "
        "Seitkali in an interview with the Doha Herald newspaper."), published="2024-02-10")
    press = next(e for e in events if e.type == "press_event")
    assert [names[o] for o in press.organizers] == ["Doha Herald"]
    assert _roles(press, names) == {"Arman Seitkali": "participant"}


@pytest.mark.model
def test_several_documents_signed_at_one_ceremony_are_one_signing(nlp) -> None:
    events, names = _events(nlp, (
        "Following the talks of President of Latvia Karlis Ozols with President of the Italian Republic "
        "Marco Bellini, a number of bilateral documents were signed.\n\nIn the presence of the heads of "
        "state, Minister of Energy of Latvia Janis Berzins and Chairman of Enel Luca Ferraro signed a "
        "Memorandum of Understanding. In addition, Minister of Transport of Latvia Ilze Kalnina and "
        "Ambassador of Italy to Latvia Paolo Conte signed the Agreement on Road Transport."),
        published="2022-02-08")
    [signing] = [e for e in events if e.type == "signing"]
    roles = _roles(signing, names)
    assert {n for n, r in roles.items() if r == "signatory"} == {
        "Janis Berzins", "Luca Ferraro", "Ilze Kalnina", "Paolo Conte"}
    assert roles.get("Karlis Ozols") == roles.get("Marco Bellini") == "participant"


@pytest.mark.model
def test_a_conversation_headline_transcript_thanks_for_organising_and_my_visit(nlp) -> None:
    events, names = _events(nlp, (
        "President of Russia Vladimir Putin: Mr Prime Minister, I am glad to see you. Trade is growing. "
        "Prime Minister of Georgia Levan Beridze: Thank you. Mr President, allow me to thank you for "
        "organising the anniversary CIS Summit. It has been a month since my first official visit to the "
        "Russian Federation. Vladimir Putin: Thank you."),
        published="2022-05-16", title="Conversation with Prime Minister of Georgia Levan Beridze")
    meeting = next(e for e in events if e.type == "meeting")
    assert _roles(meeting, names) == {"Vladimir Putin": "participant", "Levan Beridze": "participant"}
    summit = next(e for e in events if e.type == "summit")
    assert [names[o] for o in summit.organizers] == ["Vladimir Putin"]
    assert _roles(summit, names) == {"Levan Beridze": "participant"}
    visit = next(e for e in events if e.type == "visit")
    assert _roles(visit, names) == {"Levan Beridze": "visitor"}


@pytest.mark.model
def test_a_meeting_of_the_european_council_is_a_summit_it_convenes_also_in_a_long_quote(nlp) -> None:
    events, names = _events(nlp, (
        "Deputy Foreign Minister of Moldova Ion Rusu held talks with Minister of Foreign Affairs of Austria "
        "Karl Huber. The interlocutors discussed the forthcoming special meeting of the European Council "
        "on May 30-31. \"We count on the unity of the European Union around the decision to grant Moldova "
        "candidate status at the next meeting of the European Council on June 23-24, 2022,\" said Ion "
        "Rusu."), published="2022-05-25")
    summits = [e for e in events if e.type == "summit"]
    assert [(s.status, s.date) for s in summits] == [("planned", "2022-05-30"), ("planned", "2022-06-23")]
    assert all([names[o] for o in s.organizers] == ["European Council"] for s in summits)


@pytest.mark.model
def test_a_named_hybrid_event_its_co_organizers_and_a_summit_named_after_its_word(nlp) -> None:
    events, names = _events(nlp, (
        "Today, Deputy Secretary Mark Olsen delivered closing remarks at the High-Level Multi-stakeholder "
        "Hybrid Event on the Charter for Open Science. The event was organized by the European Commission "
        "in coordination with the European External Action Service and the Council of the European Union. "
        "Mr. Olsen noted that the Charter will be discussed at the next Summit for Democracy."),
        published="2022-11-02")
    event = next(e for e in events if e.type == "conference")
    assert event.name == "High-Level Multi-stakeholder Hybrid Event on the Charter for Open Science"
    assert {names[o] for o in event.organizers} == {
        "European Commission", "European External Action Service", "Council of the European Union"}
    assert _roles(event, names) == {"Mark Olsen": "speaker"}
    summit = next(e for e in events if e.type == "summit")
    assert (summit.name, summit.status) == ("Summit for Democracy", "planned")


@pytest.mark.model
def test_a_welcoming_host_a_delegation_led_by_its_head_and_the_preparation_of_a_forum(nlp) -> None:
    events, names = _events(nlp, (
        "President Joseph R. Biden, Jr. welcomed Prime Minister Luis Ortega of Portugal to the White House "
        "today to reaffirm the close partnership between the United States and Portugal."),
        published="2023-05-12",
        title="Readout of the President's Meeting with Prime Minister Luis Ortega of Portugal")
    meeting = next(e for e in events if e.type == "meeting")
    assert _roles(meeting, names) == {"Joseph R. Biden, Jr.": "host", "Luis Ortega": "participant"}
    events, names = _events(nlp, (
        "Deputy Minister of Foreign Affairs of Kazakhstan Yerzhan Ashikbayev received a delegation of the "
        "Confederation of Turkish Industry (TUSIAD) led by its Vice President Kemal Arslan, press service of "
        "the Kazakh MFA reports.\n\nThe parties also discussed the preparation of the X Forum of Business "
        "Cooperation of Kazakhstan and Turkey."), published="2024-06-05")
    meeting = next(e for e in events if e.type == "meeting")
    assert _roles(meeting, names) == {"Yerzhan Ashikbayev": "host", "Kemal Arslan": "delegation_head"}
    forum = next(e for e in events if e.type == "conference")
    assert (forum.status, forum.participants) == ("planned", [])


@pytest.mark.model
def test_the_delegations_visit_is_its_heads_and_the_visit_of_a_president_makes_him_visitor(nlp) -> None:
    events, names = _events(nlp, (
        "Head of the Office of the President of Ukraine Andriy Yermak met with the parliamentary delegation "
        "of the Republic of Chile headed by Senator Pablo Munoz.\n\nAt the beginning of the event, Andriy "
        "Yermak stressed the importance of the Chilean delegation's visit to Ukraine. The delegation also "
        "visited Bucha."), published="2022-06-07")
    meeting = next(e for e in events if e.type == "meeting")
    assert _roles(meeting, names) == {"Andriy Yermak": "participant", "Pablo Munoz": "delegation_head"}
    visits = [e for e in events if e.type == "visit"]
    assert visits and all(_roles(v, names) == {"Pablo Munoz": "visitor"} for v in visits)
    events, names = _events(nlp, (
        "Ambassador Nurlan Bekov met with Minister of Foreign Affairs of Peru Ana Torres. The parties "
        "discussed the implementation of the agreements reached during the official visit of President "
        "Kassym-Jomart Tokayev to Peru in October 2023."), published="2024-03-12")
    visit = next(e for e in events if e.type == "visit")
    assert _roles(visit, names) == {"Kassym-Jomart Tokayev": "visitor"}


@pytest.mark.model
def test_a_local_leader_touring_with_a_guest_hosts_and_visiting_a_memorial_is_taking_part(nlp) -> None:
    events, names = _events(nlp, (
        "Prime Minister of the United Kingdom Boris Johnson arrived in Kyiv on a visit.\n\nPresident of "
        "Ukraine Volodymyr Zelenskyy and Boris Johnson visited Kyiv together.\n\nThe leaders laid flowers "
        "at the Wall of Remembrance."), published="2022-06-17")
    visit = next(e for e in events if e.type == "visit")
    roles = _roles(visit, names)
    assert roles.get("Boris Johnson") == "visitor" and roles.get("Volodymyr Zelenskyy", "host") == "host"
    for event in (e for e in events if e.type == "cultural_event"):
        assert "visitor" not in _roles(event, names).values()


@pytest.mark.model
def test_bilateral_meetings_with_two_people_are_two_meetings_and_a_memorial_visit_no_visit(nlp) -> None:
    events, names = _events(nlp, (
        "Minister of Foreign Affairs of Kazakhstan Murat Nurtleu took part in the 79th session of the UN "
        "General Assembly in New York.\n\nOn the sidelines of the session, Murat Nurtleu held bilateral "
        "meetings with Foreign Minister of Chile Alberto van Klaveren and Foreign Minister of Nepal Arzu "
        "Rana Deuba.\n\nIn the conversation with Alberto van Klaveren, the Kazakh minister informed about "
        "the preparations for the forum.\n\nMurat Nurtleu also visited the 9/11 Memorial and Museum, where "
        "he laid flowers in memory of the victims."), published="2024-09-27")
    meetings = [_roles(e, names) for e in events if e.type == "meeting"]
    assert {"Murat Nurtleu": "participant", "Alberto van Klaveren": "participant"} in meetings
    assert {"Murat Nurtleu": "participant", "Arzu Rana Deuba": "participant"} in meetings
    assert not any(e.type == "visit" for e in events)
    assert any(e.type == "cultural_event" for e in events)


@pytest.mark.model
def test_a_video_conference_only_suggested_is_no_event_unless_dated(nlp) -> None:
    events, _ = _events(nlp, (
        "Head of the Office of the President of Ukraine Andriy Yermak met with Senator Pablo Munoz. Andriy "
        "Yermak suggested discussing these joint projects during a video conference with members of the "
        "government."), published="2022-06-07")
    assert [e.type for e in events] == ["meeting"]
    events, _ = _events(nlp, (
        "Head of the Office of the President of Ukraine Andriy Yermak met with Senator Pablo Munoz. Andriy "
        "Yermak suggested holding a video conference with members of the government on June 20."),
        published="2022-06-07")
    assert [e.type for e in events] == ["meeting", "phone_call"]


@pytest.mark.model
def test_thanking_someone_for_hosting_a_summit_makes_him_its_host(nlp) -> None:
    events, names = _events(nlp, (
        "President Joe Harper thanked President Anna Keller for hosting the Geneva Summit on June 16."),
        published="2021-06-15")
    summit = next(e for e in events if e.type == "summit")
    assert _roles(summit, names) == {"Anna Keller": "host"}


@pytest.mark.model
def test_the_person_named_after_with_is_the_party_whatever_his_title_resolves_to(nlp) -> None:
    events, names = _events(nlp, (
        "Minister of Foreign Affairs of Mongolia Batmunkh Battsetseg held a telephone conversation with "
        "Minister for Foreign Affairs of Finland Elina Valtonen.\n\nThe ministers discussed cooperation in "
        "education and mining."), published="2024-03-12")
    call = next(e for e in events if e.type == "phone_call")
    assert _roles(call, names) == {"Batmunkh Battsetseg": "participant", "Elina Valtonen": "participant"}


@pytest.mark.model
def test_a_conversation_of_others_before_the_headline_meeting_lends_it_no_parties(nlp) -> None:
    events, names = _events(nlp, (
        "Following President Harper's fruitful conversation with Prime Minister Dan Levi on April 24, "
        "National Security Advisor Tom Reed met today with his counterpart, National Security Advisor "
        "Avi Cohen, to discuss security issues."), published="2022-04-25",
        title="Readout of National Security Advisor Tom Reed's Meeting with Avi Cohen")
    meeting = events[0]
    assert meeting.type == "meeting" and "Dan Levi" not in _roles(meeting, names)


@pytest.mark.model
def test_a_committee_listed_before_a_person_stays_and_a_possessive_summit_name_is_no_name(nlp) -> None:
    events, names = _events(nlp, (
        "Today, President Joe Harper met in the Oval Office with a group of Senators from the Environment "
        "and Public Works Committee, and Transportation Secretary Pete Buttigieg joined virtually."),
        published="2021-02-11")
    meeting = next(e for e in events if e.type == "meeting")
    assert any("Works Committee" in n for n in _roles(meeting, names))
    events, _ = _events(nlp, (
        "President Joe Harper welcomed Norway's role in the Summit for Democracy's Year of Action."),
        published="2022-05-24")
    assert all(e.name != "Summit for Democracy" for e in events)


@pytest.mark.model
def test_a_speaker_named_after_his_ministry_title_speaks_at_the_round_table(nlp) -> None:
    events, names = _events(nlp, (
        'The Embassy of Kazakhstan in Thailand held a round table on "Kazakhstan and ASEAN" in Bangkok.\n\n'
        "Director of the Europe Department of the Ministry of Foreign Affairs of Thailand Somchai Wongsa "
        "noted that the two countries will celebrate the 30th anniversary of diplomatic relations."),
        published="2024-10-03")
    table = next(e for e in events if e.type == "round_table")
    assert _roles(table, names).get("Somchai Wongsa") == "speaker"


@pytest.mark.model
def test_the_visit_of_an_official_named_by_title_only_is_his_countrys(nlp) -> None:
    events, names = _events(nlp, (
        "Ambassador of Kazakhstan to Brazil Yerlan Baimukhanov presented his credentials to President Ana "
        "Lima.\n\nDuring the meeting, the parties discussed the visit of the Brazilian Minister of Foreign "
        "Affairs to Kazakhstan planned for next year."), published="2024-11-08")
    visit = next(e for e in events if e.type == "visit")
    assert _roles(visit, names) == {"Brazil": "visitor"}


@pytest.mark.model
def test_a_summit_in_a_relative_clause_with_will_is_planned(nlp) -> None:
    events, _ = _events(nlp, (
        "Foreign Minister Aliya Dossova met with Minister Pavel Novak in Prague.\n\n"
        "Aliya Dossova stressed the importance of the Danube Regions Summit, which will be held in "
        "Vienna next spring."), published="2024-03-05")
    summit = next(e for e in events if e.type == "summit")
    assert summit.status == "planned"


@pytest.mark.model
def test_a_second_event_of_a_next_day_sentence_shares_the_first_ones_day(nlp) -> None:
    events, names = _events(nlp, (
        "On Monday, Deputy Minister Arman Tulegenov held talks with State Secretary Maria Lindgren in "
        "Astana.\n\nThe next day, Maria Lindgren visited the National Museum, where she met with its "
        "director Dauren Sabitov."), published="2024-03-06")
    meeting = next(e for e in events if "Dauren Sabitov" in _roles(e, names))
    assert meeting.date == "2024-03-05"
    assert meeting.status == "held"


@pytest.mark.model
def test_the_co_chairs_of_consultations_are_its_sides_not_moderators(nlp) -> None:
    events, names = _events(nlp, (
        "Political consultations between the foreign ministries of Kazakhstan and Chile took place in "
        "Santiago.\n\nThe consultations were co-chaired by Deputy Foreign Minister Daulet Amirov and "
        "Undersecretary Laura Medina."), published="2024-05-14")
    consultations = next(e for e in events if e.type == "consultations")
    roles = _roles(consultations, names)
    assert roles["Daulet Amirov"] == roles["Laura Medina"] == "participant"
    assert "moderator" not in roles.values()


@pytest.mark.model
def test_the_head_of_a_delegation_of_a_named_body_heads_it(nlp) -> None:
    events, names = _events(nlp, (
        "Deputy Foreign Minister of Kazakhstan Serik Omarov received a delegation of the Storting of the "
        "Kingdom of Norway headed by Chairwoman of the Friendship Group Anna Kowalczyk."),
        published="2024-06-11")
    meeting = next(e for e in events if e.type == "meeting")
    assert _roles(meeting, names).get("Anna Kowalczyk") == "delegation_head"


@pytest.mark.model
def test_talks_known_only_from_a_following_phrase_were_held_by_the_signers(nlp) -> None:
    events, names = _events(nlp, (
        "Following the talks held in Baku yesterday, Minister of Foreign Affairs of Kazakhstan Timur "
        "Serikov and Minister of Foreign Affairs of Georgia Nino Beridze signed a Memorandum on "
        "Cooperation."), published="2024-09-18")
    talks = next(e for e in events if e.type == "meeting")
    assert set(_roles(talks, names)) >= {"Timur Serikov", "Nino Beridze"}


def test_a_briefing_is_a_press_event() -> None:
    found = _triggers("The spokesperson held a briefing for foreign journalists.")
    assert found == [("briefing", "press_event")]
    assert _triggers("She gave a press briefing.") == [("press briefing", "press_event")]


@pytest.mark.model
def test_the_parties_who_speak_of_a_named_visitors_visit_do_not_join_it(nlp) -> None:
    events, names = _events(nlp, (
        "Ambassador of Kazakhstan to Norway Askar Zhumabekov met with State Secretary Erik Hansen.\n\n"
        "The parties also touched upon the preparations for the visit of the Norwegian Minister of Trade "
        "Ingrid Solberg to Astana in April."), published="2024-02-20")
    visit = next(e for e in events if e.type == "visit")
    assert _roles(visit, names) == {"Ingrid Solberg": "visitor"}


@pytest.mark.model
def test_the_ambassador_who_opened_the_exhibition_hosts_it(nlp) -> None:
    events, names = _events(nlp, (
        "An exhibition of Kazakh carpets opened at the National Museum in Vienna.\n\n"
        "Ambassador of Kazakhstan to Austria Marat Kuanyshev opened the exhibition."), published="2024-05-02")
    exhibition = next(e for e in events if e.type == "cultural_event")
    assert _roles(exhibition, names).get("Marat Kuanyshev") == "host"


@pytest.mark.model
def test_an_exhibition_that_will_run_until_a_day_is_neither_planned_nor_dated_by_it(nlp) -> None:
    events, _ = _events(nlp, (
        "Ambassador of Kazakhstan to Austria Marat Kuanyshev opened an exhibition of Kazakh carpets in "
        "Vienna.\n\nThe exhibition will run until November 15."), published="2024-10-02")
    exhibitions = [e for e in events if e.type == "cultural_event"]
    assert [(e.status, e.date) for e in exhibitions] == [("held", None)]


def test_humanitarian_aid_is_an_aid_event() -> None:
    assert _triggers("The ministry delivered humanitarian aid and humanitarian assistance.") == [
        ("humanitarian aid", "aid"), ("humanitarian assistance", "aid")]


@pytest.mark.model
def test_the_sender_of_humanitarian_aid_organizes_it(nlp) -> None:
    events, names = _events(nlp, (
        "The Ministry of Emergency Situations of Kazakhstan will send humanitarian aid, including tents "
        "and blankets, to the flooded districts."), published="2024-07-09")
    aid = next(e for e in events if e.type == "aid")
    assert aid.status == "planned"
    assert [names[o] for o in aid.organizers] == ["Ministry of Emergency Situations of Kazakhstan"]


@pytest.mark.model
def test_a_national_delegation_told_again_is_led_by_its_head(nlp) -> None:
    events, names = _events(nlp, (
        "Deputy Foreign Minister of Kazakhstan Serik Omarov received a delegation of the Storting of the "
        "Kingdom of Norway headed by Chairwoman of the Friendship Group Anna Kowalczyk.\n\n"
        "On the same day, the Norwegian delegation held talks with Speaker of the Senate Maulen Ashimbayev."),
        published="2024-06-11")
    talks = next(e for e in events if "Maulen Ashimbayev" in _roles(e, names))
    assert _roles(talks, names).get("Anna Kowalczyk") == "delegation_head"


@pytest.mark.model
def test_the_event_an_upcoming_visit_is_for_is_planned_too(nlp) -> None:
    events, _ = _events(nlp, (
        "The spokesperson Daniyar Temirov informed the journalists about the upcoming visit of President "
        "Aigul Nurlanova to Davos for the World Economic Summit."), published="2025-01-08")
    summit = next(e for e in events if e.type == "summit")
    assert summit.status == "planned"


@pytest.mark.model
def test_a_meeting_told_as_today_is_held_even_in_the_future_tense(nlp) -> None:
    events, _ = _events(nlp, (
        "President Anna Kovacs: Colleagues, good afternoon. We will continue this discussion at the "
        "Security Council meeting today."), published="2024-03-14")
    meeting = next(e for e in events if e.type == "meeting")
    assert (meeting.status, meeting.date) == ("held", "2024-03-14")


@pytest.mark.model
def test_a_transcript_headline_meeting_is_the_named_official_not_his_country(nlp) -> None:
    events, names = _events(nlp, (
        "The participants discussed Austria's relations with the European Union.\n\n"
        "Federal Chancellor of Austria Markus Lindner: Mr President, I am happy to see you here in "
        "Vienna.\n\nPresident of Senegal Ousmane Diallo: Thank you very much, Mr Chancellor."),
        published="2024-03-14", title="Meeting with President of Senegal Ousmane Diallo")
    meeting = next(e for e in events if e.type == "meeting")
    parties = set(_roles(meeting, names))
    assert "Markus Lindner" in parties and "Austria" not in parties


@pytest.mark.model
def test_this_videoconference_in_a_transcript_is_the_headline_event(nlp) -> None:
    events, _ = _events(nlp, (
        "President of Austria Markus Lindner: Good afternoon, friends. I am glad to greet Johann Berger, "
        "the coach of the national team, who is taking part in this videoconference today.\n\n"
        "Johann Berger: Thank you, Mr President."),
        published="2024-03-14", title="Meeting with coach of the national team Johann Berger")
    assert [e.type for e in events] == ["meeting"]


@pytest.mark.model
def test_the_roundtable_participants_open_no_round_table(nlp) -> None:
    events, _ = _events(nlp, (
        "National Security Advisor Jake Sullivan hosted a meeting with ministers of the Americas "
        "Partnership in Washington.\n\nForeign Minister Omar Paganini of Uruguay described the activities "
        "of the Network and encouraged the roundtable participants to expand it."), published="2024-03-14")
    assert [e.type for e in events] == ["meeting"]


@pytest.mark.model
def test_an_organization_cut_short_is_not_a_second_participant(nlp) -> None:
    events, names = _events(nlp, (
        "President of Austria Markus Lindner met with representatives of the Austrian Council of "
        "Churches and Religious Organizations. Representatives of the Council of Churches thanked the "
        "head of state."), published="2024-03-14",
        title="Head of state meets with representatives of Austrian Council of Churches")
    meeting = next(e for e in events if e.type == "meeting")
    orgs = [n for n in _roles(meeting, names) if "Council" in n]
    assert orgs == ["Austrian Council of Churches and Religious Organizations"]


@pytest.mark.model
def test_a_held_meeting_in_the_body_is_not_the_headlines_next_meeting(nlp) -> None:
    events, _ = _events(nlp, (
        "A meeting of political advisers attended by Head of the Office of the President of Austria "
        "Markus Lindner ended in Vienna. As a result of the event, the parties agreed on the next "
        "meeting in two weeks in Prague."), published="2024-03-14",
        title="In Vienna, political advisers agreed on a joint communique and the next meeting in Prague")
    meetings = {(e.status, e.location.name if e.location else None) for e in events if e.type == "meeting"}
    assert ("held", "Vienna") in meetings


@pytest.mark.model
def test_a_sports_festival_is_no_cultural_event(nlp) -> None:
    events, _ = _events(nlp, (
        "President of Austria Markus Lindner: The games ended yesterday, and we have begun the countdown "
        "to the next landmark sports festival, the Winter Games in Innsbruck."), published="2024-03-14")
    assert [e for e in events if e.type == "cultural_event"] == []


@pytest.mark.model
def test_here_in_a_country_said_of_others_places_no_event(nlp) -> None:
    events, _ = _events(nlp, (
        "Here in Austria, everybody loves the team, President of Austria Markus Lindner told coach "
        "Johann Berger during their meeting."), published="2024-03-14")
    meeting = next(e for e in events if e.type == "meeting")
    assert meeting.location is None


@pytest.mark.model
def test_also_with_us_is_a_participant_of_the_event_in_focus(nlp) -> None:
    events, names = _events(nlp, (
        "President of Austria Markus Lindner: Good afternoon, friends. I am glad to greet Johann Berger, "
        "the coach of the national team, who is taking part in this meeting. Also with us is Presidential "
        "Aide Karl Huber.\n\nJohann Berger: Thank you, Mr President."),
        published="2024-03-14", title="Meeting with coach of the national team Johann Berger")
    meeting = next(e for e in events if e.type == "meeting")
    assert "Karl Huber" in _roles(meeting, names)


@pytest.mark.model
def test_a_country_in_the_name_of_a_summit_held_is_no_party(nlp) -> None:
    events, names = _events(nlp, (
        "I am glad to note that the Austria-Africa summit was held here in Vienna in 2019."),
        published="2024-03-14")
    summit = next(e for e in events if e.type == "summit")
    assert "Austria" not in _roles(summit, names)
