"""Places: capitals, major cities, regions and venues from a gazetteer, with their country."""

from __future__ import annotations

from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from communique.extract.lexicons import Mention, load, phrase_docs


@lru_cache(maxsize=1)
def table() -> dict[str, str | None]:
    """Place name as written -> ISO code of its country (None for regions beyond one state)."""
    return {p["name"]: p["country"] for p in load("places")["places"]}


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    return load("places")["aliases"]


def canonical(name: str) -> str:
    """One spelling per place: "Kiev" -> "Kyiv", "Nur-Sultan" -> "Astana"."""
    return _aliases().get(name, name)


def place_country(name: str) -> str | None:
    return table().get(name)


def build_matcher(vocab: Vocab) -> PhraseMatcher:
    matcher = PhraseMatcher(vocab, attr="ORTH")
    matcher.add("P", phrase_docs(sorted(set(table()) | set(_aliases()))))
    return matcher


def find(doc: Doc, matcher: PhraseMatcher) -> list[Mention]:
    out: list[Mention] = []
    for _, start, end in matcher(doc):
        name = canonical(doc[start:end].text)
        key = name.split(",")[0]  # "Washington, DC" is the "Washington" of the text
        out.append(Mention(start, end, "location", key, name, table().get(name), "gazetteer"))
    return out + _water_bodies(doc) + _named_settlements(doc)


_WATER = frozenset({"Gulf", "Bay", "Sea", "Strait", "Straits", "Isthmus", "Lake", "Cape"})


def _water_bodies(doc: Doc) -> list[Mention]:
    """ "the Gulf of Finland", "the Sea of Azov": a place, not the country whose name it holds."""
    out = []
    for tok in doc[: len(doc) - 2]:
        if tok.text in _WATER and doc[tok.i + 1].lower_ == "of" and doc[tok.i + 2].text[:1].isupper():
            end = tok.i + 3
            while end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
                end += 1
            name = doc[tok.i : end].text
            out.append(Mention(tok.i, end, "location", name, name, table().get(name), "gazetteer"))
    return out


_SETTLEMENT = frozenset({"city", "town", "village", "settlement", "port"})


def _named_settlements(doc: Doc) -> list[Mention]:
    """ "in the city of Kerman, ...": the capitalized name after "the city/town/village of" is a place."""
    from communique.extract import countries

    out = []
    for tok in doc[1 : len(doc) - 2]:
        if (
            tok.text not in _SETTLEMENT
            or doc[tok.i - 1].lower_ != "the"
            or doc[tok.i + 1].lower_ != "of"
            or not doc[tok.i + 2].text[:1].isupper()
        ):
            continue
        end = tok.i + 2
        while end < len(doc) and end - tok.i < 5 and doc[end].is_alpha and doc[end].is_title:
            end += 1
        name = canonical(doc[tok.i + 2 : end].text)
        if end == tok.i + 2 or countries.country_code(name) or name in table():
            continue  # the gazetteer reads the places it knows
        out.append(Mention(tok.i + 2, end, "location", name, name, None, "gazetteer"))
    return out
