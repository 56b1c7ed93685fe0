"""References: quoted titles, document names and court cases (model-free); described ones (model)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from communique.extract import context
from communique.extract.references import find_references, kinds, named_references, quoted_references
from communique.records import Entity


def _doc(text: str, ents: dict[str, tuple[str, str]] | None = None) -> Doc:
    """A model-free Doc; `ents` maps a surface string to (entity id, kind)."""
    context.register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    token_entity: list[str | None] = [None] * len(doc)
    entities = []
    for surface, (ent_id, kind) in (ents or {}).items():
        at = text.find(surface)
        for tok in doc.char_span(at, at + len(surface), alignment_mode="expand"):
            token_entity[tok.i] = ent_id
        entities.append(Entity(id=ent_id, kind=kind, name=surface))
    doc._.entities = entities
    doc._.token_entity = token_entity
    return doc


def test_kinds_load() -> None:
    assert kinds().named_heads["treaty"] == "agreement"
    assert kinds().quote_cues["article"] == "article"


def test_seed_article() -> None:
    doc = _doc(
        'Yerzhan Kistafin drew the attention of the event participants to the article "Middle Powers Have '
        'the Power to Preserve Multilateralism" published by the President of the Republic of Kazakhstan, '
        "Kassym-Jomart Tokayev, in EuroNews (May 28, 2024), outlining its main points.",
        {"Kassym-Jomart Tokayev": ("e10", "person"), "EuroNews": ("e5", "organization")},
    )
    (ref,) = quoted_references(doc)
    title = "Middle Powers Have the Power to Preserve Multilateralism"
    assert (ref.kind, ref.title, ref.authors, ref.publisher, ref.date) == (
        "article", title, ["e10"], "EuroNews", "2024-05-28")


def test_quoted_event_name_is_not_a_reference() -> None:
    doc = _doc('The institute organized a round table titled "Astana Summit 2024: Solidifying Partnerships".')
    assert quoted_references(doc) == []


def test_possessive_book() -> None:
    doc = _doc('The Ambassador donated 50 copies of Abai\'s "Words of Edification" in Hindi.')
    assert [(r.kind, r.title) for r in quoted_references(doc)] == [("book", "Words of Edification")]


def test_named_documents_with_numbers_and_dates() -> None:
    doc = _doc(
        "The rate set forth in Executive Order 14257 of April 2, 2025, and the duties imposed by "
        "Announcement of the Customs Tariff Commission of the State Council No. 5 of 2025 and Announcement "
        "of the Customs Tariff Commission of the State Council No. 6 of 2025 will be modified."
    )
    got = [(r.title, r.date) for r in named_references(doc)]
    assert got == [
        ("Executive Order 14257", "2025-04-02"),
        ("Announcement of the Customs Tariff Commission of the State Council No. 5 of 2025", None),
        ("Announcement of the Customs Tariff Commission of the State Council No. 6 of 2025", None),
    ]


def test_named_acts_strategies_and_cases() -> None:
    doc = _doc(
        "President Biden welcomed the new Indo-Pacific Strategy and the Inflation Reduction Act. This "
        "follows the Supreme Court's decision in Roe v. Wade and the Dobbs decision."
    )
    titles = [r.title for r in named_references(doc)]
    assert titles == ["Indo-Pacific Strategy", "Inflation Reduction Act", "Roe v. Wade", "Dobbs"]


def test_awards_and_organizations_are_not_documents() -> None:
    doc = _doc("He was awarded the Order of Friendship by the Collective Security Treaty Organization.")
    assert named_references(doc) == []


@pytest.mark.model
def test_described_agreements_one_per_date(nlp) -> None:
    doc = nlp(
        "Also on the agenda is a review of the implementation of the November 9, 2020, January 11, 2021, and "
        "November 26, 2021, agreements on Nagorno-Karabakh between the leaders of Russia, Azerbaijan and "
        "Armenia. Following the talks, the parties will sign a declaration on allied interaction that will "
        "elevate relations."
    )
    got = [(r.kind, r.title, r.date) for r in doc._.references]
    assert got == [
        ("agreement", "agreement on Nagorno-Karabakh", "2020-11-09"),
        ("agreement", "agreement on Nagorno-Karabakh", "2021-01-11"),
        ("agreement", "agreement on Nagorno-Karabakh", "2021-11-26"),
        ("agreement", "declaration on allied interaction", None),
    ]


@pytest.mark.model
def test_programs_need_a_document_object(nlp) -> None:
    doc = nlp("He noted the success of the educational program for Afghan students. The ministers reviewed "
              "the program of action for deepening partnership. It was agreed upon agreement of the Parties.")
    assert [r.title for r in doc._.references] == ["program of action for deepening partnership"]


def test_document_named_inside_a_longer_name() -> None:
    doc = _doc("The minister spoke at the Global Forum on the Charter for Digital Cooperation in Geneva. "
               "She presented the Guide to the Bill of Rights of Migrants.")
    assert [r.title for r in named_references(doc)] == [
        "Charter for Digital Cooperation", "Bill of Rights of Migrants"]


def test_own_headline_statement_is_not_a_cited_document() -> None:
    doc = _doc("Statement of the Ministry of Foreign Affairs of Mongolia on the floods in Khovd\n\n"
               "The Ministry recalls the Statement of the Government of Mongolia on Disaster Relief.")
    titles = [r.title for r in named_references(doc)]
    assert titles == ["Statement of the Government of Mongolia on Disaster Relief"]


@pytest.mark.model
def test_predicate_roadmap_is_not_a_cited_document(nlp) -> None:
    doc = nlp("The minister said the new agenda should become a roadmap for reforming global trade.")
    assert doc._.references == []


@pytest.mark.model
def test_a_named_agreement_runs_on_in_lower_case(nlp) -> None:
    doc = nlp("The ministers welcomed the signing of the Kazakh-Polish Intergovernmental Agreement on mutual "
              "protection of investments in the energy sector. They praised the Artemis Accords on the use "
              "of outer space.")
    assert [r.title for r in doc._.references] == [
        "Kazakh-Polish Intergovernmental Agreement on mutual protection of investments in the energy sector",
        "Artemis Accords",
    ]


@pytest.mark.model
def test_joint_statement_of_its_authors(nlp) -> None:
    doc = nlp("The joint statement of the Ministry of Energy and the Embassy of Japan was signed in Astana.")
    assert [r.title for r in doc._.references] == [
        "joint statement of the Ministry of Energy and the Embassy of Japan"]


def test_a_quoted_guide_without_a_cue_word() -> None:
    doc = _doc('The deputy chairman presented the "Export Handbook for Central Asia" and the "Silk Way" '
               "project.")
    assert [(r.kind, r.title) for r in quoted_references(doc)] == [
        ("document", "Export Handbook for Central Asia")]


def test_an_agreement_named_inside_a_longer_documents_name_is_cited_too() -> None:
    doc = _doc(
        "The leaders will approve the Guidelines for Implementing the Provisions of the Treaty Establishing "
        "the Customs Space in 2024–2026 and other documents."
    )
    titles = [r.title for r in find_references(doc)]
    assert "Treaty Establishing the Customs Space" in titles
    assert any(t.startswith("Guidelines for Implementing the Provisions") for t in titles)


def test_the_convention_of_a_conference_of_the_parties_is_the_meetings_name() -> None:
    doc = _doc(
        "They met on the sidelines of the 16th Conference of the Parties to the Convention on Biological "
        "Diversity in Cali."
    )
    assert not [r for r in find_references(doc) if "Convention" in r.title]


def test_a_laws_quoted_title_after_its_name_and_number() -> None:
    doc = _doc(
        'The President signed Law of Moldova No. 204-XI "On the Status of Volunteer Firefighters," which '
        "Parliament passed in May."
    )
    refs = [(r.kind, r.title) for r in find_references(doc)]
    assert ("document", "On the Status of Volunteer Firefighters") in refs
