"""References: documents the text cites (articles, speeches, agreements, reports).

Three shapes, lexicon in `data/reference_kinds.json`:
- a quoted title named by a cue word: 'the article "Middle Powers ..." published by X in EuroNews
  (May 28, 2024)', 'Abai's "Words of Edification"';
- a capitalised name headed by a document word: 'Inflation Reduction Act', 'Executive Order 14257
  of April 2, 2025', 'Announcement of the Customs Tariff Commission ... No. 4 of 2025', and court
  cases ('Roe v. Wade', 'the Dobbs decision');
- a described document: 'a convention on the legal status of delegations', 'the November 9, 2020,
  and January 11, 2021, agreements on Nagorno-Karabakh' (one reference per date).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from dateutil import parser as dateparser
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from communique.extract import context
from communique.extract.quotes import quoted_ranges
from communique.records import Reference

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE = re.compile(rf"{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}")
_DATES_BEFORE = re.compile(rf"((?:(?:and\s+)?{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}},?\s*)+)$")
_CONNECTORS = frozenset({"of", "the", "on", "for", "and", "between", "regarding", "concerning", "-", "–"})
_NUMBER = re.compile(r"^\d[\d/\-.]*$")
_PUBLISHED_WINDOW = 30


@dataclass(frozen=True)
class Kinds:
    named_heads: dict[str, str]
    first_word_preps: frozenset[str]
    described_heads: dict[str, str]
    described_preps: frozenset[str]
    restricted_preps: dict[str, frozenset[str]]
    restricted_objects: dict[str, frozenset[str]]
    modifiers_required: dict[str, frozenset[str]]
    quote_cues: dict[str, str]
    legal_cues: dict[str, str]
    quote_cue_window: int
    case_words: frozenset[str]
    min_title_words: int
    needs_number: frozenset[str]
    excluded_verbs: frozenset[str]
    title_words: dict[str, str]


@lru_cache(maxsize=1)
def kinds() -> Kinds:
    raw: dict[str, Any] = json.loads(
        resources.files("communique.extract.data").joinpath("reference_kinds.json").read_text(encoding="utf-8")
    )
    return Kinds(
        named_heads=raw["named_heads"],
        first_word_preps=frozenset(raw["first_word_preps"]),
        described_heads=raw["described_heads"],
        described_preps=frozenset(raw["described_preps"]),
        restricted_preps={k: frozenset(v) for k, v in raw["restricted_preps"].items()},
        restricted_objects={k: frozenset(v) for k, v in raw["restricted_objects"].items()},
        modifiers_required={k: frozenset(v) for k, v in raw["modifiers_required"].items()},
        quote_cues=raw["quote_cues"],
        legal_cues=raw["legal_cues"],
        quote_cue_window=raw["quote_cue_window"],
        case_words=frozenset(raw["case_words"]),
        min_title_words=raw["min_title_words"],
        needs_number=frozenset(raw["needs_number"]),
        excluded_verbs=frozenset(raw["excluded_verbs"]),
        title_words=raw["title_words"],
    )


# --- shared helpers ------------------------------------------------------------------------------


def _iso(text: str) -> str | None:
    try:
        return dateparser.parse(text, fuzzy=False).date().isoformat()
    except (ValueError, OverflowError):
        return None


def _kind_of(doc: Doc, ent_id: str | None) -> str | None:
    return next((e.kind for e in doc._.entities or [] if e.id == ent_id), None)


def _entities_in(tokens: Span | list[Token], wanted: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for tok in tokens:
        ent = context.entity_at(tok.doc, tok.i)
        if ent and ent not in out and _kind_of(tok.doc, ent) in wanted:
            out.append(ent)
    return out


def _is_cap(tok: Token) -> bool:
    return tok.is_alpha and tok.text[0].isupper() or bool(re.match(r"^[A-Z][\w.\-’']*$", tok.text))


# --- quoted titles -------------------------------------------------------------------------------


def _quote_kind(doc: Doc, start: int) -> str | None:
    cues = kinds().quote_cues
    window = doc[max(0, start - 1 - kinds().quote_cue_window) : max(0, start - 1)]
    for tok in reversed(list(window)):
        if tok.lower_ in cues and not tok.is_title:
            return cues[tok.lower_]
    # 'signed Law of Ukraine No. 1915-IX "On the Service of Military Chaplains"': a legal act's
    # quoted title follows its capitalized name and number
    legal = kinds().legal_cues
    wider = doc[max(0, start - 1 - 2 * kinds().quote_cue_window) : max(0, start - 1)]
    for tok in reversed(list(wider)):
        if tok.lower_ in legal and tok.is_title:
            return legal[tok.lower_]
    return None


def _titled_kind(span: Span) -> str | None:
    """ 'presented the "Investment Guide to Kazakhstan"': a quoted title in capitals whose first or
    last name word is a document's ("Guide", "Report", "Strategy") names that document."""
    words = [t for t in span if t.is_alpha]
    if not words or sum(_is_cap(t) for t in words) < len(words) / 2:
        return None
    k = kinds().title_words
    head = next((t for t in (words[-1], *words[:2]) if _is_cap(t) and t.lower_ in k), None)
    return k[head.lower_] if head is not None else None


def _quote_authors(doc: Doc, start: int, end: int) -> list[str]:
    before = doc[max(0, start - 3) : max(0, start - 1)]
    if len(before) == 2 and before[-1].tag_ == "POS":  # Abai's "Words of Edification"
        return _entities_in(before[:1], ("person", "organization"))
    sent_end = doc[end].sent.end if end < len(doc) else len(doc)
    after = doc[end : min(sent_end, end + _PUBLISHED_WINDOW)]
    by = next((t for t in after if t.lower_ == "by"), None)
    if by is None:
        return []
    stop = next((t.i for t in after if t.i > by.i and t.lower_ == "in"), after.end)
    people = _entities_in(doc[by.i : stop], ("person",))
    return people or _entities_in(doc[by.i : stop], ("organization", "country"))


def _quote_publisher(doc: Doc, end: int) -> str | None:
    sent_end = doc[end].sent.end if end < len(doc) else len(doc)
    after = doc[end : min(sent_end, end + _PUBLISHED_WINDOW)]
    for tok in after:
        if tok.lower_ in ("in", "on") and tok.i + 1 < len(doc):
            nxt = doc[tok.i + 1]
            ent = context.entity_at(doc, nxt.i)
            if ent and _kind_of(doc, ent) == "organization":
                return next(e.name for e in doc._.entities if e.id == ent)
    return None


def _date_after(doc: Doc, end_char: int) -> str | None:
    here = doc.char_span(end_char, end_char, alignment_mode="expand")
    limit = len(doc.text)
    if here is not None and here.start < len(doc):
        limit = doc[here.start].sent.end_char
    match = re.search(rf"\(({_MONTHS}\s+\d{{1,2}},?\s+\d{{4}})\)", doc.text[end_char:limit])
    return _iso(match.group(1)) if match else None


def quoted_references(doc: Doc) -> list[Reference]:
    out = []
    for cstart, cend in quoted_ranges(doc):
        span = doc.char_span(cstart, cend, alignment_mode="expand")
        if span is None or len([t for t in span if t.is_alpha]) < kinds().min_title_words:
            continue
        kind = _quote_kind(doc, span.start) or _titled_kind(span)
        if kind is None:
            continue
        out.append(Reference(
            kind=kind, title=doc.text[cstart:cend].strip().rstrip(",;"),
            authors=_quote_authors(doc, span.start, span.end),
            publisher=_quote_publisher(doc, span.end), date=_date_after(doc, cend), span=(cstart, cend),
        ))
    return out


# --- capitalised names ---------------------------------------------------------------------------


def _caps_runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs [start, end) of capitalised words joined by connectors, numbers and 'No.'."""
    runs, i = [], 0
    while i < len(doc):
        if not _is_cap(doc[i]) or doc[i].is_sent_start and doc[i].lower_ == "the":
            i += 1
            continue
        j = i + 1
        while j < len(doc):
            tok = doc[j]
            if not (_is_cap(tok) or _NUMBER.match(tok.text) or _after_no(doc, j) or _joins(doc, j)):
                break
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _joins(doc: Doc, j: int) -> bool:
    """A connector inside a name; "and" before a new document word starts a second name."""
    tok = doc[j]
    if tok.lower_ not in _CONNECTORS or "\n" in tok.whitespace_ or not _continues(doc, j):
        return False
    nxt = doc[j + 1] if j + 1 < len(doc) else tok
    if re.fullmatch(_MONTHS, nxt.text) and j + 2 < len(doc) and doc[j + 2].like_num:
        return False  # "on November 9, 2020" is a date, not part of the name
    # "... Convention and the Paris Agreement": a new determiner or document word starts a new name.
    return not (tok.lower_ == "and" and (nxt.lower_ == "the" or nxt.lower_ in kinds().named_heads))


def _after_no(doc: Doc, j: int) -> bool:
    return doc[j].text in ("No.", "No") or (doc[j].text == "." and doc[j - 1].text == "No")


def _continues(doc: Doc, j: int) -> bool:
    k = j
    while k < len(doc) and doc[k].lower_ in _CONNECTORS:
        k += 1
    return k < len(doc) and k - j <= 2 and (_is_cap(doc[k]) or bool(_NUMBER.match(doc[k].text)))


def _named_title(doc: Doc, start: int, end: int) -> tuple[str, str, int] | None:
    """(title, kind, end token) of a run that names a document, else None."""
    k = kinds()
    words = [t for t in doc[start:end] if t.is_alpha and _is_cap(t)]
    if not words:
        return None
    first = words[0]
    nxt = doc[first.i + 1] if first.i + 1 < len(doc) else None
    if first.lower_ in k.named_heads and nxt is not None and nxt.lower_ in k.first_word_preps:
        head, stop = first, _trim_year_tail(doc, start, end)
    else:
        head = _last_head(doc, words, end)
        stop = head.i + 1
        while stop < end and (_NUMBER.match(doc[stop].text) or _after_no(doc, stop)):
            stop += 1
        stop = _year_tail(doc, stop)
        if head.lower_ not in k.named_heads:
            return None
    if head.lower_ in k.needs_number and not any(_NUMBER.match(t.text) for t in doc[head.i : stop]):
        return None
    stop = _lowercase_completion(doc, head, stop)
    title_start = start + 1 if doc[start].lower_ == "the" else start
    span = doc[title_start:stop]
    if len([t for t in span if t.is_alpha]) < k.min_title_words:
        return None
    return span.text, k.named_heads[head.lower_], stop


_COMPLETION_MAX = 20
_DETERMINERS = frozenset({"a", "an", "the", "its", "their"})
# Document words whose names go on with their subject ("Agreement on ...", not "Accords on ...")
_TOPIC_HEADS = frozenset(
    {"agreement", "treaty", "convention", "memorandum", "protocol", "declaration", "resolution", "decree"}
)


def _lowercase_completion(doc: Doc, head: Token, stop: int) -> int:
    """ "the ... Framework Agreement on official credit support for the development of X": a named
    document whose name runs on in lower case after its document word and a preposition; the end of
    that preposition's phrase, else `stop`."""
    if (
        stop != head.i + 1
        or stop + 2 >= len(doc)
        or doc[stop].lower_ not in kinds().first_word_preps
        or head.lower_ not in _TOPIC_HEADS
    ):
        return stop
    prep, nxt = doc[stop], doc[stop + 1]
    lower = nxt.is_lower and nxt.lower_ != "the" or nxt.lower_ == "the" and doc[stop + 2].is_lower
    if prep.dep_ != "prep" or prep.head != head and prep.head not in head.ancestors or not lower:
        return stop
    end = prep.right_edge.i + 1
    for k in range(stop + 1, end - 1):
        if doc[k].text == "," or doc[k].dep_ == "cc" and doc[k + 1].lower_ in _DETERMINERS:
            end = k  # "... on responsible use of outer space and a new partnership ...": a second thing
            break
    while end > stop + 1 and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1
    if end - stop > _COMPLETION_MAX or any("\n" in t.whitespace_ for t in doc[stop : end - 1]):
        return stop
    return end


def _last_head(doc: Doc, words: list[Token], end: int) -> Token:
    """The last document word of a run, if only a number or a date follows it ('Order 14257 of April 2')."""
    months = re.compile(_MONTHS)
    for word in reversed(words):
        if word.lower_ in kinds().named_heads:
            tail = [t for t in doc[word.i + 1 : end] if t.is_alpha]
            if all(t.lower_ in ("of", "no") or months.fullmatch(t.text) for t in tail):
                return word
    return words[-1]


def _year_tail(doc: Doc, stop: int) -> int:
    # "No. 4 of 2025": a bare year is part of the name; "of April 2, 2025" is a date.
    if stop + 1 < len(doc) and doc[stop].lower_ == "of" and re.fullmatch(r"\d{4}", doc[stop + 1].text):
        return stop + 2
    return stop


def _trim_year_tail(doc: Doc, start: int, end: int) -> int:
    return _year_tail(doc, end)


def _cases(doc: Doc) -> list[Reference]:
    out = []
    name = r"[A-Z][\w’'.-]+(?:,? (?:of the |of |for |and )?[A-Z][\w’'.-]+)*"
    for m in re.finditer(rf"\b{name} v\. {name}", doc.text):
        out.append(Reference(kind="document", title=m.group(0), span=(m.start(), m.end())))
    case_words = "|".join(kinds().case_words)
    for m in re.finditer(rf"\bthe \*?([A-Z][\w-]+)\*? (?:{case_words})\b", doc.text):
        out.append(Reference(kind="document", title=m.group(1), span=(m.start(1), m.end(1))))
    return out


def _parties_to(doc: Doc, i: int) -> bool:
    """ "the Conference of the Parties to the [UN Framework] Convention ...": the document names a
    meeting of its parties, it is not cited."""
    return any(doc[j].text == "Parties" and doc[j + 1].lower_ == "to" for j in range(max(0, i - 8), i))


def _inner_title(doc: Doc, start: int, end: int) -> tuple[tuple[str, str, int] | None, int]:
    """A document named inside a longer name ("Hybrid Event on the Declaration for the Future of the
    Internet"): a document word followed by of/on/for starts the title; (found, its start)."""
    k = kinds()
    for i in range(start + 1, end - 1):
        if doc[i].lower_ in k.named_heads and _is_cap(doc[i]) and doc[i + 1].lower_ in k.first_word_preps:
            if _parties_to(doc, i):
                return None, start
            found = _named_title(doc, i, end)
            if found is not None:
                return found, i
    return None, start


def _own_headline(doc: Doc, start: int, stop: int) -> bool:
    """ "Statement of the Ministry of Foreign Affairs ... in connection with X" heading the text without
    a full stop: the document itself, not one it cites."""
    if doc[start].lower_ not in ("statement", "communique", "communiqué", "declaration", "comment"):
        return False
    line_start = doc.text.rfind("\n", 0, doc[start].idx) + 1
    line_end = doc.text.find("\n", doc[start].idx)
    line = doc.text[line_start : line_end if line_end >= 0 else len(doc.text)].strip()
    return doc.text[line_start : doc[start].idx].strip() == "" and not line.endswith((".", "!", "?"))


def named_references(doc: Doc) -> list[Reference]:
    out = []
    for start, end in _caps_runs(doc):
        found = _named_title(doc, start, end)
        if found is None:
            found, start = _inner_title(doc, start, end)
        if found is None or _own_headline(doc, start, found[2]) or _parties_to(doc, start):
            continue
        title, kind, stop = found
        date = None
        tail = doc.text[doc[stop - 1].idx + len(doc[stop - 1]) :][:40]
        match = re.match(rf",?\s*(?:of|on|dated|signed on)\s+({_DATE.pattern})", tail)
        if match:
            date = _iso(match.group(1))
        owner = doc[start - 1] if start >= 1 and doc[start - 1].tag_ == "POS" else None
        authors = []
        if owner is not None or (start >= 3 and doc[start - 2].tag_ == "POS"):
            pos = owner if owner is not None else doc[start - 2]
            authors = _entities_in([pos.head] + list(pos.head.lefts), ("country", "organization", "person"))
        if not authors and doc[start].lower_ in kinds().named_heads:
            # "Announcement of the Customs Tariff Commission ...": the body in the name issued it.
            authors = _entities_in(doc[start:stop], ("organization",))
        out.append(Reference(kind=kind, title=title, authors=authors, date=date,
                             span=(doc[start].idx, doc[stop - 1].idx + len(doc[stop - 1]))))
        inner = _cited_inside(doc, start, stop)
        if inner is not None:
            out.append(inner)
    return out + _cases(doc)


_INNER_HEADS = frozenset(
    {"treaty", "agreement", "convention", "charter", "declaration", "protocol", "accord"}
)


def _cited_inside(doc: Doc, start: int, stop: int) -> Reference | None:
    """ "the Guidelines for Implementing the Provisions of the Treaty Establishing the Union State":
    an agreement named after "of the" inside a longer document's name is cited as well."""
    for i in range(start + 3, stop - 2):
        if not (
            doc[i].lower_ in _INNER_HEADS
            and _is_cap(doc[i])
            and doc[i - 1].lower_ == "the"
            and doc[i - 2].lower_ in ("of", "to", "under")
        ):
            continue
        end = stop
        while end > i + 1 and not (doc[end - 1].is_alpha and _is_cap(doc[end - 1])):
            end -= 1
        if len([t for t in doc[i:end] if t.is_alpha and _is_cap(t)]) < kinds().min_title_words + 1:
            return None
        span = doc[i:end]
        kind = kinds().named_heads[doc[i].lower_]
        return Reference(kind=kind, title=span.text, span=(span.start_char, span.end_char))
    return None


# --- described documents -------------------------------------------------------------------------


def _described(tok: Token) -> tuple[str, Token] | None:
    """(kind, preposition) if `tok` heads a described document ('a convention on ...')."""
    k = kinds()
    lemma = tok.lemma_.lower()
    if tok.pos_ != "NOUN" or lemma not in k.described_heads or _is_cap(tok):
        return None
    # "upon agreement of the Parties" is consent, not a document: a cited one is determined.
    if not any(c.dep_ in ("det", "poss", "nummod", "amod", "compound", "npadvmod") for c in tok.lefts) \
            and not _dates_before(tok.doc, tok):
        return None
    needed = k.modifiers_required.get(lemma)
    if needed and not any(c.lower_ in needed for c in tok.lefts):
        return None
    if tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in k.excluded_verbs:
        return None
    if tok.dep_ == "attr":
        return None  # "X should become a roadmap for Y": a predicate says what X is, it cites nothing
    preps = k.restricted_preps.get(lemma, k.described_preps)
    prep = next((c for c in tok.rights if c.dep_ in ("prep", "acl") and c.lower_ in preps), None)
    if prep is None:
        return None
    if tok.head.dep_ == "prep" and tok.head.head.lemma_.lower() in k.excluded_verbs:
        return None  # "come to an agreement on"
    objects = k.restricted_objects.get(lemma)
    pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp", "dobj")), None)
    if pobj is None or pobj.pos_ == "PRON":
        return None
    if objects is not None and (pobj is None or pobj.lemma_.lower() not in objects):
        return None
    return k.described_heads[lemma], prep


def _dates_before(doc: Doc, tok: Token) -> list[str]:
    before = doc.text[max(0, tok.idx - 160) : tok.idx]
    match = _DATES_BEFORE.search(before)
    if not match:
        return []
    return [d for d in (_iso(m.group(0)) for m in _DATE.finditer(match.group(1))) if d]


def described_references(doc: Doc) -> list[Reference]:
    out = []
    for tok in doc:
        found = _described(tok)
        if found is None:
            continue
        kind, prep = found
        mods = " ".join(c.lower_ for c in tok.lefts if c.lower_ in kinds().modifiers_required.get(
            tok.lemma_.lower(), ()))
        end = prep.right_edge.i
        while end > prep.i and doc[end].is_punct:
            end -= 1
        title = " ".join(x for x in (mods, tok.lemma_.lower(), doc[prep.i : end + 1].text) if x)
        between = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "between"), None)
        parties = ("country", "organization", "person")
        authors = _entities_in(list(between.subtree), parties) if between is not None else []
        span = (tok.idx, doc[end].idx + len(doc[end]))
        for date in _dates_before(doc, tok) or [None]:
            out.append(Reference(kind=kind, title=title, authors=authors, date=date, span=span))
    return out


def _words(title: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", title.lower())) - {"the", "of", "a", "an"}


def _same(a: Reference, b: Reference) -> bool:
    """One document cited twice: same date and one title's words inside the other's."""
    wa, wb = _words(a.title), _words(b.title)
    if _cited_within(a, b) or _cited_within(b, a):
        return False
    return a.date == b.date and bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


def _cited_within(inner: Reference, outer: Reference) -> bool:
    """An agreement named inside a longer document's name ("... of the Treaty Establishing ...")."""
    return (
        inner.span is not None
        and outer.span is not None
        and outer.span[0] < inner.span[0]
        and inner.span[1] <= outer.span[1]
        and inner.title.split()[0].lower() in _INNER_HEADS
    )


def _dedupe(refs: list[Reference]) -> list[Reference]:
    out: list[Reference] = []
    for ref in sorted(refs, key=lambda r: r.span or (0, 0)):
        if not any(_same(ref, r) for r in out):
            out.append(ref)
    return out


def find_references(doc: Doc) -> list[Reference]:
    return _dedupe(quoted_references(doc) + named_references(doc) + described_references(doc))


@Language.component("communique_references")
def references_component(doc: Doc) -> Doc:
    context.register_extensions()
    doc._.references = find_references(doc)
    return doc
