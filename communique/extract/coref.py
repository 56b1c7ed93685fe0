"""Within-document coreference for people and organizations.

Resolves title-only mentions ("the Ambassador", "the Palestinian President", "the Kazakh
diplomat", "the Head of State of Kazakhstan"), generic organization nouns ("the Embassy", "the
Council"), surname-only mentions ("Kistafin") and "the two leaders", where the answer is unique.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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
    title: str | None = None  # a whole title to match ("head of the President's Office"), normalized


def normal_title(text: str) -> str:
    """A title in one word order: "Head of the President's Office" and "Head of the Office of the
    President" are both "head of office of president"."""
    text = re.sub(r"\s+", " ", text.replace("’", "'").lower()).strip()
    m = re.match(r"^(.*) of (?:the )?(.+?) ?'s (.+)$", text)
    if m:
        text = f"{m.group(1)} of {m.group(3)} of {m.group(2)}"
    return " ".join(w for w in text.split() if w != "the")


@lru_cache(maxsize=16384)
def _head_spans(title: str) -> tuple[tuple[str, int, int], ...]:
    """Lexicon heads occurring in a title as whole words ("Presidential" holds no "President"), with
    their character span in " title "; also the lexicon form of a canonical head the title spells
    out ("Minister of Foreign Affairs" is a "Foreign Minister")."""
    padded = f" {title} "
    out = []
    forms = [(h, h) for h in titles.lex()["heads"]]
    forms += [(raw, canon) for raw, canon in titles.lex()["synonyms"].items() if raw in titles.lex()["heads"]]
    for n, (head, form) in enumerate(forms):
        k = min((k for end in " ,-" if (k := padded.find(f" {form}{end}")) >= 0), default=-1)
        if k >= 0:
            out.append((head, k, k + len(form) + 1, n >= len(titles.lex()["heads"])))
    # a head read through its synonym inside a longer head is not there ("Vice President")
    # Cached: it depends on the title string only, and coreference asks it for every person
    # on every title-only mention (a quarter of the entity layer's time before the cache).
    return tuple(
        (h, a, b)
        for h, a, b, syn in out
        if not (syn and any(a2 <= a and b <= b2 and (a2, b2) != (a, b) for _, a2, b2, _ in out))
    )


def _found_heads(title: str) -> set[str]:
    return {h for h, _, _ in _head_spans(title)}


_COMPLEMENT = (" to ", " of ", " on ", " for ", " in ")


def _title_heads(title: str) -> set[str]:
    """The heads a title is headed by, not those of its complements: "Advisor to the President"
    is an Advisor, not a President; "Assistant to the President and Director of X" is both an
    Assistant and a Director."""
    out: set[str] = set()
    for part in title.split(" and "):
        spans = _head_spans(part)
        padded = f" {part} "
        cut = len(padded)
        for prep in _COMPLEMENT:
            k = padded.find(prep)
            # a preposition inside a head ("Head of State", "Minister of Foreign Affairs") is no complement
            while k >= 0 and any(a <= k and k + len(prep) - 1 <= b for _, a, b in spans):
                k = padded.find(prep, k + 1)
            if k >= 0:
                cut = min(cut, k)
        kept = {h for h, a, _ in spans if a < cut}
        out |= kept or {h for h, _, _ in spans}
    return out


def _inside(head: str, other: str) -> bool:
    """True when `head` is part of the longer head `other` ("President" of "Vice President")."""
    return head != other and (f" {head} " in f" {other} " or f" {head}-" in f" {other}")


def _role_heads(person: Entity) -> set[str]:
    return {titles.canonical_head(h) for role in person.roles for h in _title_heads(role.title)}


def _main_heads(person: Entity) -> set[str]:
    """Heads not inside a longer head of the same title: "Vice President" holds no "President"."""
    out: set[str] = set()
    for role in person.roles:
        found = _title_heads(role.title)
        out |= {titles.canonical_head(h) for h in found if not any(_inside(h, g) for g in found)}
    return out


def _person_country(person: Entity) -> set[str]:
    return {c for c in [person.country, *(r.country for r in person.roles)] if c}


def _holds_head(person: Entity, head: str) -> bool:
    """The person's main title is `head`, or a form of it ("Minister of Foreign Affairs", written
    "Foreign Minister", is a "Minister")."""
    mains = _main_heads(person)
    return head in mains or any(
        _raw(h).endswith(f" {head}") and not _raw(h).lower().startswith(_SECOND) for h in mains
    )


_SECOND = ("vice", "deputy", "first deputy", "assistant")


def _second_in_command(person: Entity) -> bool:
    """Every title the person holds is a deputy's ("Vice Minister for Foreign Affairs")."""
    return bool(person.roles) and all(r.title.lower().startswith(_SECOND) for r in person.roles)


def candidates(ref: Reference, people: list[Entity], deputy: bool = False) -> list[Entity]:
    """People whose roles fit the reference (same head or class, same country when one is given).
    `deputy`: the reference itself names a deputy ("the Vice Minister")."""
    out = []
    if ref.title:
        hits = [
            p for p in people if any(f"{normal_title(r.title)} ".startswith(f"{ref.title} ") for r in p.roles)
        ]
        if hits or not ref.head:
            return hits  # a title read from the text falls back on its head when no one holds it whole
    if ref.head:
        exact = [p for p in people if _holds_head(p, ref.head)]
        # "the Minister" is the minister, not the Vice Minister, when both are named, and the
        # other way round
        exact = [p for p in exact if _second_in_command(p) == deputy] or exact
        if exact:  # "the President" is the President, not the Vice President, when both are named
            people = exact
    for person in people:
        heads = _role_heads(person)
        if ref.head:
            fits = ref.head in heads or any(h.endswith(ref.head) for h in heads)
        elif "*" in ref.classes:  # "his French counterpart": whoever of that country
            fits = ref.country is not None
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


def resolve(ref: Reference, people: list[Entity], doc: Doc | None = None) -> Entity | None:
    """The one person a reference denotes; with several, the document's first (its protagonist)
    only when the reference names no country; else, given the Doc, the most recently mentioned
    one ("The minister noted ..." after a paragraph about one of two ministers)."""
    deputy = doc is not None and any(t.lower_ in ("deputy", "vice") for t in doc[ref.start : ref.end])
    found = candidates(ref, people, deputy)
    if deputy and found and not any(_second_in_command(p) for p in found):
        return None  # "the First Deputy Head of X" is no one's deputy named so far, not the Head
    if len(found) == 1:
        return found[0]
    if len(found) > 1 and ref.country is None and ref.head:
        # the document's first (its protagonist), unless another holder was named since, in a
        # sentence of their own ("... Ambassador to Japan X met Y. The Ambassador informed ...")
        recent = most_recent(doc, ref.start, found) if doc is not None else None
        if recent is not None and recent is not found[0] and _named_since(doc, ref.start, found[0], recent):
            return recent
        return found[0]
    if len(found) > 1 and doc is not None:
        return most_recent(doc, ref.start, found)
    return None


def _named_since(doc: Doc, start: int, first: Entity, recent: Entity) -> bool:
    """True when `recent` was named after `first` was last named, within the two sentences
    before token `start`."""
    at = doc[start].idx
    last_first = max((s for s, e in first.mentions if e <= at), default=-1)
    last_recent = max((s for s, e in recent.mentions if e <= at), default=-1)
    if last_recent <= last_first or not doc.has_annotation("SENT_START"):
        return False
    sents = [s for s in doc.sents if s.start_char <= at]
    window = sents[-3:-1] if len(sents) >= 2 else []
    return any(s.start_char <= last_recent < s.end_char for s in window)


def most_recent(doc: Doc, start: int, found: list[Entity]) -> Entity | None:
    """The candidate mentioned last before token `start`, unless another candidate is mentioned
    in that same sentence (then the reference is ambiguous)."""
    if start >= len(doc):
        return None
    at = doc[start].idx
    last = {id(p): max((s for s, e in p.mentions if e <= at), default=-1) for p in found}
    ranked = sorted((p for p in found if last[id(p)] >= 0), key=lambda p: -last[id(p)])
    if not ranked:
        return None
    if len(ranked) == 1:
        return ranked[0]
    if not doc.has_annotation("SENT_START"):
        return None
    first, second = (doc.char_span(last[id(p)], last[id(p)] + 1, alignment_mode="expand") for p in ranked[:2])
    if first is None or second is None or first.sent.start == second.sent.start:
        return None
    return ranked[0]


def noun_references(
    doc: Doc,
    nouns: dict[str, list[str]],
    country_at: dict[int, str],
    countries_at: dict[int, tuple[str, int]] | None = None,
) -> list[Reference]:
    """ "the [new] [Kazakh] diplomat/leader/minister [of COUNTRY]": generic role nouns after a
    determiner. `countries_at` (start -> (code, end) of every country mention) reads "the leader of
    Turkey"; a noun with any other "of" complement ("the head of the Office") is left alone."""
    out: list[Reference] = []
    for i, tok in enumerate(doc):
        if tok.lower_ not in ("the", "his", "her", "their"):
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
                if tok.lower_ != "the" and nouns[phrase] != ["*"]:
                    break  # "his" only before "[French] counterpart"
                end = j + size
                if end < len(doc) and doc[end].lower_ == "of" and nouns[phrase] != ["*"]:
                    k = end + 2 if end + 2 < len(doc) and doc[end + 1].lower_ == "the" else end + 1
                    found = (countries_at or {}).get(k)
                    if found is None:
                        whole = _complement_title(doc, i + 1, k)
                        if whole is not None:  # "the head of the President's Office"
                            out.append(Reference(i, whole[1], title=whole[0]))
                        break
                    if country not in (None, found[0]):
                        break
                    country, end = found[0], found[1]
                    nxt = doc[end] if end < len(doc) else None
                    if nxt is not None and nxt.is_alpha and nxt.is_lower:
                        office = _foreign_office(doc, end)
                        if office and phrase in _HEAD_NOUNS:  # "the head of the Kazakh foreign ministry"
                            out.append(Reference(i, office, _FOREIGN_MINISTER, (), country))
                            break
                        if nxt.lower_ not in ("state", "government"):
                            break  # "the head of the Kazakh delegation"
                        end += 1
                first = i if tok.lower_ == "the" else i + 1  # "his" is someone else
                out.append(Reference(first, end, None, tuple(nouns[phrase]), country))
                break
    return out


_HEAD_NOUNS = frozenset({"head", "chief", "leader"})
_FOREIGN_MINISTER = "Minister of Foreign Affairs"
_FOREIGN_OFFICES = (("foreign", "ministry"), ("foreign", "office"), ("foreign", "affairs", "ministry"),
                    ("diplomatic", "service"), ("foreign", "service"), ("mfa",))


def _foreign_office(doc: Doc, k: int) -> int | None:
    """End of "foreign ministry" / "foreign office" / "diplomatic service" read from token k, or None."""
    for words in _FOREIGN_OFFICES:
        end = k + len(words)
        if end <= len(doc) and tuple(t.lower_ for t in doc[k:end]) == words:
            return end
    return None


def _complement_title(doc: Doc, start: int, k: int) -> tuple[str, int] | None:
    """ "head of the President's Office" read from `start`, its complement's name from token k:
    capitalized words and possessives; the normalized title and its end, or None."""
    end = k
    while end < len(doc) and (
        doc[end].text[:1].isupper() and doc[end].is_alpha or doc[end].text in ("'s", "’s") and end > k
    ):
        end += 1
    if end == k or doc[end - 1].text in ("'s", "’s"):
        return None
    return normal_title(doc[start:end].text.replace(" 's", "'s").replace(" ’s", "’s")), end
