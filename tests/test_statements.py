"""Statements: transcript turns, formulas, quotes (model-free) and reported speech on the parse (model)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from communique.extract import context
from communique.extract.quotes import quoted_ranges
from communique.extract.reporting import lexicon
from communique.extract.statements import is_formula
from communique.extract.transcripts import find_turns
from communique.records import Entity

SEED_TEXT = (
    "In his speech, Ambassador Yerzhan Kistafin spoke about the activities being implemented by Kazakhstan "
    "within the SCO, drawing parallels with the bilateral agenda. He emphasized the importance of ensuring "
    "regional security by strengthening bilateral ties.\n\n"
    "ISSI Director General Sohail Mahmood, noted that Pakistan has considered the SCO an integral part of "
    "the process of maintaining international peace.\n\n"
    "SCO National Coordinator, Marghoob Saleem Butt, spoke about Pakistan's role in the organization. He "
    "highlighted the process of expanding the structure, noting the growing influence of the SCO on the "
    "world stage."
)


def _doc(text: str, people: dict[str, str]) -> Doc:
    """A model-free Doc with person entities set by hand: surface string -> entity id."""
    context.register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    token_entity: list[str | None] = [None] * len(doc)
    entities = {}
    for surface, ent_id in people.items():
        start = 0
        while (at := text.find(surface, start)) >= 0:
            span = doc.char_span(at, at + len(surface), alignment_mode="expand")
            for tok in span:
                token_entity[tok.i] = ent_id
            entities.setdefault(ent_id, Entity(id=ent_id, kind="person", name=surface))
            start = at + len(surface)
    doc._.entities = list(entities.values())
    doc._.token_entity = token_entity
    return doc


def test_lexicon_covers_the_issue_verbs() -> None:
    lex = lexicon()
    for verb in ("say", "note", "emphasize", "stress", "highlight", "underline", "reaffirm", "urge"):
        assert lex.verbs[verb] == verb
    assert lex.phrasal["speak about"] == "speak about"
    assert lex.phrasal["call for"] == "call for"
    assert lex.noun_phrasal["draw attention"]["verb"] == "draw attention"


@pytest.mark.parametrize("text", [
    "Good afternoon.", "Mr Tokayev, Once again, good afternoon.", "Welcome.", "Thank you.",
    "I am delighted to see you.", "It is a pleasure to see you.", "Take care of yourselves!",
    "To be continued.",
    "<…>", "Colleagues,", "Go ahead, please.",
])
def test_bare_formulas_are_left_out(text: str) -> None:
    assert is_formula(text)


@pytest.mark.parametrize("text", [
    "Thank you for coming to the St Petersburg International Economic Forum.",
    "Our trade is growing.", "I think there will be a very good response to it throughout the world.",
])
def test_formulas_keep_content(text: str) -> None:
    assert not is_formula(text)


def test_inline_transcript_turns() -> None:
    text = ("President of Russia Vladimir Putin: Mr Lukashenko, good afternoon. Our trade is growing. "
            "President of Belarus Alexander Lukashenko: Thank you. We are working on joint projects.")
    doc = _doc(text, {"Vladimir Putin": "e1", "Alexander Lukashenko": "e2"})
    turns = find_turns(doc)
    assert [t.speaker for t in turns] == ["e1", "e2"]
    assert doc[turns[0].start : turns[0].end].text.strip().endswith("Our trade is growing.")
    assert doc[turns[1].start : turns[1].end].text.strip() == "Thank you. We are working on joint projects."


def test_colon_after_prose_is_not_a_turn() -> None:
    text = "The agenda of Vladimir Putin included the following: trade and energy."
    doc = _doc(text, {"Vladimir Putin": "e1"})
    assert find_turns(doc) == []


def test_quoted_ranges_straight_and_curly() -> None:
    doc = _doc('He said: "We agree." Then “Take care,” she added.', {})
    assert [doc.text[a:b] for a, b in quoted_ranges(doc)] == ["We agree.", "Take care,"]


# --- on the real pipeline ------------------------------------------------------------------------


def _by_speaker_name(doc: Doc) -> list[tuple[str, str, str]]:
    names = {e.id: e.name for e in doc._.entities}
    return [(names[s.speaker], s.verb, s.content) for s in doc._.statements]


@pytest.mark.model
def test_seed_statements(nlp) -> None:
    got = _by_speaker_name(nlp(SEED_TEXT))
    verbs = [(name.split()[-1], verb) for name, verb, _ in got]
    assert verbs == [("Kistafin", "speak about"), ("Kistafin", "emphasize"), ("Mahmood", "note"),
                     ("Butt", "speak about"), ("Butt", "highlight")]
    assert got[0][2].startswith("the activities being implemented by Kazakhstan")
    assert "drawing parallels" in got[0][2]  # a participial continuation stays in its statement
    assert got[2][2].startswith("Pakistan has considered")
    assert got[4][2].endswith("on the world stage")


@pytest.mark.model
def test_coordinated_verbs_are_one_statement_each(nlp) -> None:
    doc = nlp("President Joe Biden reaffirmed the U.S. commitment to the alliance and emphasized the need "
              "for deterrence.")
    got = [(s.verb, s.content) for s in doc._.statements]
    assert got == [("reaffirm", "the U.S. commitment to the alliance"),
                   ("emphasize", "the need for deterrence")]


@pytest.mark.model
def test_plural_and_title_only_speakers_are_not_statements(nlp) -> None:
    doc = nlp("The President of Russia warmly congratulated Daniel Ortega on his re-election. He reaffirmed "
              "Russia's support. The parties noted the effective cooperation. Both leaders reaffirmed the "
              "importance of close cooperation. Daniel Ortega expressed sincere gratitude for Russia's "
              "solidarity.")
    got = _by_speaker_name(doc)
    assert [(v, c) for _, v, c in got] == [("express", "sincere gratitude for Russia's solidarity")]


@pytest.mark.model
def test_quotation_over_two_sentences(nlp) -> None:
    doc = nlp('The leaders met the military. "I want to thank you for your service. Take care of '
              'yourselves!" said Volodymyr Zelenskyy.')
    got = [(s.content, s.direct) for s in doc._.statements]
    assert got == [("I want to thank you for your service", True)]  # the attributing verb, whole sentence


@pytest.mark.model
def test_according_to(nlp) -> None:
    doc = nlp("According to Ihor Zhovkva, the talks were constructive.")
    got = [(s.verb, s.content) for s in doc._.statements]
    assert got == [("according to", "the talks were constructive")]


def _titled(nlp, title: str, text: str, source: str | None = None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.title = title
    doc._.source_name = source
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


@pytest.mark.model
def test_we_of_an_organizations_own_statement_is_that_organization(nlp) -> None:
    text = ("We strongly condemn the attack on the border post. We call on all parties to exercise "
            "restraint. We are appealing to our partners. Do not escalate the situation.")
    doc = _titled(nlp, "Statement of the Ministry of Foreign Affairs of the Republic of Ruritania", text)
    names = {e.id: e.name for e in doc._.entities}
    got = [(names[s.speaker], s.verb, s.content) for s in doc._.statements]
    ministry = "Ministry of Foreign Affairs of the Republic of Ruritania"
    assert got and all(name == ministry for name, _, _ in got)
    assert ("condemn", "the attack on the border post") in [(v, c) for _, v, c in got]
    assert any(v == "call on" and c.startswith("all parties to exercise") for _, v, c in got)


@pytest.mark.model
def test_we_without_an_issuing_organization_is_no_speaker(nlp) -> None:
    text = "We strongly condemn the attack on the border post."
    for title in ("Joint Statement of Ruritania and Freedonia",
                  "Meeting with the Prime Minister of Ruritania"):
        assert _titled(nlp, title, text)._.statements == []


@pytest.mark.model
def test_appeal_continues_into_imperatives(nlp) -> None:
    text = ("We are calling upon our neighbours. Do not make hasty statements. If you support peace, show "
            "responsibility! The situation remains calm.")
    doc = _titled(nlp, "Statement by the Ministry of Foreign Affairs of Ruritania", text)
    got = [(s.verb, s.content) for s in doc._.statements]
    assert got == [("call upon", "Do not make hasty statements"),
                   ("call upon", "If you support peace, show responsibility!")]


@pytest.mark.model
def test_negated_head_negates_the_speech_verb_and_pronoun_content_is_dropped(nlp) -> None:
    text = ("We do not mean to say that you should ignore the reports. We notified you about it. "
            "We suggested looking into the reasons for the unrest.")
    doc = _titled(nlp, "Statement of the Ministry of Foreign Affairs of the Republic of Ruritania", text)
    got = [(s.verb, s.content) for s in doc._.statements]
    assert got == [("suggest", "looking into the reasons for the unrest")]


@pytest.mark.model
def test_participle_on_a_noun_takes_the_clause_subject(nlp) -> None:
    text = ("Before the vote, we approached our partners for assistance informing them about facts of "
            "interference.")
    doc = _titled(nlp, "Statement of the Ministry of Foreign Affairs of the Republic of Ruritania", text)
    assert [(s.verb, s.content) for s in doc._.statements] == [("inform", "facts of interference")]


def test_turn_marker_with_a_parenthetical_note() -> None:
    text = ("President of Russia Vladimir Putin: Our trade is growing. "
            "Federal Chancellor Hans Berger (retranslated): We are ready to talk.")
    doc = _doc(text, {"Vladimir Putin": "e1", "Hans Berger": "e2"})
    assert [t.speaker for t in find_turns(doc)] == ["e1", "e2"]


@pytest.mark.model
def test_that_clause_after_an_object_verb_is_the_content(nlp) -> None:
    doc = nlp("Minister Murat Temirov underlined that Ruritania is one of the key partners of Kazakhstan. "
              "President Joe Biden welcomed Spain joining the steering committee.")
    got = [(s.verb, s.content) for s in doc._.statements]
    assert got[0] == ("underline", "Ruritania is one of the key partners of Kazakhstan")
    assert got[1] == ("welcome", "Spain joining the steering committee")


@pytest.mark.model
def test_according_to_a_pronoun(nlp) -> None:
    doc = nlp('"We are ready for talks," said Ihor Zhovkva. According to him, the issue is extremely '
              'important.')
    got = [(s.verb, s.content) for s in doc._.statements]
    assert ("according to", "the issue is extremely important") in got


@pytest.mark.model
def test_raise_and_share_report_speech_only_with_a_speech_object(nlp) -> None:
    doc = nlp("Jake Sullivan raised the importance of stability in the region. Jake Sullivan shared his "
              "conviction that peace is possible. Jake Sullivan shared a meal with the delegation.")
    assert [s.verb for s in doc._.statements] == ["raise", "share"]


@pytest.mark.model
def test_passive_this_was_stated_by_takes_the_sentence_before(nlp) -> None:
    doc = nlp("Uzbekistan is open to joint projects in green energy. This was stated by Minister of Energy "
              "of Uzbekistan Jurabek Mirzamakhmudov at a business forum in Tashkent.")
    got = _by_speaker_name(doc)
    content = "Uzbekistan is open to joint projects in green energy"
    assert got == [("Jurabek Mirzamakhmudov", "state", content)]


@pytest.mark.model
def test_reporting_verb_citing_a_source_keeps_its_own_speaker(nlp) -> None:
    doc = nlp("Deputy Minister Anna Kowalska reminded that, according to the World Bank, the economy grew "
              "by 4% last year.")
    got = _by_speaker_name(doc)
    assert [(n, v) for n, v, _ in got] == [("Anna Kowalska", "remind")]
    assert got[0][2].endswith("the economy grew by 4% last year")


@pytest.mark.model
def test_invitation_is_a_statement_only_with_what_to_do(nlp) -> None:
    doc = nlp("Ambassador Daulet Kenzhebek invited Polish companies to take part in the Astana Forum. "
              "Ambassador Daulet Kenzhebek also invited the journalists.")
    got = _by_speaker_name(doc)
    assert [(v, c) for _, v, c in got] == [("invite", "Polish companies to take part in the Astana Forum")]


@pytest.mark.model
def test_head_of_the_foreign_ministry_is_the_foreign_minister(nlp) -> None:
    doc = nlp("Minister of Foreign Affairs of Kazakhstan Askar Dzhumabekov arrived in Geneva.\n\n"
              "Addressing the Council, the head of the Kazakh foreign ministry noted that the region needs "
              "water cooperation. He emphasized the role of the United Nations.")
    got = _by_speaker_name(doc)
    assert [(n, v) for n, v, _ in got] == [("Askar Dzhumabekov", "note"), ("Askar Dzhumabekov", "emphasize")]
    assert got[1][2] == "the role of the United Nations"  # no trailing period before a paragraph break


@pytest.mark.model
def test_the_ministry_speaks_and_calls_on_misread_as_a_noun(nlp) -> None:
    doc = nlp("The Ministry of Foreign Affairs of Georgia strongly condemns the attack in the city of "
              "Batumi. The Ministry expresses its condolences to the families of the victims. Georgia "
              "resolutely condemns terrorism in all its forms and calls on the international community to "
              "unite. The Ministry decided to open a hotline.")
    got = [(v, c) for _, v, c in _by_speaker_name(doc)]
    assert got == [
        ("condemn", "the attack in the city of Batumi"),
        ("express", "its condolences to the families of the victims"),
        ("condemn", "terrorism in all its forms"),
        ("call on", "the international community to unite"),
    ]


@pytest.mark.model
def test_several_named_people_as_subject_are_a_plural_speaker(nlp) -> None:
    doc = nlp("Foreign Minister Anna Berg and Defence Minister Jonas Lind met in Oslo. Minister Berg, "
              "Minister Lind, and Ambassador Karl Holm reiterated their commitment to the alliance.")
    assert doc._.statements == []


@pytest.mark.model
def test_welcoming_a_guest_somewhere_and_its_purpose_are_no_statements(nlp) -> None:
    doc = nlp("President Anna Berg welcomed Prime Minister Jonas Lind of Norway to the palace today to "
              "reaffirm the strong friendship between Sweden and Norway.")
    assert doc._.statements == []


@pytest.mark.model
def test_a_gerund_after_a_preposition_and_a_verb_hung_on_a_relative_clause(nlp) -> None:
    doc = nlp("In her remarks, Minister Anna Berg joined other partners in welcoming new states that "
              "signed the charter and reaffirmed the support of Sweden for the initiative.")
    got = [(n, v) for n, v, _ in _by_speaker_name(doc)]
    assert got == [("Anna Berg", "welcome"), ("Anna Berg", "reaffirm")]


@pytest.mark.model
def test_a_reporting_verb_misread_as_a_participle_in_a_verbless_sentence(nlp) -> None:
    doc = nlp("Minister of Foreign Affairs of Kazakhstan Askar Dzhumabekov met Secretary General Maria "
              "Lopez. In the conversation with Maria Lopez, the Kazakh minister informed about the "
              "preparations for the forum in Astana.")
    got = [(n, v) for n, v, _ in _by_speaker_name(doc)]
    assert ("Askar Dzhumabekov", "inform") in got


@pytest.mark.parametrize("text", [
    "I am happy to meet with you in Moscow this time.",
    "I am very happy to have the opportunity to meet with you.",
])
def test_pleasure_to_meet_formulas(text: str) -> None:
    assert is_formula(text)


@pytest.mark.model
def test_welcoming_the_guests_is_a_courtesy_not_a_statement(nlp) -> None:
    doc = nlp("Consul General Dana Omarbek welcomed the guests and spoke about the traditions of the "
              "holiday. Ambassador Aibek Sadyrov welcomed the participants of the forum and welcomed the "
              "decision of the Council.")
    got = [(s.verb, s.content) for s in doc._.statements]
    assert got == [("speak about", "the traditions of the holiday"),
                   ("welcome", "the decision of the Council")]


@pytest.mark.model
def test_an_infinitive_after_an_initiative_is_its_complement(nlp) -> None:
    doc = nlp("Ruslan Bekov announced the initiative of President Aibek Sadyrov to invite partner states to "
              "support the reconstruction of the region.")
    got = [(s.verb, s.content) for s in doc._.statements]
    assert len(got) == 1 and got[0][0] == "announce"
    assert got[0][1].endswith("to support the reconstruction of the region")


@pytest.mark.model
def test_summed_up_after_a_quotation_and_described_are_reporting_verbs(nlp) -> None:
    doc = nlp('"The talks will go on next month, and we are ready for them," Minister Peter Collins '
              "summed up. Deputy Minister Ilona Varga described the goals of the new credit programme.")
    got = [(s.verb, s.content) for s in doc._.statements]
    assert ("sum up", "The talks will go on next month, and we are ready for them") in [
        (v, c.rstrip(",")) for v, c in got]
    assert ("describe", "the goals of the new credit programme") in got


@pytest.mark.model
def test_a_marker_with_a_glued_caption_names_the_person_it_spells_not_the_president(nlp) -> None:
    doc = nlp("President of Russia Vladimir Putin: Mr Ivanov, how did the bank do this year? "
              "President and Chairman of Alfa Bank Management Board Sergei Ivanov Ivanov SergeiAlfa Bank "
              "Chairman: Yes, Mr President. Our profits grew by a third. Vladimir Putin: Good. "
              "Sergei Ivanov: We will open new branches.")
    names = {e.id: e.name for e in doc._.entities}
    got = [(names[s.speaker], s.content) for s in doc._.statements]
    assert ("Sergei Ivanov", "Our profits grew by a third") in got
    assert not any(n == "Vladimir Putin" and "profits" in c for n, c in got)


@pytest.mark.model
def test_a_deputy_title_is_not_resolved_to_the_head_it_serves_under(nlp) -> None:
    doc = nlp("A meeting attended by Head of the Office of the President of Ukraine Andriy Yermak ended in "
              "Paris. The First Deputy Head of the Ukrainian Delegation to the Trilateral Contact Group MP "
              "Oleksiy Reznikov who also took part in the meeting noted that the talks were not easy.")
    names = {e.id: e.name for e in doc._.entities}
    got = [(names.get(s.speaker), s.content) for s in doc._.statements]
    assert not any(n == "Andriy Yermak" and "not easy" in c for n, c in got)
