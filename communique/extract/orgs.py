"""Organizations: a gazetteer of international bodies, name chunks built around an organization
noun ("Embassy of Kazakhstan in Pakistan", "Kazakh Foreign Ministry"), acronyms defined in the
text ("Institute of Strategic Studies Islamabad (ISSI)"), and the statistical NER's ORG spans.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from communique.extract import countries
from communique.extract.lexicons import Mention, load, phrase_docs

_ACRONYM = re.compile(r"^[A-Z][A-Za-z]*[A-Z](?:[-/][A-Z]+)?$")


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    return load("organizations")


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, dict[str, Any]]:
    """Every form (name, acronym, variant) -> its gazetteer entry."""
    forms: dict[str, dict[str, Any]] = {}
    for org in data()["organizations"]:
        for form in [org["name"], *org.get("acronyms", []), *org.get("forms", [])]:
            forms.setdefault(form, org)
    return forms


@lru_cache(maxsize=1)
def head_nouns() -> frozenset[str]:
    """The nouns that head an organization's name (Ministry, Council, Bank ...)."""
    return frozenset(data()["heads"])


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Single words of title heads: an organization name does not extend left over them."""
    words = {head.split()[-1] for head in load("titles")["heads"] if " of " not in head}
    return frozenset(words | {"Deputy", "Former", "former", "Acting", "Vice"})


@lru_cache(maxsize=1)
def _title_heads() -> frozenset[str]:
    return frozenset(load("titles")["heads"])


def _title_at(doc: Doc, k: int) -> int:
    """The length of the person title (lexicon head, after modifiers: "Acting Director") that
    starts at token k, or 0."""
    modifiers = frozenset(load("titles")["modifiers"]) | {"Acting", "Deputy", "Former"}
    m = k
    while m < len(doc):
        for n in (4, 3, 2, 1):
            if m + n <= len(doc) and doc[m : m + n].text in _title_heads():
                return m + n - k
        if doc[m].text not in modifiers or not doc[m].text[:1].isupper():
            return 0
        m += 1
    return 0


def is_title(text: str) -> bool:
    """A person's title, not a body: "National Security Advisor", "the US National Coordinator",
    "National Coordinators"."""
    words = text.split()
    modifiers = frozenset(load("titles")["modifiers"]) | {"the", "The", "Acting", "Deputy"}
    while words and (words[0] in modifiers or countries.country_code(words[0].removesuffix("'s"))):
        words = words[1:]
    rest = " ".join(words)
    return bool(rest) and (rest in _title_heads() or rest.endswith("s") and rest[:-1] in _title_heads())


def build_matchers(vocab: Vocab) -> tuple[PhraseMatcher, PhraseMatcher]:
    gaz = PhraseMatcher(vocab, attr="ORTH")
    gaz.add("O", phrase_docs(sorted(gazetteer())))
    heads = PhraseMatcher(vocab, attr="ORTH")
    heads.add("H", phrase_docs(sorted(head_nouns())))
    return gaz, heads


def is_acronym(text: str) -> bool:
    return bool(_ACRONYM.match(text)) and sum(c.isupper() for c in text) >= 2


def gazetteer_mentions(doc: Doc, matcher: PhraseMatcher) -> list[Mention]:
    out = []
    for _, start, end in matcher(doc):
        org = gazetteer()[doc[start:end].text]
        kind = "organization"
        if (
            org.get("venue")
            and start >= 2
            and doc[start - 1].lower_ == "the"
            and doc[start - 2].lower_ in ("at", "in", "to")
        ):
            kind = "location"  # "talks at / welcomed to the White House": the building
        out.append(Mention(start, end, kind, org["name"], org["name"], org.get("country"), "gazetteer"))
    return out


def _cap(tok: Any) -> bool:
    return tok.is_alpha and (tok.is_title or tok.is_upper) or tok.text[:1].isupper()


def chunk_mentions(doc: Doc, heads: PhraseMatcher, stops: dict[int, Mention]) -> list[Mention]:
    """Name chunks around organization nouns: [modifiers] HEAD [of/for/on ... [in PLACE]]."""
    out: list[Mention] = []
    subunits = set(data()["subunits"])
    missions = set(data()["missions"])
    for _, hs, he in sorted(heads(doc), key=lambda m: (m[1], -m[2])):
        if not doc[hs].text[:1].isupper():
            continue
        start = _extend_left(doc, hs)
        end, crossed_head = _extend_right(doc, he, stops, doc[hs:he].text in missions, _titled(doc, start))
        if doc[hs:he].text in subunits and crossed_head:
            continue  # "Head of the Foreign Policy Department of the Office ...": part of a title
        if end - start == he - hs and doc[hs:he].text != "MFA":
            continue  # a bare "the Embassy": coreference, not a name
        span = doc[start:end]
        if _part_of_a_thing(doc, start, end) or _relation(doc, start, hs, he):
            continue
        out.append(Mention(start, end, "organization", _clean(span), _clean(span), None, "chunk"))
    return out


def _part_of_a_thing(doc: Doc, start: int, end: int) -> bool:
    """ "the Net Zero Government Initiative": the body's words name an initiative, a programme,
    an award or a document that the next capitalized word closes, not the body itself."""
    return end < len(doc) and doc[end].text in data()["thing_words"] and not doc[end].is_sent_start


def _relation(doc: Doc, start: int, hs: int, he: int) -> bool:
    """ "the U.S.-Philippine Alliance": countries and a relation noun name a relationship."""
    if doc[hs:he].text not in data()["relation_heads"] or he - hs != 1:
        return False
    return _countries_only(doc[start:hs].text)


def _countries_only(text: str) -> bool:
    words = [w for w in re.split(r"[-–\s]+", text) if w and w not in ("the", "The")]
    return bool(words) and all(countries.country_code(w) for w in words)


@lru_cache(maxsize=1)
def _media_heads() -> frozenset[str]:
    return frozenset(data()["media_heads"])


def media_mentions(doc: Doc) -> list[Mention]:
    """Newspapers, agencies and channels: capitalized words closed by a media noun ("Frankfurter
    Allgemeine Zeitung", "The Washington Post", "Khabar TV"). Not in a title-cased line, where
    every word is capitalized."""
    out: list[Mention] = []
    media, not_names = _media_heads(), frozenset(load("titles")["not_names"])
    for tok in doc:
        i = tok.i
        if tok.text not in media or i + 1 < len(doc) and _cap(doc[i + 1]) and doc[i + 1].is_alpha:
            continue
        start = i
        while start > 0 and _cap(doc[start - 1]) and doc[start - 1].text not in not_names:
            if not (doc[start - 1].is_alpha or doc[start - 1].text in ("-", "&")):
                break
            start -= 1
        if start == i or _title_cased(doc, i):
            continue
        span = doc[start : i + 1]
        m = Mention(start, i + 1, "organization", span.text, span.text, None, "chunk")
        m.media = True  # type: ignore[attr-defined]
        out.append(m)
    return out


def _title_cased(doc: Doc, i: int) -> bool:
    sent = doc[i].sent if doc.has_annotation("SENT_START") else doc[:]
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.is_lower for t in words) < 2


_COLLECTIVE_OWNERS = frozenset({"People", "Peoples", "Women", "Workers", "Children", "Veterans", "Farmers"})


def _extend_left(doc: Doc, i: int) -> int:
    while i > 0:
        tok = doc[i - 1]
        if tok.text in ("-", "–") and i > 1 and not tok.whitespace_ and doc[i - 2].is_alpha:
            i -= 1
            continue
        if tok.text in ("'s", "’s") and i > 1 and doc[i - 2].text in _COLLECTIVE_OWNERS:
            i -= 2  # "People's Committee", "Women's Union": a collective noun's possessive names the body
            continue
        if not _cap(tok) or tok.text in _title_words() or tok.is_sent_start and tok.text in ("The", "A"):
            break
        if tok.text in ("The", "A", "An", "This", "In", "On", "At"):
            break
        i -= 1
    return i


def _titled(doc: Doc, start: int) -> bool:
    """The name is the complement of a person's title ("President of the ... Group of the Chamber of
    Deputies Marcos Tavares"): a title word and "of" before it, over name words and connectors."""
    i = start - 1
    while i > 0 and start - i <= 15 and (_cap(doc[i]) or doc[i].lower_ in ("of", "the", "and", "-")):
        if doc[i].lower_ == "of" and doc[i - 1].text in _title_words():
            return True
        i -= 1
    return False


def _extend_right(
    doc: Doc, i: int, stops: dict[int, Mention], mission: bool, titled: bool = False
) -> tuple[int, bool]:
    """Extend over "of/for/on [the] Capitalized ..." and, for missions, "in PLACE"."""
    end, crossed = i, False
    while end < len(doc):
        tok = doc[end]
        if tok.lower_ in ("of", "for", "on") or (mission and tok.lower_ in ("in", "to")):
            j = end + 1
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
            stop = stops.get(j)
            if stop is not None:
                end = stop.end
                crossed = crossed or stop.kind == "organization"
                if stop.kind in ("country", "organization", "location"):
                    if mission and end < len(doc) and doc[end].lower_ in ("in", "to"):
                        continue
                    break
                continue
            k, crossed_here = _name_run(doc, j, stops, titled)
            crossed = crossed or crossed_here
            if k == j or tok.lower_ in ("in", "to"):
                break
            end = k
            continue
        break
    return end, crossed


def _name_run(doc: Doc, j: int, stops: dict[int, Mention], titled: bool = False) -> tuple[int, bool]:
    """Capitalized words (and inner of/and/the) of a name; places inside are absorbed
    ("Institute of Strategic Studies Islamabad"), a country or organization ends it."""
    k, crossed = j, False
    while k < len(doc):
        stop = stops.get(k)
        if stop is not None:
            if stop.kind != "location":
                break
            k = stop.end
            continue
        tok = doc[k]
        if k > j and _title_before_name(doc, k if tok.lower_ != "and" else k + 1):
            break  # "... Consumer Affairs Acting Director Cari Fais": a title and its holder follow
        if k > j and _person_after_name(doc, k, stops, titled):
            break  # "Ministry of Foreign Affairs Luca Ferrari": the name ends, a person follows
        if tok.text in _NUMBER_WORDS and k + 1 < len(doc) and (doc[k + 1].text == "." or doc[k + 1].like_num):
            break  # "... of the State Council No. 5": a number sign, not a name word
        if tok.text in _CALENDAR:
            break  # "the European Council on May 30-31": a date, not a name word
        nxt = (
            k + 1 < len(doc) and _cap(doc[k + 1]) and (k + 1 not in stops or stops[k + 1].kind == "location")
        )
        if _cap(tok) or (tok.lower_ in ("and", "of", "the") and nxt and k > j):
            crossed = crossed or tok.text in head_nouns()
            k += 1
            continue
        break
    return k, crossed


_NUMBER_WORDS = frozenset({"No", "No.", "Nr", "Nr.", "Nos", "Number"})
_CALENDAR = frozenset(
    {
        *("January", "February", "March", "April", "May", "June", "July", "August", "September"),
        *("October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
        *("Saturday", "Sunday"),
    }
)


@lru_cache(maxsize=1)
def _portfolio() -> frozenset[str]:
    return frozenset(w for w in load("titles")["portfolio"] if w[:1].isupper())


def _person_at(doc: Doc, k: int) -> bool:
    """The NER reads a (two or three word) person starting at token k."""
    return any(e.start == k and e.label_ == "PERSON" and 2 <= len(e) <= 3 for e in doc.ents)


def _person_after_name(doc: Doc, k: int, stops: dict[int, Mention], titled: bool = False) -> bool:
    """A personal name starts at token k, right after a complete organization name: the NER's
    PERSON, or two or three name-shaped words (no organization, portfolio or title word) after a
    portfolio word and before a lower-case word or punctuation ("Ministry of Economy Ralf Bauer said")."""
    if _person_at(doc, k):
        return True
    if doc[k - 1].text not in _portfolio() and not (titled and doc[k - 1].is_alpha and _cap(doc[k - 1])):
        return False
    n = 0
    while k + n < len(doc) and n <= 3 and k + n not in stops and _name_shaped(doc[k + n]):
        n += 1
    after = doc[k + n] if k + n < len(doc) else None
    return 2 <= n <= 3 and (after is None or not after.text[:1].isupper() and k + n not in stops)


def _name_shaped(tok: Any) -> bool:
    text = tok.text
    return (
        tok.is_alpha
        and tok.is_title
        and len(text) > 1
        and text not in head_nouns()
        and text not in _portfolio()
        and text not in _title_words()
        and text not in load("titles")["not_names"]
        and not countries.country_code(text)
    )


def _title_before_name(doc: Doc, k: int) -> bool:
    n = _title_at(doc, k)
    after = doc[k + n] if n and k + n < len(doc) else None
    return (
        after is not None
        and after.is_alpha
        and after.text[:1].isupper()
        and after.text not in head_nouns()
        and after.text not in _title_words()
    )


def _clean(span: Span) -> str:
    text = span.text
    if text.lower().startswith("the "):
        text = text[4:]
    return text.removesuffix("'s").removesuffix("’s").strip()


def acronym_definitions(doc: Doc, orgs: list[Mention]) -> dict[str, Mention]:
    """ "Full Name (ACR)" -> {ACR: the full name's mention}."""
    defs: dict[str, Mention] = {}
    for m in orgs:
        if m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")":
            acr = doc[m.end + 1].text
            if is_acronym(acr):
                defs[acr] = m
    return defs


def country_of(doc: Doc, mention: Mention, nested: list[Mention]) -> str | None:
    """An organization's country: its gazetteer seat, else the first country or place named in it."""
    if mention.source == "gazetteer":
        return mention.country
    for m in nested:
        if mention.start <= m.start and m.end <= mention.end and m.country:
            return m.country
    return None


def is_event_name(span: Span) -> bool:
    words = data()["event_words"]
    return any(w in span.text.split() for w in words)


def looks_like_org(span: Span) -> bool:
    """Filter for the NER's ORG spans: not a lone country word, title, or generic noun."""
    text = _clean(span)
    if not text or not any(c.isupper() for c in text):
        return False
    if countries.country_code(text) or text in _title_words() or text in head_nouns() or is_title(text):
        return False
    words = [w for w in re.split(r"[-–\s]+", text) if w]
    if words and all(countries.country_code(w) for w in words):
        return False  # "U.S.-Paraguay": a pair of countries, not a body
    if len(words) > 1 and words[-1] in data()["relation_heads"] and _countries_only(" ".join(words[:-1])):
        return False  # "the U.S.-Philippine Alliance": a relationship
    return not is_event_name(span)
