"""Within-document coreference for people and organizations.

Resolves title-only mentions ("the Ambassador", "the Palestinian President", "the Kazakh
diplomat", "the Head of State of Kazakhstan"), generic organization nouns ("the Embassy", "the
Council"), surname-only mentions ("Kistafin") and "the two leaders", where the answer is unique.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from communique.extract import titles
from communique.records import Entity


@dataclass
class Reference:
    """A title-only or noun mention [start, end) waiting to be resolved to a person."""

    start: int
    end: int
    head: str | None = None  # canonical title head ("President") when the mention is a title
    classes: tuple[str, ...] = ()  # title classes a generic noun may refer to ("diplomat")
    country: str | None = None  # "the Kazakh diplomat" / "the President of Russia"
    org: str | None = None  # entity id of an organization in the title


def _found_heads(title: str) -> set[str]:
    """Lexicon heads occurring in a title as whole words ("Presidential" holds no "President")."""
    padded = f" {title} "
    return {h for h in titles.lex()["heads"] if any(f" {h}{end}" in padded for end in " ,-")}


def _inside(head: str, other: str) -> bool:
    """True when `head` is part of the longer head `other` ("President" of "Vice President")."""
    return head != other and (f" {head} " in f" {other} " or f" {head}-" in f" {other}")


def _role_heads(person: Entity) -> set[str]:
    return {titles.canonical_head(h) for role in person.roles for h in _found_heads(role.title)}


def _main_heads(person: Entity) -> set[str]:
    """Heads not inside a longer head of the same title: "Vice President" holds no "President"."""
    out: set[str] = set()
    for role in person.roles:
        found = _found_heads(role.title)
        out |= {titles.canonical_head(h) for h in found if not any(_inside(h, g) for g in found)}
    return out


def _person_country(person: Entity) -> set[str]:
    return {c for c in [person.country, *(r.country for r in person.roles)] if c}


def candidates(ref: Reference, people: list[Entity]) -> list[Entity]:
    """People whose roles fit the reference (same head or class, same country when one is given)."""
    out = []
    if ref.head:
        exact = [p for p in people if ref.head in _main_heads(p)]
        if exact:  # "the President" is the President, not the Vice President, when both are named
            people = exact
    for person in people:
        heads = _role_heads(person)
        if ref.head:
            fits = ref.head in heads or any(h.endswith(ref.head) for h in heads)
        else:
            fits = any(
                titles.head_class(h) in ref.classes or titles.head_class(_raw(h)) in ref.classes
                for h in heads
            )
        if fits and ref.country and ref.country not in _person_country(person):
            fits = False
        if fits:
            out.append(person)
    return out


def _raw(head: str) -> str:
    """The lexicon head a canonical head came from (Minister of Foreign Affairs -> Foreign Minister)."""
    for raw, canon in titles.lex()["synonyms"].items():
        if canon == head:
            return raw
    return head


def resolve(ref: Reference, people: list[Entity]) -> Entity | None:
    """The one person a reference denotes; with several, the document's first (its protagonist)
    only when the reference names no country."""
    found = candidates(ref, people)
    if len(found) == 1:
        return found[0]
    if len(found) > 1 and ref.country is None and ref.head:
        return found[0]
    return None


def noun_references(doc: Doc, nouns: dict[str, list[str]], country_at: dict[int, str]) -> list[Reference]:
    """ "the [new] [Kazakh] diplomat/leader/minister": generic role nouns after a determiner."""
    out: list[Reference] = []
    for i, tok in enumerate(doc):
        if tok.lower_ != "the":
            continue
        j = i + 1
        while j < len(doc) and doc[j].lower_ in ("new", "newly", "appointed", "incoming", "visiting"):
            j += 1
        country = None
        if j < len(doc) and j in country_at:
            country = country_at[j]
            j += 1
        for size in (3, 2, 1):
            phrase = " ".join(t.lower_ for t in doc[j : j + size])
            if j + size <= len(doc) and phrase in nouns and doc[j].text.islower():
                out.append(Reference(i, j + size, None, tuple(nouns[phrase]), country))
                break
    return out
