"""Event triggers: the lexicon of `data/event_triggers.json` compiled into one PhraseMatcher,
and the trigger hits it finds in a Doc, typed and classified as fresh or anaphoric."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    path = resources.files("communique.extract.data").joinpath("event_triggers.json")
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def roles_lexicon() -> dict[str, Any]:
    path = resources.files("communique.extract.data").joinpath("event_roles.json")
    return json.loads(path.read_text(encoding="utf-8"))


class DocCache:
    """Values of one Doc that the event steps read over and over, computed once per Doc.

    `Doc.text` and `Span.text` join every token's text anew on each access, `doc.sents` makes new
    Spans on each pass, and `doc._.entities` goes through spaCy's extension machinery: on a long
    speech that was most of the component's time.  Valid while the Doc's entities do not change,
    i.e. within one call of the component (`cache_scope`)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.memo: dict[str, Any] = {}  # other per-Doc values, by the name of what computes them

    @cached_property
    def text(self) -> str:
        return self.doc.text

    @cached_property
    def sents(self) -> list[Span]:
        return list(self.doc.sents)

    @cached_property
    def lemmas(self) -> list[str]:
        """Each token's `lemma_.lower()`."""
        strings = self.doc.vocab.strings
        lower: dict[int, str] = {}
        out = []
        for h in self.doc.to_array("LEMMA").tolist():
            low = lower.get(h)
            if low is None:
                low = lower[h] = strings[h].lower()
            out.append(low)
        return out

    @cached_property
    def pos(self) -> list[int]:
        """Each token's coarse part of speech (`Token.pos`, a `spacy.symbols` id)."""
        return self.doc.to_array("POS").tolist()

    @cached_property
    def index(self) -> list[str | None]:
        return self.doc._.token_entity or []

    @cached_property
    def entities(self) -> list:
        return self.doc._.entities or []

    @cached_property
    def by_id(self) -> dict:
        return {e.id: e for e in self.entities}

    @cached_property
    def kinds(self) -> dict[str, str]:
        return {e.id: e.kind for e in self.entities}

    def entity_at(self, i: int) -> str | None:
        """`context.entity_at`, without the extension lookup."""
        index = self.index
        return index[i] if index and 0 <= i < len(index) else None

    def span_text(self, span: Span) -> str:
        """`span.text` (a Span's text ends before its last token's whitespace)."""
        return self.text[span.start_char:span.end_char]


_SCOPE: ContextVar[dict[int, DocCache] | None] = ContextVar("communique_events_docs", default=None)


@contextmanager
def cache_scope() -> Iterator[None]:
    """Within the block, `doc_cache` gives each Doc one cache (kept alive, so ids stay unique)."""
    token = _SCOPE.set({})
    try:
        yield
    finally:
        _SCOPE.reset(token)


def doc_cache(doc: Doc) -> DocCache:
    """The Doc's cache inside `cache_scope`; outside it, a fresh one (same values, no reuse)."""
    scope = _SCOPE.get()
    if scope is None:
        return DocCache(doc)
    cache = scope.get(id(doc))
    if cache is None:
        cache = scope[id(doc)] = DocCache(doc)
    return cache


@dataclass
class Trigger:
    span: Span
    type: str  # an event type, or "*anaphor" for generic words ("the event")
    pos: str  # "noun", "verb" or "anaphor"
    refers_to: tuple[str, ...] = ()
    split: bool = False  # "bilateral meetings with X and Y": one event per person after "with"

    @property
    def head(self) -> Token:
        return span_head(self.span)


def span_head(span: Span) -> Token:
    """The token of `span` whose syntactic head lies outside it (the last token without a parse)."""
    if not span.doc.has_annotation("DEP"):
        return span[-1]
    for tok in span:
        if tok.head == tok or not (span.start <= tok.head.i < span.end):
            return tok
    return span[-1]


def build_matcher(vocab: Vocab) -> PhraseMatcher:
    """One matcher for every phrase; match ids are `pos|type` strings."""
    lex = lexicon()
    matcher = PhraseMatcher(vocab, attr="LOWER")
    tokenizer_doc = Doc  # phrases are tokenized on whitespace and hyphens like the English tokenizer

    def docs(phrases: list[str]) -> list[Doc]:
        return [tokenizer_doc(vocab, words=_words(p)) for p in phrases]

    for pos in ("nouns", "verbs"):
        for etype, phrases in lex[pos].items():
            matcher.add(f"{pos[:-1]}|{etype}", docs(phrases))
    for word, refers in lex["anaphors"].items():
        matcher.add(f"anaphor|{'/'.join(refers)}", docs([word]))
    return matcher


def _words(phrase: str) -> list[str]:
    """Split like spaCy's English tokenizer does for our phrases: on spaces and infix hyphens."""
    out: list[str] = []
    for part in phrase.split():
        pieces = part.split("-")
        for i, piece in enumerate(pieces):
            if i:
                out.append("-")
            if piece:
                out.append(piece)
    return out


def _pos_ok(tok: Token, pos: str) -> bool:
    """Nouns must not be verbs and verbs must be verbs, when the model has tagged the Doc."""
    if not tok.doc.has_annotation("TAG"):
        return True
    is_verb = tok.tag_.startswith("VB")
    return is_verb if pos == "verb" else not is_verb


def find_triggers(doc: Doc, matcher: PhraseMatcher) -> list[Trigger]:
    """Trigger hits, longest match first, filtered by part of speech, in text order."""
    lex = lexicon()
    labelled: dict[tuple[int, int], str] = {}
    spans = []
    for match_id, start, end in matcher(doc):
        label = doc.vocab.strings[match_id]
        span = doc[start:end]
        pos = label.split("|", 1)[0]
        head = span_head(span) if pos != "verb" else span[0]
        if not _pos_ok(head, "verb" if pos == "verb" else "noun"):
            continue
        key = (start, end)
        # a phrase listed as both noun and verb keeps the reading its tag allows
        if key not in labelled or pos != "anaphor":
            labelled[key] = label
            spans.append(span)
    out = []
    for span in sorted(filter_spans(spans), key=lambda s: s.start):
        pos, etype = labelled[(span.start, span.end)].split("|", 1)
        head = span_head(span) if pos != "verb" else span[0]
        if pos == "noun" and head.lower_ in lex["plural_skip"] or _quoted(span):
            continue
        if pos == "anaphor" and _named_event(span):
            out.append(Trigger(span, "conference", "noun"))
        elif pos == "anaphor":
            out.append(Trigger(span, "*anaphor", "anaphor", tuple(etype.split("/"))))
        elif pos == "noun" and _noun_ok(span, head) or pos == "verb" and _verb_ok(span[0]):
            out.append(Trigger(span, etype, pos))
    out = sorted(out + _split_plurals(doc, {t.head.i for t in out}), key=lambda t: t.span.start)
    heads = {t.head.i for t in out if t.pos == "noun"}
    cultural = {t.span[0].i for t in out if t.type == "cultural_event"}
    # "visited an exhibition": the noun names the event, the verb only says who went; "visited the
    # Memorial, where he laid flowers": so does the event told of the site
    return [t for t in out if t.pos != "verb" or not any(
        c.i in heads or t.type == "visit" and any(
            r.dep_ == "relcl" and any(g.i in cultural for g in r.subtree) for r in c.children)
        for c in t.span[0].children if c.dep_ in ("dobj", "obj"))]


def _split_plurals(doc: Doc, taken: set[int]) -> list[Trigger]:
    """"held bilateral meetings with X and Y": a plural event word with two or more named people
    after its "with" tells one event with each of them."""
    if not doc.has_annotation("DEP"):
        return []
    plurals = lexicon()["split_plurals"]
    out = []
    for tok in doc:
        two = doc[tok.i - 1:tok.i + 1] if tok.i > 0 else None
        phrase = two.text.lower() if two is not None and two.text.lower() in plurals else tok.lower_
        if phrase not in plurals or tok.i in taken or tok.tag_ != "NNS" and " " not in phrase:
            continue
        if len(with_people(tok)) >= 2:
            span = two if " " in phrase and two is not None else doc[tok.i:tok.i + 1]
            out.append(Trigger(span, plurals[phrase], "noun", split=True))
    return out


_CLAUSE_ENDS = frozenset({";", ".", "where", "which", "who", "during", "while", "to"})


def with_people(tok: Token) -> list[str]:
    """The people named after the "with" of `tok`, up to the end of the phrase's clause (the parser
    often hangs the last of a long list elsewhere)."""
    doc = tok.doc
    cache = doc_cache(doc)
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"), None)
    out: list[str] = []
    for t in doc[prep.i + 1:tok.sent.end] if prep is not None else []:
        if t.lower_ in _CLAUSE_ENDS or t.pos_ in ("VERB", "AUX"):
            break
        ent = cache.entity_at(t.i)
        if ent and cache.kinds.get(ent) == "person" and ent not in out:
            out.append(ent)
    return out


def _named_event(span: Span) -> bool:
    """"the High-Level Multi-stakeholder Hybrid Event": a capitalized "Event" ending a proper name of
    two or more capitalized words, inside a sentence (not a headline's capitals)."""
    if len(span) != 1 or span[0].lower_ != "event" or not span[0].is_title or span[0].is_sent_start:
        return False
    words = []
    for tok in reversed(span.doc[span.sent.start:span.start]):
        hyphened = tok.i > 0 and tok.doc[tok.i - 1].text == "-"  # "Multi-stakeholder"
        if not (tok.is_title or tok.is_upper or tok.text == "-" or hyphened and tok.is_alpha):
            break
        words.append(tok)
    lower = [t for t in span.sent if t.is_alpha and t.is_lower and len(t) > 3]
    return len([w for w in words if w.is_alpha or "-" in w.text]) >= 2 and len(lower) >= 3


def _quoted(span: Span) -> bool:
    """Inside a quoted title ("Astana Summit 2024: ...") a trigger word names nothing itself."""
    text = doc_cache(span.doc).text
    before = text[span.sent.start_char:span.start_char]
    straight = before.count('"') % 2 == 1
    curly = before.count("\u201c") > before.count("\u201d")
    if not (straight or curly):
        return False
    opening = max(before.rfind('"'), before.rfind("\u201c"))
    after = text[span.end_char:]
    ends = [i for i in (after.find('"'), after.find("\u201d")) if i >= 0]
    quoted = before[opening + 1:] + span.text + after[:min(ends) if ends else len(after)]
    return len(quoted.split()) <= _TITLE_WORDS  # a longer quotation is speech, whose events count


_TITLE_WORDS = 15


def _noun_ok(span: Span, head: Token) -> bool:
    """Trigger nouns that name no event here: "calls for peace", "as a primary forum", and words
    inside an organization's name ("Russian Jewish Congress") unless they end an event-like name."""
    doc = span.doc
    if head.lower_ == "call" and span.end < len(doc) and doc[span.end].lower_ in lexicon()["call_blockers"]:
        return False
    start = head.left_edge.i if doc.has_annotation("DEP") else span.start
    if start >= 1 and doc[start - 1].lower_ == "as":
        return False
    sports = lexicon()["sports_modifiers"]
    if any(c.dep_ in ("amod", "compound") and c.lower_ in sports for c in head.children):
        return False  # "the next landmark sports festival": a sports event, no record type
    cache = doc_cache(doc)
    index = cache.index
    ent = index[head.i] if head.i < len(index) else None
    kinds = cache.kinds
    if ent and kinds.get(ent) == "organization":
        last = head.i + 1 >= len(index) or index[head.i + 1] != ent
        return last and head.lower_ in ("forum", "summit", "conference", "session")
    return True


def names_an_event(tok: Token) -> bool:
    """A noun that is itself an event word: "the event", "the forum", "the round table"."""
    lex = lexicon()
    word = tok.lower_
    return word in lex["anaphors"] or any(word == p.split()[-1] for phrases in lex["nouns"].values()
                                          for p in phrases)


def _verb_ok(verb: Token) -> bool:
    """Verbs that double as plain words ("meet the goals", "opened up the market") count only
    with a party as object or, for sites, in the passive ("the street was opened")."""
    doc = verb.doc
    if not doc.has_annotation("DEP"):
        return True
    cache = doc_cache(doc)
    kinds = cache.kinds
    index = cache.index
    objs = [c for c in verb.children if c.dep_ in ("dobj", "obj")]

    def party(tok: Token) -> str | None:
        found = [kinds.get(index[t.i]) for t in tok.subtree if t.i < len(index) and index[t.i]]
        return found[0] if found else None

    if verb.lower_ in ("sign", "signs", "signed"):  # agreements, not decrees or executive orders
        wanted = set(lexicon()["signing_objects"])
        return any(o.lower_ in wanted for o in objs) or (not objs and any(
            c.dep_ == "nsubjpass" and c.lower_ in wanted for c in verb.children))
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if verb.lower_ in ("received", "welcomed"):  # "received the Ambassador", not "received support";
        # "welcomed President X to the White House", not "welcomed the decision"
        return any(kinds.get(index[t.i]) == "person" for o in objs + passive for t in o.subtree
                   if t.i < len(index) and index[t.i])
    if verb.lower_ in lexicon()["site_verbs"]:
        # "the street was opened", but "the event was opened by X" tells who spoke first
        return any(not names_an_event(p) for p in passive) or any(party(o) in ("location", "organization")
                                                                  for o in objs)
    if verb.lower_ in ("meet", "meets", "met", "meeting"):
        # a meeting has a counterpart: "met with X", "met X", or "X and Y met"
        withs = [g for c in verb.children if c.lower_ == "with" for g in c.subtree]
        from communique.extract.roles import prep_objects  # roles imports this module

        withs += [g for o in prep_objects(verb, ("with",)) for g in o.subtree]
        subj_conj = any(c.dep_ == "nsubj" and c.conjuncts for c in verb.children)
        return any(party(o) in ("person", "country", "organization") for o in objs) or subj_conj or any(
            index[t.i] for t in withs if t.i < len(index))
    return True
