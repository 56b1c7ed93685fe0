"""Entities: people, organizations, countries and places, one entry per real-world thing.

First version: the statistical NER, mapped to the record's kinds, countries resolved to ISO
3166-1 alpha-2 codes with pycountry, mentions of the same name merged.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry
from spacy.language import Language
from spacy.tokens import Doc

from communique.records import Entity

_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location", "FAC": "location",
          "NORP": "country"}


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """ISO alpha-2 code of a country name, or None."""
    name = name.removeprefix("the ").strip()
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        return None


@Language.component("communique_entities")
def entities_component(doc: Doc) -> Doc:
    by_key: dict[tuple[str, str], Entity] = {}
    token_entity: list[str | None] = [None] * len(doc)
    for ent in doc.ents:
        kind = _KINDS.get(ent.label_)
        if not kind:
            continue
        name = ent.text.removeprefix("the ").strip()
        code = None
        if kind in ("location", "country"):
            code = country_code(name)
            if code:
                kind = "country"
                name = pycountry.countries.get(alpha_2=code).name
            elif kind == "country":
                continue
        key = (kind, code or name.lower())
        entity = by_key.get(key)
        if entity is None:
            entity = by_key[key] = Entity(id=f"e{len(by_key) + 1}", kind=kind, name=name, country=code)
        entity.mentions.append((ent.start_char, ent.end_char))
        for i in range(ent.start, ent.end):
            token_entity[i] = entity.id
    doc._.entities = list(by_key.values())
    doc._.token_entity = token_entity
    return doc
