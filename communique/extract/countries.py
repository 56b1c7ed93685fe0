"""Countries: names, official long forms, short forms ("the U.S.") and state adjectives.

"Kazakh chairmanship" and "Kazakh-Palestinian relations" mention Kazakhstan; a nationality noun
for people ("Americans", "a German said") does not, so adjectives count only where they modify.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from communique.extract.lexicons import Mention, load, phrase_docs


@lru_cache(maxsize=1)
def table() -> dict[str, dict]:
    """ISO code -> {name, forms, adjectives}."""
    return load("countries")["countries"]


@lru_cache(maxsize=1)
def _by_form() -> dict[str, str]:
    forms: dict[str, str] = {}
    for code, entry in table().items():
        for form in [entry["name"], *entry["forms"]]:
            forms.setdefault(form, code)
    return forms


@lru_cache(maxsize=1)
def _by_adjective() -> dict[str, str]:
    return {adj: code for code, entry in table().items() for adj in entry["adjectives"]}


def country_code(text: str) -> str | None:
    """The ISO code of a country name or adjective ("the U.S.", "Kazakh"), or None."""
    text = text.strip()
    text = text[4:] if text.lower().startswith("the ") else text
    return _by_form().get(text) or _by_adjective().get(text)


def country_name(code: str) -> str:
    entry = table().get(code)
    return entry["name"] if entry else code


def build_matcher(vocab: Vocab) -> PhraseMatcher:
    """One PhraseMatcher for every name (label C) and adjective (label A), case-sensitive."""
    matcher = PhraseMatcher(vocab, attr="ORTH")
    matcher.add("C", phrase_docs(sorted(_by_form())))
    matcher.add("A", phrase_docs(sorted(_by_adjective())))
    return matcher


def _modifies(doc: Doc, start: int, end: int) -> bool:
    """True when an adjective at [start, end) denotes the state rather than a person."""
    nxt = doc[end] if end < len(doc) else None
    prv = doc[start - 1] if start > 0 else None
    if prv is not None and prv.text in ("-", "–") and start > 1 and doc[start - 2].is_alpha:
        # second half of "Kazakh-Palestinian", but not an Arabic family name ("Al-Kuwaiti")
        return doc[start - 2].lower_ not in ("al", "el", "bin", "ibn", "abu")
    if nxt is None or not (nxt.is_alpha or nxt.text in ("-", "–")):
        return False  # "an American." / "the Palestinians,"
    if nxt.text in ("-", "–"):
        return True
    if nxt.pos_ in ("VERB", "AUX") and nxt.tag_ not in ("VBN", "VBG"):
        return False  # "a German said"
    return not (
        nxt.lower_ in ("and", "or", "who", "which", "that") and prv is not None and prv.lower_ in ("a", "an")
    )


def _capitals(doc: Doc) -> list[Mention]:
    """Country names in an all-capitals line ("UNITED ARAB EMIRATES CONTRIBUTES ..."), longest first."""
    out: list[Mention] = []
    small = {"Of": "of", "The": "the", "And": "and"}
    i = 0
    while i < len(doc):
        if not (doc[i].is_upper and doc[i].is_alpha and len(doc[i]) > 2):
            i += 1
            continue
        for size in (5, 4, 3, 2, 1):
            span = doc[i : i + size]
            if len(span) < size or not all(t.is_upper or not t.is_alpha for t in span):
                continue
            words = [small.get(t.text.title(), t.text.title()) for t in span]
            text = " ".join(words).replace(" - ", "-")
            code = _by_form().get(text)
            if code and size > 1 or code and len(doc[i]) > 3 and doc[i].text not in _by_form():
                out.append(Mention(i, i + size, "country", code, country_name(code), code))
                i += size - 1
                break
        i += 1
    return out


# "640 million US dollars", "Kazakh tenge": a currency named after a state does not mention the state.
_CURRENCIES = frozenset({
    "dollar", "dollars", "tenge", "ruble", "rubles", "rouble", "roubles", "yuan", "rupee", "rupees", "dinar",
    "dinars", "dirham", "dirhams", "som", "soms", "manat", "lira", "pound", "pounds", "franc", "francs",
    "yen", "riyal", "riyals", "hryvnia",
})


def _currency(doc: Doc, end: int) -> bool:
    return end < len(doc) and doc[end].lower_ in _CURRENCIES and doc[end].is_lower


def find(doc: Doc, matcher: PhraseMatcher) -> list[Mention]:
    """Country mentions: longest names first, adjectives only where they modify a noun."""
    out: list[Mention] = _capitals(doc)
    for match_id, start, end in matcher(doc):
        label = doc.vocab.strings[match_id]
        if _currency(doc, end):
            continue
        text = doc[start:end].text
        if label == "C":
            code = _by_form()[text]
            out.append(Mention(start, end, "country", code, country_name(code), code))
        elif _modifies(doc, start, end):
            code = _by_adjective()[text]
            out.append(Mention(start, end, "country", code, country_name(code), code, adjective=True))
    return out
