"""The reporting-verb lexicon (`data/reporting_verbs.json`) and the test that makes a token a trigger.

A trigger is a verb that reports speech ("noted", "spoke about", "drew attention to"); it comes with
the lemma the record outputs and, for prepositional verbs, the preposition whose object is the
content.  The lexicon is data so that analysts can extend it without touching code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Token


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, str]
    phrasal: dict[str, str]
    noun_phrasal: dict[str, dict[str, str]]
    object_required: dict[str, frozenset[str]]
    content_preps: frozenset[str]
    thinking: frozenset[str]
    plural_subjects: frozenset[str]
    person_titles: frozenset[str]
    speaker_kinds: frozenset[str]
    formulas: tuple[re.Pattern[str], ...]
    address: re.Pattern[str]
    object_verbs: frozenset[str]


@dataclass(frozen=True)
class Trigger:
    """A reporting verb: the output lemma and the preposition (if any) whose object is the content."""

    verb: Token
    lemma: str
    prep: Token | None = None
    object_content: bool = False


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw: dict[str, Any] = json.loads(
        resources.files("communique.extract.data").joinpath("reporting_verbs.json").read_text(encoding="utf-8")
    )
    return Lexicon(
        verbs=raw["verbs"],
        phrasal=raw["phrasal"],
        noun_phrasal=raw["noun_phrasal"],
        object_required={k: frozenset(v) for k, v in raw["object_required"].items()},
        content_preps=frozenset(raw["content_preps"]),
        thinking=frozenset(raw["thinking"]),
        plural_subjects=frozenset(raw["plural_subjects"]),
        person_titles=frozenset(raw["person_titles"]),
        speaker_kinds=frozenset(raw["speaker_kinds"]),
        formulas=tuple(re.compile(p, re.I) for p in raw["formulas"]),
        address=re.compile(raw["address"], re.I),
        object_verbs=frozenset(raw["object_verbs"]),
    )


def is_verb(tok: Token) -> bool:
    return tok.pos_ == "VERB" or (tok.tag_.startswith("VB") and tok.pos_ != "AUX") or _misread_verb(tok)


def _misread_verb(tok: Token) -> bool:
    """ "condemns X and calls on Y": a third-person reporting verb the tagger read as a plural noun,
    coordinated with a present-tense verb."""
    if tok.tag_ != "NNS" or tok.dep_ != "conj" or tok.head.tag_ != "VBZ" or not tok.lower_.endswith("s"):
        return False
    lex, lemma = lexicon(), tok.lemma_.lower()
    return lemma in lex.verbs or any(key.startswith(f"{lemma} ") for key in lex.phrasal)


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _object(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)


def _preps(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("prep", "prt", "dative", "agent")]


def trigger_of(tok: Token) -> Trigger | None:
    """The reporting trigger headed by `tok`, or None."""
    if not is_verb(tok):
        return None
    lex, lemma = lexicon(), _lemma(tok)
    obj = _object(tok)
    # Prepositional and phrasal verbs first: "spoke about" must not be read as a bare "speak".
    # The preposition may hang off the object ("informed the interlocutor about ...").
    candidates = _preps(tok) + (_preps(obj) if obj is not None else [])
    for prep in candidates:
        key = f"{lemma} {prep.lower_}"
        if key in lex.phrasal:
            return Trigger(tok, lex.phrasal[key], prep if prep.dep_ != "prt" else None)
    if obj is not None:
        rule = lex.noun_phrasal.get(f"{lemma} {_lemma(obj)}")
        if rule:
            prep = next((p for p in _preps(tok) + _preps(obj) if p.lower_ == rule["content"]), None)
            return Trigger(tok, rule["verb"], prep) if prep is not None else None
        required = lex.object_required.get(lemma)
        if required is not None:
            return Trigger(tok, lemma, None, True) if _lemma(obj) in required else None
    if lemma in lex.object_required:
        return None
    if lemma in lex.verbs:
        return Trigger(tok, lex.verbs[lemma])
    return None
