"""Entities: people, organizations, countries and places, one entry per real-world thing.

The component gathers candidate mentions from data-driven rules (country, place and
organization gazetteers, organization name chunks, title-anchored people) and from the
statistical NER, keeps the best non-overlapping reading, groups mentions into entities, and
resolves title-only and surname-only mentions within the document (see `coref`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from communique.extract import coref, countries, orgs, places, titles
from communique.extract.lexicons import Mention, load
from communique.records import Entity, Role

# Which reading wins when two candidate mentions overlap (higher wins; then the longer one).
_PRIORITY = {"person": 5, "chunk": 4, "gazetteer": 3, "country": 3, "ner": 1}
_NER_LOCATION = ("GPE", "LOC", "FAC")


@dataclass
class _Person:
    """A person as gathered from mentions before ids are given."""

    names: list[tuple[int, int]] = field(default_factory=list)
    roles: list[titles.RoleMention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    extra_mentions: list[tuple[int, int]] = field(default_factory=list)


def country_code(name: str) -> str | None:
    """ISO alpha-2 code of a country name or adjective, or None (kept for other modules)."""
    return countries.country_code(name)


class EntityLayer:
    """The `communique_entities` component: matchers are compiled once, at construction."""

    def __init__(self, vocab: Vocab, make_doc: Callable[[str], Doc]) -> None:
        self.make_doc = make_doc
        self.country_matcher = countries.build_matcher(vocab)
        self.place_matcher = places.build_matcher(vocab)
        self.org_gazetteer, self.org_heads = orgs.build_matchers(vocab)
        self.title_matcher = titles.build_matcher(vocab)

    def __call__(self, doc: Doc) -> Doc:
        mentions = self._mentions(doc)
        assembler = _Assembler(doc, mentions, self.title_matcher)
        ents, doc._.token_entity = assembler.run()
        title = doc._.title if Doc.has_extension("title") else None
        if title:
            ents = _merge_headline(ents, self._headline(title))
            assembler.resolve_late(ents)
        publisher = _publisher(doc._.source_name if Doc.has_extension("source_name") else None)
        if publisher is not None:
            assembler.publisher_defaults(ents, publisher)
        doc._.entities = ents
        return doc

    def _headline(self, title: str) -> list[Entity]:
        """Entities of the headline, read by the rules alone (the headline is not in the text)."""
        hdoc = self.make_doc(title)
        return _Assembler(hdoc, self._mentions(hdoc), self.title_matcher).run()[0]

    # -- candidate mentions ------------------------------------------------------------------------
    def _mentions(self, doc: Doc) -> list[Mention]:
        base = countries.find(doc, self.country_matcher) + places.find(doc, self.place_matcher)
        base += orgs.gazetteer_mentions(doc, self.org_gazetteer) + orgs.media_mentions(doc)
        chosen = [m for m in _select(base) if not _names_a_thing(doc, m)]
        media = [m for m in chosen if getattr(m, "media", False) and not m.nested]
        chosen = [  # "Washington" of "The Washington Post" is no place of the text
            m for m in chosen if not (m.nested and any(o.start <= m.start and m.end <= o.end for o in media))
        ]
        stops = {m.start: m for m in chosen if not m.nested}
        chunks = orgs.chunk_mentions(doc, self.org_heads, stops)
        chunks = [m for m in chunks if not _in_quoted_title(doc[m.start : m.end])]
        for m in chunks + chosen:
            prev = [t.lower_ for t in doc[max(0, m.start - 2) : m.start]]
            m.after_of = "of" in prev  # type: ignore[attr-defined]
        chosen = _select(chosen + [m for m in chunks if not _same_span(m, chosen)])
        chosen = _prefer_people(doc, chosen)
        taken = {i for m in chosen if not m.nested for i in range(m.start, m.end)}
        chosen += _acronym_mentions(doc, chosen, taken)
        return sorted(chosen, key=lambda m: (m.start, -m.end))


# Nouns that, right after a place name, make it the name of a document, a negotiating format or a
# market rather than the place: "the Istanbul Convention", "the Minsk agreements", "the Normandy
# format", "the Moscow Exchange".
_PLACE_THING_WORDS = frozenset({"Convention", "Conventions", "Protocol", "Protocols", "agreements", "accords",
                                "format", "Exchange", "Stock"})


_DOCUMENT_WORDS = frozenset({"Convention", "Conventions", "Protocol", "Protocols", "agreements", "accords"})


def _names_a_document(span: Span) -> bool:
    """An NER 'organization' that is a convention or an agreement, or the place that names one."""
    doc = span.doc
    last = span[-1].text
    nxt = doc[span.end].text if span.end < len(doc) else ""
    return last in _DOCUMENT_WORDS or (len(span) == 1 and nxt in _DOCUMENT_WORDS)


def _names_a_thing(doc: Doc, m: Mention) -> bool:
    """ "the ROK's new Indo-Pacific Strategy": a place that names a strategy, an initiative or a
    document is no place of the text."""
    if m.kind != "location" or m.end >= len(doc):
        return False
    return doc[m.end].text in orgs.data()["thing_words"] or doc[m.end].text in _PLACE_THING_WORDS


def _same_span(m: Mention, others: list[Mention]) -> bool:
    return any(o.start == m.start and o.end == m.end for o in others)


def _rank(m: Mention) -> tuple[int, int]:
    key = "country" if m.kind == "country" else m.source
    return (_PRIORITY.get(key, 2), m.end - m.start)


def _select(cands: list[Mention]) -> list[Mention]:
    """Best non-overlapping reading; mentions inside a chosen organization stay as nested ones."""
    chosen: list[Mention] = []
    for m in sorted(cands, key=lambda c: (-(c.end - c.start), -_rank(c)[0], c.start)):
        m.nested = False
        clash = [c for c in chosen if not c.nested and c.start < m.end and m.start < c.end]
        if not clash:
            chosen.append(m)
        elif all(c.kind == "organization" and c.start <= m.start and m.end <= c.end for c in clash) and (
            m.kind in ("country", "location") or all(c.source == "chunk" for c in clash) and _after_of(m)
        ):
            m.nested = True
            chosen.append(m)
    return chosen


def _after_of(m: Mention) -> bool:
    """Set by `_select`'s caller: an organization named inside another after "of (the)"."""
    return getattr(m, "after_of", False)


def _strip(span: Span) -> Span:
    """Drop a leading article and a trailing possessive from an NER span."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and span.doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    return span.doc[start:end]


_COMPASS = frozenset({"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western"})
_PROJECT_NOUNS = frozenset({"project", "projects", "pipeline", "pipelines", "programme", "program"})
_NAMED_GROUPINGS = ("format", "formula", "quartet", "group")


def _format_words(doc: Doc) -> frozenset[str]:
    """Names of negotiation formats ("the Normandy format"): the word is the format's throughout."""
    return frozenset(
        doc[i - 1].text
        for i in range(1, len(doc))
        if doc[i].lower_ in _NAMED_GROUPINGS and doc[i].is_lower and doc[i - 1].text[:1].isupper()
    )


def _shouted(span: Span) -> bool:
    """A span inside an all-capitals line ("UAE CONTRIBUTES 500,000 DOSES"): the NER reads noise there."""
    words = (
        [t for t in span.sent if t.is_alpha and len(t) > 1] if span.doc.has_annotation("SENT_START") else []
    )
    return len(words) >= 3 and sum(t.is_upper for t in words) >= 0.6 * len(words)


def _not_a_name(span: Span, formats: frozenset[str]) -> bool:
    """NER spans that name no entity: a format, a bare compass word, a plural of an organization
    noun ("the Ministries of Foreign Affairs"), a common noun the tagger saw ("Attendees")."""
    words = [t for t in span if t.is_alpha]
    if not words or all(t.text in formats for t in words):
        return True
    if len(span) == 1 and span.text in _COMPASS:
        return True
    if span[-1].is_lower and span[-1].is_alpha and span[-1].lower_ not in ("of", "and"):
        return True  # "the Indo-Pacific region": a name ends with a name word, not a common noun
    first, heads = words[0].text, orgs.head_nouns()
    if first.endswith("ies") and f"{first[:-3]}y" in heads or first.endswith("s") and first[:-1] in heads:
        return True
    if all(t.pos_ in ("NOUN", "ADJ", "VERB", "ADV") and not t.tag_.startswith("NNP") for t in span):
        return True
    if len(span) == 1 and span[0].tag_ == "NNPS" and span[0].is_sent_start:
        return True  # "Attendees also discussed ...": a plural noun capitalized by its position
    return span.text.isupper() and len(span) >= 1 and _shouted(span) and not orgs.is_acronym(span.text)


def _from_ner(ent: Span, formats: frozenset[str] = frozenset()) -> Mention | None:
    span = _strip(ent)
    if not len(span) or not span.text[:1].isupper() or _not_a_name(span, formats):
        return None
    if ent.label_ == "ORG" and _person_shaped(span):
        return None  # "Abai Kunanbayuly": a personal name the NER read as a body
    if _inside_a_title(span):
        return None
    if _place_before_country(span) and not countries.country_code(span.text):
        name = places.canonical(span.text)
        return Mention(span.start, span.end, "location", name, name, places.place_country(name), "ner")
    if ent.label_ == "ORG" and _names_a_document(span):
        return None  # "the Istanbul Convention", "the Minsk agreements": a document, not a body
    if ent.label_ == "ORG" and orgs.looks_like_org(span) and not _in_quoted_title(span):
        return Mention(span.start, span.end, "organization", span.text, span.text, None, "ner")
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if nxt is not None and nxt.lower_ in ("countries", "nations", "states", "partners"):
        return None  # "Pacific Island countries": a group, not a place
    if (ent.label_ in _NER_LOCATION or _place_not_people(span, ent.label_)) and not countries.country_code(
        span.text
    ):
        if span.text in titles.lex()["not_names"] or orgs.is_event_name(span):
            return None
        if nxt is not None and nxt.lower_ in _PROJECT_NOUNS:
            return None  # "the Nord Stream 2 project": a project's name, not a place
        name = places.canonical(span.text)
        return Mention(span.start, span.end, "location", name, name, places.place_country(name), "ner")
    return None


_QUOTES_OPEN = frozenset({'"', "“", "«", "„"})
_QUOTES_CLOSE = frozenset({'"', "”", "»", "“"})
_TITLE_CUES = frozenset({"on", "titled", "entitled", "themed", "called", "named", "theme"})


def _in_quoted_title(span: Span) -> bool:
    """'a round table on "Kazakhstan and ASEAN: New Horizons of Partnership"': words inside the
    quoted title of an event or a work name no body."""
    doc = span.doc
    i = span.start - 1
    while i >= 0 and span.start - i <= 15 and doc[i].text not in _QUOTES_OPEN | _QUOTES_CLOSE:
        i -= 1
    if i < 1 or doc[i].text not in _QUOTES_OPEN:
        return False
    # 'signed Law No. 1915-IX "On the Service of Military Chaplains"': a law's title opens with "On"
    if doc[i - 1].lower_ not in _TITLE_CUES and not (i + 1 < len(doc) and doc[i + 1].text == "On"):
        return False
    if doc[i].text == '"' and sum(t.text == '"' for t in doc[:i]) % 2:
        return False  # a plain quote mark that closes an earlier quotation
    return any(doc[k].text in _QUOTES_CLOSE for k in range(span.end, min(len(doc), span.end + 15)))


def _place_not_people(span: Span, label: str) -> bool:
    """ "While in Sevastopol, ...": a name the recognizer read as a nationality or group (NORP)
    after "in/to/from" and before a clause boundary is where something happens."""
    doc = span.doc
    if label != "NORP" or span.start == 0 or doc[span.start - 1].lower_ not in ("in", "to", "from"):
        return False
    if span[-1].tag_ == "NNPS" or span.text.endswith(("ans", "ese", "ites", "ish")):
        return False  # "to learn from Ukrainians, ...": a people
    nxt = doc[span.end] if span.end < len(doc) else None
    return all(t.is_alpha and t.is_title for t in span) and (
        nxt is None or nxt.is_punct or nxt.pos_ in ("ADP", "CCONJ", "SCONJ", "VERB", "AUX")
    )


def _inside_a_title(span: Span) -> bool:
    """ "the Declaration for the Future of the Internet": words after a document's or an event's
    name word and its preposition belong to that name, not to an organization or a place."""
    doc, i = span.doc, span.start
    if i > 0 and doc[i - 1].lower_ == "the":
        i -= 1
    return (
        i >= 2
        and doc[i - 1].lower_ in ("for", "of", "on")
        and doc[i - 2].text in orgs.data()["event_words"]
        and doc[i - 2].text[:1].isupper()
    )


def _place_before_country(span: Span) -> bool:
    """ "in Palomares, Spain": a name between "in" and ", COUNTRY" is a place of that country."""
    doc = span.doc
    return (
        span.start > 0
        and doc[span.start - 1].lower_ == "in"
        and span.end + 1 < len(doc)
        and doc[span.end].text == ","
        and countries.country_code(doc[span.end + 1].text) is not None
        and all(t.is_alpha and t.is_title for t in span)
    )


def _person_shaped(span: Span) -> bool:
    """Two or three name words, the last with a surname ending (-uly, -ovich, -enko, -yan, -ov...),
    none an organization, title or portfolio word, no organization noun right before or after."""
    words = [t for t in span]
    if not 2 <= len(words) <= 3 or not all(t.is_alpha and t.is_title and len(t) > 1 for t in words):
        return False
    sets, heads = titles._sets(), orgs.head_nouns()
    if any(t.text in heads or t.text in sets["not_names"] or t.text in sets["portfolio"] for t in words):
        return False
    if any(countries.country_code(t.text) for t in words):
        return False
    doc = span.doc
    near = [doc[i].text for i in (span.start - 1, span.end) if 0 <= i < len(doc)]
    if any(w in heads for w in near):
        return False
    last = words[-1].lower_
    return any(last.endswith(e) and len(last) >= len(e) + 3 for e in titles.lex()["surname_endings"])


def _prefer_people(doc: Doc, chosen: list[Mention]) -> list[Mention]:
    """A place inside a personal name the NER found ("Santiago Peña") is part of the name."""
    people = [e for e in doc.ents if e.label_ == "PERSON" and len(e) > 1]
    return [
        m
        for m in chosen
        if not (
            m.kind == "location"
            and any(
                p.start <= m.start and m.end <= p.end and (p.start, p.end) != (m.start, m.end) for p in people
            )
        )
    ]


def _add_ner(doc: Doc, chosen: list[Mention], blocked: set[int]) -> list[Mention]:
    """The NER's organizations and places where no rule, title or name already reads the tokens."""
    taken = set(blocked) | {i for m in chosen if not m.nested for i in range(m.start, m.end)}
    person_tokens = {i for e in doc.ents if e.label_ == "PERSON" for i in range(e.start, e.end)}
    out = list(chosen)
    formats = _format_words(doc)
    for ent in doc.ents:
        m = _from_ner(ent, formats)
        if m is None or any(i in taken for i in range(ent.start, ent.end)):
            continue
        if m.kind == "location" and len(m.name.split()) == 1 and m.country is None and _name_like(doc, ent):
            continue
        out.append(m)
        taken.update(range(m.start, m.end))
    del person_tokens
    out += _acronym_mentions(doc, out, taken)
    return sorted(out, key=lambda m: (m.start, -m.end))


def _name_like(doc: Doc, ent: Span) -> bool:
    """A lone capitalized word next to another name-like word is more likely part of a name."""
    nxt = doc[ent.end] if ent.end < len(doc) else None
    prv = doc[ent.start - 1] if ent.start > 0 else None
    # a neighbour that starts or ends a personal name of its own ("of Hesse Martin Falk") is not
    # part of this one
    own = {e.start for e in doc.ents if e.label_ == "PERSON"} | {
        e.end - 1 for e in doc.ents if e.label_ == "PERSON"
    }
    return any(
        t is not None and t.text[:1].isupper() and t.is_alpha and not t.is_sent_start and t.i not in own
        for t in (nxt, prv)
    )


def _acronym_mentions(doc: Doc, chosen: list[Mention], taken: set[int]) -> list[Mention]:
    """Later uses of an acronym defined in the text ("... Islamabad (ISSI)") mention the full name."""
    defs = orgs.acronym_definitions(doc, [m for m in chosen if m.kind == "organization" and not m.nested])
    out = []
    for tok in doc:
        full = defs.get(tok.text)
        if full is not None and tok.i not in taken:
            out.append(Mention(tok.i, tok.i + 1, "organization", full.key, tok.text, full.country, "acronym"))
            taken.add(tok.i)
    return out


class _Assembler:
    """Groups mentions into entities, reads titles and names, resolves references."""

    def __init__(self, doc: Doc, mentions: list[Mention], title_matcher: object) -> None:
        self.doc = doc
        self.mentions = mentions
        self.title_matcher = title_matcher
        self.token_entity: list[str | None] = [None] * len(doc)

    def run(self) -> tuple[list[Entity], list[str | None]]:
        doc = self.doc
        at = {m.start: m for m in self.mentions if not m.nested}
        reader = titles.TitleReader(doc, at, titles.heads(doc, self.title_matcher))
        chains = reader.chains()
        self.mentions = sorted(self.mentions + reader.extra, key=lambda m: (m.start, -m.end))
        blocked = set(reader.covered)
        for ch in chains:
            blocked.update(range(ch.start, ch.end))
            if ch.name:
                blocked.update(range(*ch.name))
        self.mentions = _add_ner(doc, self.mentions, blocked)
        self._blocked = blocked
        people, refs = self._people(chains, reader.covered)
        self.mentions = _not_names(doc, self.mentions, people)
        ents = self._non_people() + self._people_entities(people)
        ents.sort(key=lambda e: min(e.mentions) if e.mentions else (len(doc.text), 0))
        ids = {id(e): f"e{n}" for n, e in enumerate(ents, 1)}
        for e in ents:
            e.id = ids[id(e)]
        self._fill_tokens(ents)
        self._resolve(ents, refs)
        for e in ents:
            e.mentions = sorted(set(e.mentions))
        return ents, self.token_entity

    # -- organizations, countries, places -----------------------------------------------------------
    def _non_people(self) -> list[Entity]:
        groups: dict[tuple[str, str], list[Mention]] = {}
        for m in self.mentions:
            key = m.country if m.kind == "country" else m.key.lower()
            groups.setdefault((m.kind, key or m.key), []).append(m)
        out = []
        for (kind, _), ms in groups.items():
            if kind == "location" and all(m.nested and self._name_word_place(m) for m in ms):
                continue  # "Astana" of "Astana International Financial Centre": part of a name
            if kind == "organization" and all(m.nested and self._leading_body(m) for m in ms):
                continue  # "OSCE" of "the OSCE Minsk Group": the parent body names its group
            forms = [_surface(self.doc, m) for m in ms]
            name = (
                ms[0].name
                if kind == "country" or ms[0].source in ("gazetteer", "acronym")
                else max(forms, key=len)
            )
            if kind == "organization" and any(m.source == "gazetteer" for m in ms):
                name = next(m.name for m in ms if m.source == "gazetteer")
            aliases = _unique([f for f in forms if f != name])
            country = ms[0].country
            if kind == "organization" and ms[0].source != "gazetteer":
                country = next(
                    (orgs.country_of(self.doc, m, self.mentions) for m in ms if m.source != "acronym"), None
                )
            ent = Entity(id="", kind=kind, name=name, aliases=aliases, country=country)
            ent.mentions = [
                (self.doc[m.start].idx, self.doc[m.end - 1].idx + len(self.doc[m.end - 1])) for m in ms
            ]
            ent._owned = [(m.start, m.end) for m in ms if not m.nested]  # type: ignore[attr-defined]
            out.append(ent)
        return _join_places(
            _join_boards(_join_short_forms(_join_company_forms(_join_acronyms(out)), self.mentions))
        )

    def _leading_body(self, m: Mention) -> bool:
        """An organization that opens a longer organization's name, more name words after it
        ("the OSCE Minsk Group"), unlike one after "of" ("Council of Ministers of the CIS")."""
        doc = self.doc
        return (
            m.end < len(doc)
            and doc[m.end].text[:1].isupper()
            and any(
                o.kind == "organization"
                and not o.nested
                and o.start in (m.start, m.start - 1)
                and o.end > m.end
                for o in self.mentions
            )
        )

    def _name_word_place(self, m: Mention) -> bool:
        """A place inside an organization's name that more name words follow ("OSCE Minsk Group"),
        unlike the place that closes it ("Institute of Strategic Studies Islamabad", "Embassy of
        Kazakhstan in Moscow")."""
        doc = self.doc
        return m.end < len(doc) and doc[m.end].text[:1].isupper() and doc[m.start - 1].lower_ != "in"

    # -- people ------------------------------------------------------------------------------------
    def _people(self, chains: list[titles.TitleChain], covered: set[int]) -> tuple[list[_Person], list]:
        doc = self.doc
        found: list[tuple[tuple[int, int], list[titles.RoleMention]]] = []
        refs: list[coref.Reference] = []
        blocked = set(covered)
        for ch in chains:
            blocked.update(range(ch.start, ch.end))
        for ch in chains:
            if ch.name:
                found.append((ch.name, ch.roles))
                blocked.update(range(*ch.name))
        formats = _format_words(doc)
        ner_names = [
            self._ner_name(ent, blocked)
            for ent in doc.ents
            if (ent.label_ == "PERSON" or ent.label_ == "ORG" and _person_shaped(_strip(ent)))
            and not all(t.text in formats for t in ent if t.is_alpha)
        ]
        names = [n for n in ner_names if n]
        names += self._honorific_names(blocked)
        for ch in chains:
            if ch.name:
                continue
            owner = self._appositive_owner(ch, found, names)
            if owner is not None:
                found.append((owner, ch.roles))
            else:
                refs.append(self._title_ref(ch))
        for span in names:
            found.append((span, []))
        return _group_people(doc, found), refs

    def _ner_name(self, ent: Span, blocked: set[int]) -> tuple[int, int] | None:
        span = _strip(ent)
        start, end = span.start, span.end
        sets = titles._sets()
        while start < end and (self.doc[start].text in sets["honorifics"] or start in blocked):
            start += 1
        while end > start and (end - 1) in blocked:
            end -= 1
        if end <= start or any(i in blocked for i in range(start, end)):
            return None
        run = titles.name_run(self.doc, start, blocked, anchored=True)
        if run is None or run[1] < end:
            return None
        return (start, end)

    def _honorific_names(self, blocked: set[int]) -> list[tuple[int, int]]:
        out = []
        for tok in self.doc:
            if tok.text in titles._sets()["honorifics"] and tok.text[:1].isupper():
                j = tok.i + 1
                run = titles.name_run(self.doc, j, blocked, anchored=True)
                if run:
                    out.append(run)
        return out

    def _appositive_owner(self, ch: titles.TitleChain, found: list, names: list) -> tuple[int, int] | None:
        if not titles.appositive_roles(self.doc, ch):
            return None
        end = ch.start - 1
        for span, _ in found:
            if span[1] == end:
                return span
        for span in names:
            if span[1] == end:
                return span
        return titles.name_ending_at(self.doc, end, self._blocked)

    def _title_ref(self, ch: titles.TitleChain) -> coref.Reference:
        role = ch.roles[0]
        start = ch.start - 1 if ch.determiner else ch.start  # "the Ambassador", article included
        org = role.org.key if role.org else None
        # "the Advisor to the Head of the President's Office": the whole title phrase is matched
        whole = coref.normal_title(role.title) if any(p in role.title for p in (" of ", " to ")) else None
        return coref.Reference(start, ch.end, role.head, (), role.country, org, whole)

    def _people_entities(self, people: list[_Person]) -> list[Entity]:
        out = []
        doc = self.doc
        for p in people:
            forms = _unique([titles.spaced_initials(doc[s:e].text) for s, e in p.names])
            name = max(forms, key=lambda f: (len(f.split()), len(f)))
            kept = _merge_roles(p.roles)
            roles = [role for role, _ in kept]
            country = next((r.country for r in roles if r.country), None)
            ent = Entity(
                id="",
                kind="person",
                name=name,
                aliases=_unique([f for f in forms if f != name]),
                country=country,
                roles=roles,
            )
            ent.mentions = [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for s, e in p.names]
            ent._owned = list(p.names)  # type: ignore[attr-defined]
            ent._role_orgs = [org for _, org in kept]  # type: ignore[attr-defined]
            out.append(ent)
        return out

    # -- tokens and references ---------------------------------------------------------------------
    def _fill_tokens(self, ents: list[Entity]) -> None:
        by_key = {}
        for e in ents:
            for s, t in getattr(e, "_owned", []):
                for i in range(s, t):
                    self.token_entity[i] = e.id
                by_key[(s, t)] = e
        # role organizations point at the organization's entity id
        for e in ents:
            for role, org in zip(e.roles, getattr(e, "_role_orgs", []), strict=False):
                if org is not None:
                    target = by_key.get((org.start, org.end))
                    role.organization = target.id if target else None
                    if target is not None and role.country is None:
                        role.country = target.country  # "Chargé d'Affaires of the Embassy of the UAE"
            if e.kind == "person" and e.country is None:
                e.country = next((r.country for r in e.roles if r.country), None)
        _posted_diplomats(ents)
        for e in ents:
            for attr in ("_owned", "_role_orgs"):
                if hasattr(e, attr):
                    delattr(e, attr)

    def _resolve(self, ents: list[Entity], refs: list[coref.Reference]) -> None:
        doc = self.doc
        people = [e for e in ents if e.kind == "person"]
        nouns = titles.lex()["nouns"]
        country_at = {m.start: m.country for m in self.mentions if m.kind == "country" and m.adjective}
        countries_at = {m.start: (m.country, m.end) for m in self.mentions if m.kind == "country"}
        nrefs = coref.noun_references(doc, nouns, country_at, countries_at)
        refs = sorted(refs + nrefs, key=lambda r: (r.start, -r.end))
        self._countries = {e.id for e in ents if e.kind == "country"}
        self._named_spans(people)
        self._surnames(people)  # first: "Nurtleu" tells which minister "the minister" follows
        self.unresolved = []
        pids = {p.id for p in people}
        for ref in refs:
            words = range(ref.start + (doc[ref.start].lower_ == "the"), ref.end)
            if words and all(self.token_entity[i] in pids for i in words):
                continue  # inside a phrase already read as someone ("the head of the President's Office")
            target = coref.resolve(ref, people, doc)
            if target is None:
                self.unresolved.append(ref)
                continue
            self._link(target, ref.start, ref.end, title=True)
        self._two_leaders(people)
        self._organization_nouns(ents)

    def _organization_nouns(self, ents: list[Entity]) -> None:
        """ "the Ministry", "the Embassy": a capitalized organization head after "the", not followed
        by its own complement, mentions the one organization of the text whose name has that head."""
        doc, heads = self.doc, orgs.head_nouns()
        organizations = [e for e in ents if e.kind == "organization"]
        for tok in doc[1:]:
            prev, nxt = doc[tok.i - 1], doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if prev.lower_ != "the" or tok.text not in heads or self.token_entity[tok.i] is not None:
                continue
            if nxt is not None and (nxt.lower_ in ("of", "for", "on", "to", "in") or nxt.text[:1].isupper()):
                continue  # "the Ministry of Defence", "the Embassy Park": a name of its own
            hits = [e for e in organizations if tok.text in e.name.split()]
            if len(hits) == 1:
                self._link(hits[0], tok.i - 1, tok.i + 1)

    def resolve_late(self, ents: list[Entity]) -> None:
        """Title-only mentions of the text ("The President") that only a headline person fits."""
        people = [e for e in ents if e.kind == "person"]
        pids = {p.id for p in people}
        for ref in getattr(self, "unresolved", []):
            target = coref.resolve(ref, people, self.doc)
            if target is not None and not any(
                self.token_entity[i] in pids for i in range(ref.start, ref.end)
            ):
                self._link(target, ref.start, ref.end, title=True)

    def publisher_defaults(self, ents: list[Entity], pub: dict) -> None:
        """What the publisher tells when the text does not: its principal ("the President of
        Russia" in a Kremlin release naming only "Vladimir Putin") and its own officials' country
        (the one "Prime Minister" with no country in a Kremlin release is Russia's)."""
        people = [e for e in ents if e.kind == "person"]
        code, head = pub["country"], titles.canonical_head(pub["principal"])
        principal = self._principal(people)
        holders = [p for p in people if head in coref._main_heads(p) and p.country in (None, code)]
        if principal is not None and not holders:
            pids = {p.id for p in people}
            refs = [
                r
                for r in getattr(self, "unresolved", [])
                if r.head == head
                and r.country in (None, code)
                and not any(self.token_entity[i] in pids for i in range(r.start, r.end))
            ]
            for ref in refs:
                self._link(principal, ref.start, ref.end, title=True)
            if refs:
                principal.roles.append(Role(title=head, organization=None, country=code, current=True))
                principal.country = code
        for office in pub["offices"]:
            office = titles.canonical_head(office)
            if principal is not None and office == head:
                continue  # the principal is named: another "President" is a foreign one
            holders = [p for p in people if office in coref._main_heads(p)]
            if any(p.country == code for p in holders):
                continue
            free = [p for p in holders if p.country is None and all(_stateless(r) for r in p.roles)]
            if len(free) != 1 or self._titled_before(free[0], office, code):
                continue
            if free[0] is _first_named(people) or not self._foreign_company(free[0], code, ents):
                _give_country(free[0], code, lambda r, o=office: o in coref._title_heads(r.title))
        for p in people:
            if p.country is None and any(_stateless(r) and _staff(r.title, pub["staff"]) for r in p.roles):
                _give_country(p, code, lambda r: _staff(r.title, pub["staff"]))

    def _principal(self, people: list[Entity]) -> Entity | None:
        """The person the text opens with ("Vladimir Putin had a telephone conversation ..."),
        named without a title: the publisher's principal."""
        firsts = [(min(p.mentions), p) for p in people if p.mentions]
        if not firsts or not self.doc.has_annotation("SENT_START"):
            return None
        person = min(firsts, key=lambda f: f[0])[1]
        if person.roles:
            return None
        return person if self._opens(person, 4) or self._first_subject(person) else None

    def _first_subject(self, person: Entity) -> bool:
        """True when the person, named first, is the subject of the text's first sentence ("On
        National Unity Day, Vladimir Putin will make a working trip ...")."""
        first_sentence = next(iter(self.doc.sents), None)
        if first_sentence is None or not self.doc.has_annotation("DEP") or not person.mentions:
            return False
        start, end = min(person.mentions)
        if end > first_sentence.end_char:
            return False
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")

    def _titled_before(self, person: Entity, office: str, code: str) -> bool:
        """True when "the President of Russia" (the publisher's office, unresolved) comes before
        the person is named: the person is someone else's president."""
        first = min(person.mentions)[0] if person.mentions else None
        return first is not None and any(
            r.head == office and r.country == code and self.doc[r.start].idx < first
            for r in getattr(self, "unresolved", [])
        )

    def _opens(self, person: Entity, size: int) -> bool:
        """True when the text opens with the person: named within its first `size` tokens."""
        if not person.mentions or not self.doc.has_annotation("SENT_START"):
            return False
        first_sentence = next(iter(self.doc.sents), None)
        opening = first_sentence[: min(len(first_sentence), size)] if first_sentence is not None else None
        return bool(opening) and min(person.mentions)[0] < opening.end_char

    def _foreign_company(self, person: Entity, code: str, ents: list[Entity]) -> bool:
        """True when a sentence naming the person also names another country ("... met Prime
        Minister X in Kyiv ... the support of Denmark"): the title may well be that country's."""
        foreign = {e.id for e in ents if e.kind == "country" and e.country != code}
        for start, _ in person.mentions:
            span = self.doc.char_span(start, start + 1, alignment_mode="expand")
            if span is None:
                continue
            sent = span.sent if self.doc.has_annotation("SENT_START") else self.doc[:]
            if any(self.token_entity[i] in foreign for i in range(sent.start, sent.end)):
                return True
        return False

    def _link(self, target: Entity, start: int, end: int, title: bool = False) -> None:
        """Record [start, end) as a mention of `target`. A title phrase ("the Palestinian
        President") is the person's throughout: its country word stays among the country's
        mentions but its token points at the person."""
        doc = self.doc
        span = doc[start:end]
        target.mentions.append((span.start_char, span.end_char))
        alias = span.text
        if alias not in target.aliases and alias != target.name:
            target.aliases.append(alias)
        countries_ = getattr(self, "_countries", set()) if title else set()
        for i in range(start, end):
            if self.token_entity[i] is None or self.token_entity[i] in countries_:
                self.token_entity[i] = target.id

    def _named_spans(self, people: list[Entity]) -> None:
        """An NER span of any label made of one known person's name words ("Talgat Shaldanbay"
        read as an organization in a short text) mentions that person."""
        words = {id(p): _name_words(p) for p in people}
        for ent in self.doc.ents:
            span = _strip(ent)
            alpha = [t for t in span if t.is_alpha]
            if not alpha or not all(t.text[:1].isupper() for t in alpha):
                continue
            if any(self.token_entity[i] is not None for i in range(span.start, span.end)):
                continue
            hits = [p for p in people if all(t.text in words[id(p)] for t in alpha)]
            if len(hits) != 1:
                continue
            last = [w for w in hits[0].name.replace("-", " ").split() if w[:1].isupper()][-1:]
            if len(alpha) > 1 or [alpha[0].text] == last:
                self._link(hits[0], span.start, span.end)

    def _surnames(self, people: list[Entity]) -> None:
        """A lone surname (or the first name of someone known by it) mentions that person."""
        doc = self.doc
        index: dict[str, list[Entity]] = {}
        for p in people:
            parts = [t for t in p.name.replace("-", " - ").split() if t[:1].isupper() and len(t) > 2]
            for part in {parts[-1]} if parts else set():
                index.setdefault(part, []).append(p)
        for tok in doc:
            hits = index.get(tok.text)
            if hits and len(hits) == 1 and self.token_entity[tok.i] is None and tok.text[:1].isupper():
                self._link(hits[0], tok.i, tok.i + 1)

    def _two_leaders(self, people: list[Entity]) -> None:
        doc = self.doc
        for i in range(len(doc) - 2):
            if (
                doc[i].lower_ == "the"
                and doc[i + 1].lower_ == "two"
                and doc[i + 2].lower_ in ("leaders", "presidents")
            ):
                leaders = [
                    p
                    for p in people
                    if any(titles.head_class(coref._raw(h)) == "leader" for h in coref._role_heads(p))
                ]
                if len(leaders) == 2:
                    span = doc[i : i + 3]
                    for p in leaders:
                        p.mentions.append((span.start_char, span.end_char))


def _merge_headline(ents: list[Entity], headline: list[Entity]) -> list[Entity]:
    """Add the headline's entities: known ones gain its forms as aliases, new ones come last
    without mentions (offsets index the text, which the headline is not part of)."""
    out = list(ents)
    name_words = {w for e in ents if e.kind == "person" for w in _name_words(e)}
    for h in headline:
        same = next((e for e in out if _same_entity(e, h)), None)
        if same is None and h.kind in ("location", "organization") and set(h.name.split()) <= name_words:
            continue  # "Santiago" of "President Santiago Peña" in a headline read without the NER
        if same is None:
            h.id = f"e{len(out) + 1}"
            h.mentions = []
            out.append(h)
            continue
        for form in [h.name, *h.aliases]:
            if form != same.name and form not in same.aliases and same.kind != "country":
                same.aliases.append(form)
        if same.kind == "person":
            _merge_headline_roles(same, h)
        if same.kind == "person" and len(h.name.split()) > len(same.name.split()):
            same.aliases = _unique([same.name, *[a for a in same.aliases if a != h.name]])
            same.name = h.name
    return out


def _initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[:1].isupper() and w not in ("The", "Of", "And")]
    return "".join(w[0] for w in words)


def _join_acronyms(ents: list[Entity]) -> list[Entity]:
    """An undefined acronym that spells the initials of an organization named in the text is that
    organization ("CEI" and "Central European Initiative")."""
    organizations = [e for e in ents if e.kind == "organization"]
    out = []
    for e in ents:
        full = None
        if e.kind == "organization" and orgs.is_acronym(e.name) and e.name.isupper():
            full = next(
                (
                    f
                    for f in organizations
                    if f is not e and len(f.name.split()) > 1 and _initials(f.name) == e.name
                ),
                None,
            )
        if full is None:
            out.append(e)
            continue
        full.aliases = _unique([*full.aliases, e.name, *e.aliases])
        full.mentions += e.mentions
        full._owned += e._owned  # type: ignore[attr-defined]
    return out


def _company_core(name: str) -> list[str]:
    """A company's name without its legal form: "JSC Ukrzaliznytsia" -> ["Ukrzaliznytsia"]."""
    return [w for w in name.split() if w not in titles.COMPANY_FORMS]


def _generic_word(word: str) -> bool:
    sets = titles._sets()
    return (
        word in orgs.head_nouns()
        or word in sets["not_names"]
        or word in sets["portfolio"]
        or countries.country_code(word) is not None
        or not word[:1].isupper()
    )


def _join_company_forms(ents: list[Entity]) -> list[Entity]:
    """A company named with and without its legal form or a trade word ("Desautel SAS" and
    "Desautel Group", "Alstom" and "Alstom Transport SA") is one organization."""
    organizations = [e for e in ents if e.kind == "organization"]
    gone: set[int] = set()
    for e in organizations:
        words = e.name.split()
        core = _company_core(e.name)
        if id(e) in gone or len(core) == len(words) or not core or not core[0][:1].isupper():
            continue
        for f in organizations:
            if f is e or id(f) in gone:
                continue
            other = _company_core(f.name)
            n = min(len(core), len(other))
            if not n or core[:n] != other[:n] or n == 1 and _generic_word(core[0]):
                continue  # "National Company X JSC" and "National Bank": no shared name
            main, extra = (e, f) if len(e.name) >= len(f.name) else (f, e)
            main.aliases = _unique([a for a in [*main.aliases, extra.name, *extra.aliases] if a != main.name])
            main.mentions += extra.mentions
            main._owned += extra._owned  # type: ignore[attr-defined]
            main.country = main.country or extra.country
            gone.add(id(extra))
            if extra is e:
                break
    return [e for e in ents if id(e) not in gone]


def _join_short_forms(ents: list[Entity], mentions: list[Mention]) -> list[Entity]:
    """ "the Office of the President" after "the Office of the President of Ukraine": a name that
    is another's without its closing "of/in COUNTRY" is that organization, when only one fits."""
    organizations = [e for e in ents if e.kind == "organization"]
    gone: set[int] = set()
    for e in organizations:
        longer = [
            f
            for f in organizations
            if f is not e and f.name.startswith(f"{e.name} ") and _country_tail(f.name[len(e.name) :])
        ]
        if len(longer) != 1 or id(longer[0]) in gone:
            continue
        main = longer[0]
        main.aliases = _unique([*main.aliases, e.name, *e.aliases])
        main.mentions += e.mentions
        main._owned += e._owned  # type: ignore[attr-defined]
        gone.add(id(e))
    return [e for e in ents if id(e) not in gone]


def _join_places(ents: list[Entity]) -> list[Entity]:
    """ "the attack in Kerman" (read as a body) and "in the city of Kerman": a name with no word of
    a body's name that the text also gives as a place is that place."""
    places_ = {e.name: e for e in ents if e.kind == "location"}
    heads = orgs.head_nouns()
    gone: set[int] = set()
    for e in ents:
        place = places_.get(e.name) if e.kind == "organization" else None
        if place is None or any(w in heads for w in e.name.split()) or e.name.isupper():
            continue
        place.mentions += e.mentions
        place._owned += e._owned  # type: ignore[attr-defined]
        gone.add(id(e))
    return [e for e in ents if id(e) not in gone]


_BOARD = re.compile(
    r"^(?:(?:Management|Supervisory|Executive|Governing) )?Board(?: of (?:Directors|Trustees|Governors))?"
    r" of (?:the )?(?P<body>[A-Z].*)$"
)


def _join_boards(ents: list[Entity]) -> list[Entity]:
    """ "the Management Board of Kazakh Invest National Company": a company's board is the company
    (its chairman's employer); the board's mentions join the company named after it."""
    organizations = [e for e in ents if e.kind == "organization"]
    gone: set[int] = set()
    for e in organizations:
        m = _BOARD.match(e.name)
        if m is None:
            continue
        body = m.group("body")
        hits = [
            f
            for f in organizations
            if f is not e
            and id(f) not in gone
            and any(body == n or body.startswith(f"{n} ") for n in (f.name, *f.aliases))
        ]
        if len(hits) != 1:
            e.name = body
            continue
        hits[0].mentions += e.mentions
        hits[0]._owned += e._owned  # type: ignore[attr-defined]
        gone.add(id(e))
    return [e for e in ents if id(e) not in gone]


def _country_tail(text: str) -> bool:
    """ " of the Republic of Kazakhstan", " of Ukraine", " in Malaysia": a country closing a name."""
    words = text.split()
    if len(words) < 2 or words[0] not in ("of", "in"):
        return False
    rest = " ".join(w for w in words[1:] if w not in ("the",))
    return (
        countries.country_code(rest) is not None
        or countries.country_code(words[-1]) is not None
        and (rest.startswith("Republic of") or rest.startswith("Kingdom of") or rest.startswith("State of"))
    )


def _merge_headline_roles(person: Entity, headline: Entity) -> None:
    """The headline's titles complete the text's: a missing country ("President Macron" in the text,
    "President of France Emmanuel Macron" in the headline), or a title the text does not repeat."""
    for h in headline.roles:
        heads = coref._found_heads(h.title)
        same = next(
            (
                r
                for r in person.roles
                if r.title.lower() == h.title.lower() or heads & coref._found_heads(r.title) == heads
            ),
            None,
        )
        if same is None:
            person.roles.append(h)
        elif same.country is None and (same.organization is None or h.organization is None):
            same.country = h.country
    if person.country is None:
        person.country = next((r.country for r in person.roles if r.country), None)


def _same_entity(a: Entity, b: Entity) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "country":
        return a.country == b.country
    if a.kind == "person":
        return any(
            _same_person(_name_key(x), _name_key(y))
            for x in [a.name, *a.aliases]
            for y in [b.name, *b.aliases]
            if not x.lower().startswith("the ")
        )
    return a.name.lower() == b.name.lower() or b.name in a.aliases


def _posted_diplomats(ents: list[Entity]) -> None:
    """An ambassador with no stated country serves the one embassy the text names, if only one."""
    missions = [e for e in ents if e.kind == "organization" and "Embassy" in e.name]
    if len(missions) != 1:
        return
    for person in ents:
        for role in person.roles:
            if (
                role.country is None
                and role.organization is None
                and titles.head_class(role.title.split(" to ")[0]) == "diplomat"
            ):
                role.organization, role.country = missions[0].id, missions[0].country
        if person.kind == "person" and person.country is None:
            person.country = next((r.country for r in person.roles if r.country), None)


def _not_names(doc: Doc, mentions: list[Mention], people: list[_Person]) -> list[Mention]:
    """Drop NER organizations and places made only of a known person's name words ("Shaldanbay"),
    or of a name glued to a title by a page artefact ("Kassym-JomartPresident")."""
    words = {doc[i].text for p in people for s, e in p.names for i in range(s, e) if doc[i].is_alpha}
    return [
        m
        for m in mentions
        if not (
            m.source == "ner"
            and all(t.text in words or not t.is_alpha or _glued_title(t.text) for t in doc[m.start : m.end])
        )
    ]


def _glued_title(word: str) -> bool:
    """ "JomartPresident": a lower-case letter run straight into a title head."""
    return any(
        word.endswith(h) and len(word) > len(h) and word[-len(h) - 1].islower()
        for h in titles.lex()["heads"]
        if " " not in h
    )


def _publisher(name: str | None) -> dict | None:
    if not name:
        return None
    wanted = name.strip().lower()
    return next(
        (p for p in load("publishers")["publishers"] if wanted in (n.lower() for n in p["names"])), None
    )


def _first_named(people: list[Entity]) -> Entity | None:
    named = [p for p in people if p.mentions]
    return min(named, key=lambda p: min(p.mentions)) if named else None


def _stateless(role: Role) -> bool:
    return role.country is None and role.organization is None


def _staff(title: str, marks: list[str]) -> bool:
    return any(m in title for m in marks)


def _give_country(person: Entity, code: str, which: Callable[[Role], bool]) -> None:
    for role in person.roles:
        if _stateless(role) and which(role):
            role.country = code
    person.country = code


def _name_words(person: Entity) -> set[str]:
    """The words of a person's name and name-like aliases (not "the Ambassador")."""
    forms = [person.name, *(a for a in person.aliases if a[:1].isupper() and not a.startswith("The "))]
    sets = titles._sets()
    return {
        w
        for f in forms
        for w in f.replace("-", " ").replace("‑", " ").split()
        if w not in sets["not_names"] and w not in sets["honorifics"]
    }


def _surface(doc: Doc, m: Mention) -> str:
    return doc[m.start : m.end].text


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _merge_roles(found: list[titles.RoleMention]) -> list[tuple[Role, Mention | None]]:
    """One role per distinct title: "Ambassador" read twice is one role."""
    out: list[tuple[Role, Mention | None]] = []
    seen: set[str] = set()
    titles_found = [r.title.lower() for r in found]
    for r in found:
        key = r.title.lower()
        if key in seen or any(t.startswith(f"{key} ") for t in titles_found):
            continue  # "Ambassador" after "Ambassador to Kazakhstan": the same title, shorter
        seen.add(key)
        out.append((Role(title=r.title, organization=None, country=r.country, current=r.current), r.org))
    return out


def _name_key(text: str) -> list[str]:
    return [
        t.lower().rstrip(".")
        for t in titles.spaced_initials(text).replace("-", " ").replace(",", " ").split()
        if t.lower().rstrip(".") not in ("jr", "sr", "ii", "iii", "iv", "mr", "mrs", "ms", "dr")
    ]


def _same_person(a: list[str], b: list[str]) -> bool:
    """Two name keys of one person; either way round when they are as long ("J. Biden" and
    "Joseph Biden")."""
    if len(a) == len(b) and _same_person_ordered(b, a):
        return True
    return _same_person_ordered(a, b)


def _same_person_ordered(a: list[str], b: list[str]) -> bool:
    if not a or not b:
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if short == long_ or (short[-1] == long_[-1] and set(short) <= set(long_)):
        return True
    if short[-1] == long_[-1] and all(
        len(s) == 1 and any(x.startswith(s) for x in long_) or s in long_ for s in short
    ):
        return True  # "A. Blinken" / "Antony Blinken"
    return len(short) == 1 and short[0] == long_[0]  # "Abai" / "Abai Kunanbayuly"


def _group_people(doc: Doc, found: list[tuple[tuple[int, int], list[titles.RoleMention]]]) -> list[_Person]:
    """Merge name mentions of one person; the longest form leads the merge."""
    order = sorted(found, key=lambda f: -len(_name_key(doc[f[0][0] : f[0][1]].text)))
    people: list[tuple[list[str], _Person]] = []
    for span, roles in order:
        key = _name_key(doc[span[0] : span[1]].text)
        matches = [p for k, p in people if _same_person(key, k)]
        if len(matches) >= 1:
            target = matches[0]
        else:
            target = _Person()
            people.append((key, target))
        if span not in target.names:
            target.names.append(span)
        target.roles.extend(roles)
    result = [p for _, p in people if not _common_word(doc, p) and not _names_a_vessel(doc, p)]
    # single-token names with no title and no fuller form are too weak on their own ("Bust")
    return [
        p
        for p in result
        if p.roles or any(e - s > 1 for s, e in p.names) or _count_names(p) > 1 and not _only_objects(doc, p)
    ]


_VESSELS = frozenset({"carrier", "cruiser", "submarine", "frigate", "corvette", "destroyer", "icebreaker",
                      "ship", "vessel", "tanker", "aircraft"})


def _names_a_vessel(doc: Doc, p: _Person) -> bool:
    """ "the Knyaz Vladimir nuclear-powered missile carrier": a name with no title after "the" whose
    phrase ends in a ship's noun names the ship, not a person."""
    if p.roles:
        return False
    for s, e in p.names:
        after = [t.lower_ for t in doc[e : min(len(doc), e + 6)]]
        if s == 0 or doc[s - 1].lower_ != "the" or not any(w in _VESSELS for w in after):
            return False
    return True


def _only_objects(doc: Doc, p: _Person) -> bool:
    """A one-word "name" that is only ever the object of a preposition or a verb or a modifier of a
    common noun ("a celebration of Nauryz", "the Nauryz holiday"), never a subject, a possessor or
    next to a title: a holiday or a thing the parser read as a name, not a person."""
    if not doc.has_annotation("DEP"):
        return False
    for s, _ in p.names:
        tok = doc[s]
        modifier = tok.dep_ == "compound" and tok.head.is_lower and tok.head.pos_ == "NOUN"
        if (tok.dep_ not in ("pobj", "dobj") and not modifier) or (
            s + 1 < len(doc) and doc[s + 1].text in ("'s", "’s")
        ):
            return False
    return True


def _common_word(doc: Doc, p: _Person) -> bool:
    """A one-word "name" that is a rank or a word of titles and portfolios ("Lt", "Cyber")."""
    if any(e - s > 1 or titles.GLUED_INITIALS.match(doc[s].text) for s, e in p.names):
        return False
    sets = titles._sets()
    common = sets["honorifics"] | sets["ranks"] | sets["portfolio"] | sets["modifiers"]
    return all(doc[s].text in common or doc[s].text.rstrip(".") in common for s, _ in p.names)


def _count_names(p: _Person) -> int:
    return len(p.names)


@Language.factory("communique_entities")
def make_entities(nlp: Language, name: str) -> EntityLayer:
    return EntityLayer(nlp.vocab, nlp.make_doc)


_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "this", "that"})
_STATE_WORDS = frozenset({"new", "newly", "appointed", "incoming", "visiting", "current"})


def _title_phrase(doc: Doc, span: Span) -> coref.Reference | None:
    """A reference when the span is only a person's title: [the] [Kazakh] President|leader|diplomat
    [of [the] COUNTRY | of the Ukrainian state]; None for anything else (a name, an organization)."""
    index = doc._.token_entity or [None] * len(doc)
    kinds = {e.id: e.kind for e in doc._.entities or []}
    toks = [t for t in span if not t.is_punct]
    k = 0
    while k < len(toks) and (toks[k].lower_ in _DETERMINERS or toks[k].lower_ in _STATE_WORDS):
        k += 1
    country = None
    while k < len(toks) and kinds.get(index[toks[k].i] or "") == "country":
        country = country or countries.country_code(toks[k].text) or _country_of(doc, index[toks[k].i])
        k += 1
    if k >= len(toks):
        return None
    lex = titles.lex()
    head = None
    for size in (4, 3, 2, 1):
        words = toks[k : k + size]
        if len(words) < size or any(w.i - words[0].i != n for n, w in enumerate(words)):
            continue
        text = doc[words[0].i : words[-1].i + 1].text
        if text in lex["heads"] or text.lower() in lex["nouns"] and text.islower():
            head, k = text, k + size
            break
    if head is None:
        return None
    rest = toks[k:]
    if rest and rest[0].lower_ != "of":
        return None
    for t in rest:
        ent = index[t.i]
        if ent is not None and kinds.get(ent) == "country":
            country = country or countries.country_code(t.text) or _country_of(doc, ent)
        elif t.lower_ not in ("of", "the", "state", "government") or ent is not None:
            return None
    if any(t.lower_ in ("state", "government") for t in rest) and head == "Head":
        head = "Head of State" if any(t.lower_ == "state" for t in rest) else "Head of Government"
    if head in lex["heads"]:
        return coref.Reference(span.start, span.end, titles.canonical_head(head), (), country)
    return coref.Reference(span.start, span.end, None, tuple(lex["nouns"][head.lower()]), country)


def _country_of(doc: Doc, ent_id: str | None) -> str | None:
    return next((e.country for e in doc._.entities or [] if e.id == ent_id), None)


def resolve_mention(doc: Doc, span: Span) -> str | None:
    """The id of the entity a span refers to: what its tokens mention, else a title-only or
    generic reference ("the Ambassador", "the Kazakh diplomat") resolved against the people.
    A title that denotes a person ("The Palestinian President", "the Head of the Ukrainian state")
    is that person or None, never the country of its adjective."""
    ids = [
        doc._.token_entity[i]
        for i in range(span.start, span.end)
        if doc._.token_entity and doc._.token_entity[i]
    ]
    people = [e for e in doc._.entities or [] if e.kind == "person"]
    pids = [i for i in ids if i in {p.id for p in people}]
    if pids:
        return Counter(pids).most_common(1)[0][0]
    ref = _title_phrase(doc, span)
    if ref is not None:
        target = coref.resolve(ref, people, doc)
        return target.id if target else None
    return Counter(ids).most_common(1)[0][0] if ids else None
