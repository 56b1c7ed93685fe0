"""The entity layer on hand-written sentences, model-free (blank English + the rules)."""

from __future__ import annotations

import spacy
from spacy.language import Language

import communique.extract.entities  # noqa: F401 - registers communique_entities
from communique.extract import context
from communique.extract.entities import resolve_mention

SEED = (
    "The Institute of Strategic Studies Islamabad (ISSI), together with the Embassy of Kazakhstan in "
    "Pakistan, organized a round table, press service of the Kazakh MFA reports. The main speakers at the "
    "event were the SCO National Coordinator from Pakistan, Marghoob Saleem Butt, and ISSI Director "
    "General, Sohail Mahmood. "
    "Former Federal Minister of Information and Broadcasting of Pakistan Murtaza Solangi, was invited as the "
    "guest of honor. In his speech, Ambassador Yerzhan Kistafin spoke about the Kazakh chairmanship. "
    "The Ambassador noted that the upcoming Astana summit will be important. Yerzhan Kistafin recalled the "
    "article published by the President of the Republic of Kazakhstan, Kassym-Jomart Tokayev, in EuroNews."
)


def _nlp() -> Language:
    context.register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("communique_entities")
    return nlp


NLP = _nlp()


def _by_name(doc, kind: str) -> dict:
    return {e.name: e for e in doc._.entities if e.kind == kind}


def test_seed_people_titles_and_countries() -> None:
    doc = NLP(SEED)
    people = _by_name(doc, "person")
    assert set(people) == {
        "Marghoob Saleem Butt",
        "Sohail Mahmood",
        "Murtaza Solangi",
        "Yerzhan Kistafin",
        "Kassym-Jomart Tokayev",
    }
    assert people["Marghoob Saleem Butt"].roles[0].title == "SCO National Coordinator"
    assert people["Marghoob Saleem Butt"].roles[0].country == "PK"
    assert people["Sohail Mahmood"].roles[0].title == "ISSI Director General"
    solangi = people["Murtaza Solangi"].roles[0]
    assert (solangi.title, solangi.country, solangi.current) == (
        "Federal Minister of Information and Broadcasting",
        "PK",
        False,
    )
    assert people["Kassym-Jomart Tokayev"].roles[0].country == "KZ"
    assert people["Yerzhan Kistafin"].roles[0].title == "Ambassador"


def test_the_ambassador_resolves_to_kistafin() -> None:
    doc = NLP(SEED)
    kistafin = _by_name(doc, "person")["Yerzhan Kistafin"]
    assert "The Ambassador" in kistafin.aliases
    start = doc.text.index("The Ambassador")
    span = doc.char_span(start, start + len("The Ambassador"))
    assert resolve_mention(doc, span) == kistafin.id


def test_organizations_acronyms_and_countries() -> None:
    doc = NLP(SEED)
    orgs = _by_name(doc, "organization")
    assert orgs["Institute of Strategic Studies Islamabad"].aliases == ["ISSI"]
    assert orgs["Embassy of Kazakhstan in Pakistan"].country == "KZ"
    assert orgs["Kazakh MFA"].country == "KZ"
    assert "Shanghai Cooperation Organisation" in orgs and "EuroNews" in orgs
    codes = {e.country for e in doc._.entities if e.kind == "country"}
    assert codes == {"KZ", "PK"}
    places = _by_name(doc, "location")
    assert places["Islamabad"].country == "PK" and places["Astana"].country == "KZ"


def test_ids_in_order_and_token_index() -> None:
    doc = NLP(SEED)
    assert [e.id for e in doc._.entities] == [f"e{i}" for i in range(1, len(doc._.entities) + 1)]
    assert len(doc._.token_entity) == len(doc)
    kistafin = _by_name(doc, "person")["Yerzhan Kistafin"]
    tok = next(t for t in doc if t.text == "Kistafin")
    assert doc._.token_entity[tok.i] == kistafin.id


def test_title_shapes() -> None:
    doc = NLP(
        "Prime Minister Frederiksen of Denmark met President of Kazakhstan Kassym-Jomart Tokayev. "
        "Prime Minister and Minister of Foreign Affairs and Expatriates of Palestine Mohammed Mustafa "
        "attended."
    )
    people = _by_name(doc, "person")
    assert people["Frederiksen"].roles[0].country == "DK"
    assert [r.title for r in people["Mohammed Mustafa"].roles] == [
        "Prime Minister",
        "Minister of Foreign Affairs and Expatriates",
    ]
    assert people["Mohammed Mustafa"].country == "PS"


def test_ambassador_with_two_postings() -> None:
    doc = NLP(
        "Ambassador of Kazakhstan to the Hashemite Kingdom of Jordan and, concurrently, to the State of "
        "Palestine Talgat Shaldanbay presented his credentials. The Kazakh diplomat assured the host."
    )
    person = _by_name(doc, "person")["Talgat Shaldanbay"]
    assert [r.title for r in person.roles] == ["Ambassador to Jordan", "Ambassador to Palestine"]
    assert all(r.country == "KZ" for r in person.roles)
    assert "The Kazakh diplomat" in person.aliases


def test_adjectives_and_nationality_nouns() -> None:
    doc = NLP("The sides discussed Kazakh-Palestinian relations and Russian-Chinese talks. Americans voted.")
    codes = {e.country for e in doc._.entities if e.kind == "country"}
    assert codes == {"KZ", "PS", "RU", "CN"}


def test_title_only_person_is_not_an_entity() -> None:
    doc = NLP("The President of Finland visited the U.S. and the United States Congress.")
    assert not [e for e in doc._.entities if e.kind == "person"]
    countries = [e for e in doc._.entities if e.kind == "country"]
    assert {e.country for e in countries} == {"FI", "US"} and len(countries) == 2


def test_surname_only_mentions_join_the_person() -> None:
    doc = NLP("Minister of Foreign Affairs Murat Nurtleu arrived in Minsk. Later, Nurtleu met the press.")
    person = _by_name(doc, "person")["Murat Nurtleu"]
    assert len(person.mentions) == 2 and person.aliases == ["Nurtleu"]
