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
    matcher.add("P", phrase_docs(sorted(table())))
    return matcher


def find(doc: Doc, matcher: PhraseMatcher) -> list[Mention]:
    out: list[Mention] = []
    for _, start, end in matcher(doc):
        text = doc[start:end].text
        out.append(
            Mention(start, end, "location", canonical(text), canonical(text), table()[text], "gazetteer")
        )
    return out
