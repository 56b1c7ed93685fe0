"""Events: the diplomatic events a document reports or announces (RECORD.md, "Events").

Trigger phrases (`data/event_triggers.json`) in the headline and the body become mentions; each
mention is read off the dependency parse for its participants (`roles`), status, date and place.
Mentions then merge into events: a generic or definite mention ("the event", "the talks") refers
back to the event it names, a fresh one ("held talks with ...") opens a new event, and the body's
first restatement of the headline's event is that event.  Sentences between mentions belong to
the event in focus, which collects speakers, guests of honour and topics from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import EntityRecognizer, EntityRuler
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from communique.extract.annotate import ours, run_steps
from communique.extract.dates import relative_to_previous, resolve_date
from communique.extract.event_focus import dates_nothing, is_aside
from communique.extract.event_mentions import Mention, read_mention, sentence_roles, topics_in
from communique.extract.event_places import implied_place, shared_places
from communique.extract.event_triggers import (
    DocCache,
    Trigger,
    build_matcher,
    cache_scope,
    doc_cache,
    find_triggers,
    lexicon,
    roles_lexicon,
)
from communique.extract.transcripts import find_turns
from communique.records import Entity, Event, Location, Participant


@dataclass
class Draft:
    """An event being assembled from its mentions."""

    type: str
    status: str
    in_title: bool
    name: str | None = None
    date: str | None = None
    location: str | None = None  # entity id
    organizers: list[str] = field(default_factory=list)
    participants: dict[str, str] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    body_mentions: int = 0
    verb_only: bool = True
    aside: bool = False  # a planned event only spoken of (event_focus)
    needs_party: bool = False  # told only by a word that needs its parties ("an interview")
    proposed: bool = True  # every mention only proposes it ("X suggested a video conference")

    def add_participant(self, ent: str, role: str) -> None:
        # a specific role ("host") beats the generic one, never the other way round
        if self.participants.get(ent, "participant") == "participant":
            self.participants[ent] = role

    def add_sentence(self, sent: Span | None) -> None:
        if sent is not None and all(s.start != sent.start for s in self.sentences):
            self.sentences.append(sent)


class EventExtractor:
    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.matcher = build_matcher(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        return self._extract(doc, self._parse_titles([doc])[0])

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """`__call__` on each Doc, the headlines of a batch parsed together: one at a time, the
        model's per-call overhead on a ten-word headline cost as much as the rest of the component."""
        for batch in minibatch(docs, size=batch_size):
            for doc, tdoc in zip(batch, self._parse_titles(batch), strict=True):
                yield self._extract(doc, tdoc)

    def _extract(self, doc: Doc, tdoc: Doc | None) -> Doc:
        with cache_scope():
            ents = {e.id: e for e in doc._.entities or []}
            mentions = self._title_mentions(doc, tdoc, ents) + [
                read_mention(t, in_title=False) for t in find_triggers(doc, self.matcher)
            ]
            drafts = assemble(doc, mentions, ents)
            doc._.events = [to_event(i, d, doc, ents) for i, d in enumerate(drafts, 1)]
        return doc

    def _title_steps(self) -> list[tuple[str, Any]]:
        """The statistical steps the headline needs (tagger, parser, lemmas), not ours.  The
        recognizer is left out: the headline's entities are the body's (`project_entities`) and
        nothing here reads its named-entity tags, while it cost half the headline's time."""
        return [(name, proc) for name, proc in self.nlp.pipeline
                if not ours(name) and not isinstance(proc, EntityRecognizer | EntityRuler)]

    def _parse_titles(self, docs: list[Doc]) -> list[Doc | None]:
        """Each Doc's headline through the statistical steps (None for a Doc without one)."""
        titles = [doc._.title if Doc.has_extension("title") else None for doc in docs]
        tdocs = [self.nlp.make_doc(t) for t in titles if t]
        if tdocs:
            tdocs = run_steps(self._title_steps(), tdocs)
        parsed = iter(tdocs)
        return [next(parsed) if t else None for t in titles]

    def _title_mentions(self, doc: Doc, tdoc: Doc | None, ents: dict[str, Entity]) -> list[Mention]:
        if tdoc is None:
            return []
        tdoc._.entities = list(ents.values())
        tdoc._.token_entity = project_entities(tdoc, list(ents.values()))
        tdoc._.published = doc._.published
        return [read_mention(_headline_talk(t), in_title=True) for t in find_triggers(tdoc, self.matcher)]


def _headline_talk(t: Trigger) -> Trigger:
    """A headline's "Conversation with X" is the talks it reports, not a word referring back."""
    head = t.head
    if t.pos == "anaphor" and "meeting" in t.refers_to and any(
            c.dep_ == "prep" and c.lower_ == "with" for c in head.children):
        return Trigger(t.span, "meeting", "noun")
    return t


@Language.factory("communique_events")
def make_events(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(nlp)


# --- the headline ------------------------------------------------------------------------------

_NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii"}


def _forms(entity: Entity) -> list[str]:
    forms = [entity.name, *entity.aliases]
    if entity.kind == "person":
        words = [w for w in entity.name.split() if w.lower() not in _NAME_SUFFIXES]
        if words and len(words[-1]) > 2:
            forms.append(words[-1])
    return [f for f in forms if f]


def project_entities(tdoc: Doc, entities: list[Entity]) -> list[str | None]:
    """Mark the headline's tokens with the body's entities, matched by name, alias or surname."""
    matcher = PhraseMatcher(tdoc.vocab, attr="LOWER")
    for entity in entities:
        if entity.kind in ("person", "country", "organization", "location"):
            matcher.add(entity.id, [tdoc.vocab.make_doc(f) if hasattr(tdoc.vocab, "make_doc")
                                    else Doc(tdoc.vocab, words=f.split()) for f in _forms(entity)])
    out: list[str | None] = [None] * len(tdoc)
    for match_id, start, end in sorted(matcher(tdoc), key=lambda m: m[1] - m[2]):
        if all(out[i] is None for i in range(start, end)):
            for i in range(start, end):
                out[i] = tdoc.vocab.strings[match_id]
    return out


# --- merging mentions into events ---------------------------------------------------------------

def _latest(drafts: list[Draft], types: tuple[str, ...] | None) -> Draft | None:
    for d in reversed(drafts):
        if types is None or "*" in types or d.type in types:
            return d
    return None


def _target(m: Mention, drafts: list[Draft], title_draft: Draft | None,
            sentence_drafts: dict[tuple[int, str], Draft]) -> Draft | None:
    """The existing event a mention refers to, or None when it opens a new one."""
    if m.in_title or m.split_parties:
        return None
    if m.trigger.pos == "anaphor":
        told = [d for d in drafts if not d.aside]  # "the event" is the one reported, not an aside
        named = {e for e, _ in m.participants}
        own = [d for d in told if named and named <= set(d.participants)]
        if own:  # "In the conversation with X": the meeting with X, not the latest one
            return _latest(own, m.trigger.refers_to) or _latest(told, m.trigger.refers_to)
        return _latest(told, m.trigger.refers_to) or _latest(drafts, m.trigger.refers_to)
    same_sentence = sentence_drafts.get((m.sent.start, m.type)) if m.sent is not None else None
    if same_sentence and same_sentence.status == m.status:  # not "held talks on the next meeting"
        return same_sentence
    if title_draft and title_draft.type == m.type and title_draft.body_mentions == 0 and m.fresh and (
            title_draft.status == m.status or m.status == "planned"):
        return title_draft  # but "A meeting ... ended in Paris" is not the headline's "next meeting"
    if m.reference or not m.fresh:
        prior = _latest(drafts, (m.type,))
        if prior is None and not m.reference and not m.name and title_draft is not None and (
                m.sent is not None and find_turns(m.sent.doc)):
            # a transcript's "who is taking part in this videoconference": the headline's event
            return title_draft
        if prior is None and not m.reference and not m.name and m.trigger.pos == "noun" and (
                m.trigger.head.dep_ in ("compound", "amod")):
            # "encouraged the roundtable participants" in a readout of a meeting: that meeting's
            return _latest([d for d in drafts if not d.aside], None)
        return prior
    if m.name:  # "the Davos Forum" again
        return next((d for d in drafts if d.name and d.name.lower() == m.name.lower()), None)
    return None


def assemble(doc: Doc, mentions: list[Mention], ents: dict[str, Entity]) -> list[Draft]:
    fresh_sents = {m.sent.start for m in mentions if m.sent is not None and m.trigger.pos != "anaphor"}
    first_trigger: dict[int, int] = {}
    for m in mentions:
        if m.sent is not None and m.trigger.pos != "anaphor":
            first_trigger.setdefault(m.sent.start, m.trigger.span.start)
    for m in mentions:  # a date in a sentence with its own event is that event's
        m.crowded = m.sent is not None and m.sent.start in fresh_sents
        m.after_other = m.sent is not None and first_trigger.get(m.sent.start, m.trigger.span.start) < (
            m.trigger.span.start)
    anchors: list[tuple[Draft, str, int]] = []  # (event referred to, its cue, sentence start)
    drafts: list[Draft] = []
    title_draft: Draft | None = None
    sentence_drafts: dict[tuple[int, str], Draft] = {}
    focus: Draft | None = None
    seen_sents: set[int] = set()
    published = doc._.published
    for m in _split(mentions):
        target = _target(m, drafts, title_draft, sentence_drafts)
        if target is None and m.trigger.pos == "anaphor":
            continue
        created = target is None
        if target is not None and m.trigger.pos != "anaphor" and not is_aside(m):
            target.aside = False  # told of again in its own right
        if created:
            target = Draft(type=m.type, status=m.status, in_title=m.in_title, aside=is_aside(m),
                           needs_party=_needs_party(m))
            drafts.append(target)
            if m.in_title and title_draft is None:
                title_draft = target
        elif m.trigger.pos != "anaphor" and not _needs_party(m):
            target.needs_party = False
        if m.trigger.pos != "anaphor" and not m.proposed:
            target.proposed = False
        if m.sent is not None:
            if m.sent.start not in seen_sents:
                _segment_roles(focus, doc, seen_sents, m.sent.start)
            target.body_mentions += 1
            target.add_sentence(m.sent)
            if m.fresh:  # an anaphor's sentence may still open a new event of the same type
                sentence_drafts.setdefault((m.sent.start, target.type), target)
        previous = focus
        _apply(m, target, previous, created, published, drafts)
        if m.reference and m.cue and m.sent is not None:
            anchors.append((target, m.cue, m.sent.start))
        background = created and m.reference  # "on the sidelines of COP28": not what is reported
        if not background and not target.aside and (
                target.status == "held" or focus is None or focus.status == "planned"):
            focus = target
    _segment_roles(focus, doc, seen_sents, len(doc))
    _principal(doc, title_draft, mentions)
    _anchored(drafts, anchors)
    if title_draft and title_draft.status == "held" and title_draft.date is None and find_turns(doc):
        title_draft.date = published  # a transcript of the headline's talks is published the same day
    drafts = _one_ceremony(drafts)
    for d in drafts:
        _tidy_participants(d, ents)
        hosts = d.organizers + [e for e, r in d.participants.items() if r == "host"]
        d.location = d.location or implied_place(d.type, hosts, ents)
    kept = [d for d in drafts if _specific(d, ents)]
    shared_places(doc, kept)  # after the filter: a place shared from elsewhere makes nothing specific
    return kept


def _split(mentions: list[Mention]) -> Iterator[Mention]:
    """"held bilateral meetings with X and Y": the mention once for each of them."""
    for m in mentions:
        if not m.split_parties:
            yield m
            continue
        base = [(e, r) for e, r in m.participants if e not in m.split_parties]
        for party in m.split_parties:
            yield replace(m, participants=[*base, (party, "participant")])


def _one_ceremony(drafts: list[Draft]) -> list[Draft]:
    """Several documents signed in one report ("X and Y signed A. In addition, Z and W signed B")
    are one signing ceremony with all the signatories: later held signings join the first one
    unless their date or place tells another occasion."""
    out: list[Draft] = []
    first: Draft | None = None
    for d in drafts:
        if d.type != "signing" or d.status != "held" or d.aside:
            out.append(d)
            continue
        if first is None or (d.date and first.date and d.date != first.date) or (
                d.location and first.location and d.location != first.location):
            first = first or d
            out.append(d)
            continue
        for ent, role in d.participants.items():
            first.add_participant(ent, role)
        for org in d.organizers:
            if org not in first.organizers:
                first.organizers.append(org)
        first.topics += [t for t in d.topics if t not in first.topics]
        for sent in d.sentences:
            first.add_sentence(sent)
        first.name = first.name or d.name
        first.date = first.date or d.date
        first.location = first.location or d.location
    return out


def _same_parties(m: Mention, d: Draft) -> bool:
    """The mention names one of the event's parties, or a person of a country that is one."""
    by_id = doc_cache(m.trigger.span.doc).by_id
    countries = {by_id[e].country for e in d.participants if e in by_id and by_id[e].kind == "country"}
    return any(e in d.participants or (e in by_id and by_id[e].country in countries - {None})
               for e, _ in m.participants)


def _needs_party(m: Mention) -> bool:
    return m.trigger.pos == "noun" and m.trigger.head.lower_ in lexicon()["party_required"]


def _tidy_participants(d: Draft, ents: dict[str, Entity]) -> None:
    """A country stands in for its unnamed official only (ANNOTATION): drop it when one of its
    people is there.  At a visit, the visitor's counterparts from elsewhere are the hosts."""
    people = [ents[e] for e in d.participants if e in ents and ents[e].kind == "person"]
    codes = {p.country for p in people if p.country}
    # a delegation head of unknown country stands for the delegation's country ("the delegation of X
    # headed by Y")
    heads = any(ents[e].country is None for e, r in d.participants.items()
                if r == "delegation_head" and e in ents)
    for ent in list(d.participants):
        e = ents.get(ent)
        if e is not None and e.kind == "country" and (e.country in codes or heads):
            del d.participants[ent]
    for org in d.organizers:
        d.participants.pop(org, None) if ents.get(org) and ents[org].kind != "person" else None
    orgs = [ents[e] for e in d.participants if e in ents and ents[e].kind == "organization"]
    for short in orgs:
        if any(o.name.lower().startswith(short.name.lower() + " and ") for o in orgs):
            del d.participants[short.id]  # "the Council of Churches and Religious Organizations", cut short
    signers = [e for e, r in d.participants.items() if r == "signatory"]
    if any(ents.get(e) is not None and ents[e].kind == "person" for e in signers):
        for ent in signers:  # named signatories: the bodies they sign for are no parties of their own
            if ent in ents and ents[ent].kind != "person":
                del d.participants[ent]
    place = ents.get(d.location) if d.location else None
    guests = {ents[e].country for e, r in d.participants.items() if r == "visitor" and e in ents}
    if place is not None and place.country and len(guests - {None, place.country}) == 1:
        for ent, role in d.participants.items():  # a local "visitor" beside a foreign guest received
            e = ents.get(ent)  # him ("Zelenskyy and Johnson visited ..." in Kyiv)
            if role == "visitor" and e is not None and e.kind == "person" and e.country == place.country:
                d.participants[ent] = "host" if d.type == "visit" else "participant"
    if d.type == "cultural_event":  # "visited the exhibition", "visited the square": taking part
        for ent, role in d.participants.items():
            if role == "visitor":
                d.participants[ent] = "participant"
    visitors = {ents[e].country for e, r in d.participants.items() if r == "visitor" and e in ents}
    if d.type == "visit" and visitors:
        for ent, role in d.participants.items():
            e = ents.get(ent)
            if role == "participant" and e is not None and e.kind == "person" and e.country not in visitors:
                d.participants[ent] = "host"


def _apply(m: Mention, d: Draft, previous: Draft | None, created: bool, published: str | None,
           drafts: list[Draft]) -> None:
    """Fold what one mention says into its event."""
    if m.trigger.pos != "verb":
        d.verb_only = False
    if d.in_title and m.fresh and m.status == "planned":
        d.status = "planned"  # the body tells that the headline's event is yet to come
    if m.reference and not created:
        if d.in_title and d.body_mentions <= 1 and m.trigger.pos == "noun" and _same_parties(m, d):
            for ent, role in m.participants:  # "Following the meeting of X with Y": the headline's
                d.add_participant(ent, role)  # meeting told with its parties' names
        return  # "after the talks" dates another event, it adds nothing else to the talks
    for ent, role in m.participants:
        d.add_participant(ent, role)
    named = {e for e, _ in m.participants if doc_cache(m.trigger.span.doc).kinds.get(e) == "person"}
    visitor_named = d.type == "visit" and any(role == "visitor" for _, role in m.participants)
    if m.plural_subject and len(named) < 2 and not visitor_named:
        # "X held a call with Y, during which they ...": X and Y; but "the parties touched upon the
        # visit of Z to Astana" is Z's visit, not one of the parties who spoke of it
        source = previous if previous is not d else None
        for ent, role in (source.participants.items() if source else []):
            # the parties agree to meet again: as parties, not in the roles they had
            d.add_participant(ent, m.plural_role or (role if d.status == "held" else "participant"))
    before = _latest([x for x in drafts if x.type != d.type and x.participants], None)
    if m.delegation_role:  # the head of the delegation already told of
        heads = [e for x in reversed(drafts) for e, r in x.participants.items() if r == "delegation_head"]
        if heads and heads[0] not in d.participants:
            d.add_participant(heads[0], m.delegation_role)
    if m.presence_parties and before is not None:
        for ent in before.participants:
            d.add_participant(ent, "participant")
    for org in m.organizers:
        if org not in d.organizers:
            d.organizers.append(org)
    d.name = d.name or m.name
    d.location = d.location or m.location
    if d.date is None and not (m.trigger.pos == "anaphor" and m.crowded) and not dates_nothing(m):
        prev_date = previous.date if previous is not None else None
        text = m.text
        if m.after_other and m.trigger.pos == "noun" and (d.status == "planned" or not m.participants):
            # "On the same day, X held talks ..., discussing the visit in May": the date is the talks'
            head = m.trigger.head
            text = doc_cache(head.doc).text[head.left_edge.idx:head.right_edge.idx + len(head.right_edge)]
        if (previous is not None and previous is not d and previous.date and m.sent is not None
                and previous.sentences and previous.sentences[0].start == m.sent.start
                and relative_to_previous(text)):
            # "The next day, X visited the Centre, where he met Y": the visit told in this very
            # sentence already took the step from the day before; the meeting shares its day
            d.date = previous.date
        else:
            d.date = resolve_date(text, published, planned=d.status == "planned", previous=prev_date)
        if d.date and published and d.date > published and d.status == "held":
            d.status = "planned"  # "for hosting the summit on June 16", said on June 15
        if d.date is None and created and m.anchor_reference:
            ref = _latest([x for x in drafts if x is not d], None)
            d.date = ref.date if ref and ref.status == d.status else None


_SAME_TIME = frozenset({"on the sidelines of", "on the margins of", "during", "in the course of",
                        "at the end of", "at the conclusion of", "within the framework of", "after",
                        "following", "closing"})
_SAME_PLACE = frozenset({"on the sidelines of", "on the margins of", "during", "in the course of",
                         "at the end of", "at the conclusion of", "within the framework of", "closing"})
_AFTERWARDS = frozenset({"after", "following", "at the end of", "at the conclusion of"})
_SIDELINES = frozenset({"on the sidelines of", "on the margins of"})


def _anchored(drafts: list[Draft], anchors: list[tuple[Draft, str, int]]) -> None:
    """An event told "on the sidelines of the forum" or "following the talks" took place when (and,
    on the sidelines, where) the event it names did; an event known only as the place of another
    ("met in Dubai on the sidelines of COP28") took place where that one did."""
    for ref, cue, start in anchors:
        for d in drafts:
            if d is ref or d.status != "held" or all(s.start != start for s in d.sentences):
                continue
            if cue in _SAME_TIME and d.date is None and ref.status == "held":
                d.date = ref.date
            if cue in _SAME_PLACE:
                d.location = d.location or ref.location
            if cue in _SIDELINES:
                ref.location = ref.location or d.location
            if cue in _AFTERWARDS and not ref.participants and ref.sentences and (
                    ref.sentences[0].start == start):
                # "Following the talks held in Astana yesterday, X and Y signed ...": talks known only
                # from that phrase were held by those who then signed
                for ent in d.participants:
                    ref.add_participant(ent, "participant")


def _segment_roles(focus: Draft | None, doc: Doc, seen: set[int], upto: int) -> None:
    """Sentences before `upto` not yet read belong to the event in focus: speakers, guests, topics."""
    for sent in doc_cache(doc).sents:
        if sent.start >= upto:
            break
        if sent.start in seen:
            continue
        seen.add(sent.start)
        if focus is None:
            continue
        for ent, role in sentence_roles(sent, focus.type):
            focus.add_participant(ent, role)
        for topic in topics_in(sent):
            if topic not in focus.topics:
                focus.topics.append(topic)


def _principal(doc: Doc, title_draft: Draft | None, mentions: list[Mention]) -> None:
    """A headline without its subject ("Meeting with ...") is the publisher's principal's event:
    the first person the body names, or the first country where no person is named."""
    title_mention = next((m for m in mentions if m.in_title), None)
    if title_draft is None or title_mention is None or title_mention.has_subject:
        return
    cache = doc_cache(doc)
    sents = cache.sents
    if not sents:
        return
    kinds = cache.kinds
    first = [e for i in range(sents[0].start, sents[0].end)
             if (e := cache.entity_at(i)) and e not in title_draft.participants]
    for wanted in ("person", "country"):
        pick = next((e for e in first if kinds.get(e) == wanted), None)
        if pick:
            official = _official_of(cache, pick) if wanted == "country" and find_turns(doc) else None
            title_draft.add_participant(official or pick, "participant")
            return


def _official_of(cache: DocCache, country: str) -> str | None:
    """In a transcript, the first person of a country the document names further on ("Participants
    discussed Russia's interaction with ... President of Russia Vladimir Putin: ..."): the country's
    named official stands for it (ANNOTATION: a country only where no person is named)."""
    code = cache.by_id[country].country if country in cache.by_id else None
    if not code:
        return None
    return next((e.id for e in cache.entities if e.kind == "person" and e.country == code), None)


def _specific(d: Draft, ents: dict[str, Entity]) -> bool:
    """ANNOTATION: an event counts when named, placed, dated or with named parties."""
    if d.verb_only and not (d.participants or d.organizers):
        return d.location is not None and d.type == "cultural_event"
    if d.needs_party and not (d.participants or d.organizers):
        return False  # "an interview published in X": an article, no event
    if d.proposed and d.status == "planned" and not (d.name or d.location or d.date):
        return False  # only suggested, neither named, placed nor dated (ANNOTATION: not specific)
    if d.name or d.location or d.date or d.organizers:
        return True
    # named people make a passing mention specific; countries alone do not, outside the headline
    kinds = {e.id: e.kind for e in ents.values()}
    return any(kinds.get(p) == "person" for p in d.participants) or (d.in_title and bool(d.participants))


# --- output ---------------------------------------------------------------------------------------

def to_event(i: int, d: Draft, doc: Doc, ents: dict[str, Entity]) -> Event:
    plover = lexicon()["plover"]
    loc = ents.get(d.location) if d.location else None
    return Event(
        id=f"v{i}", type=d.type, plover=plover.get(d.type, "CONSULT"), name=d.name, status=d.status,
        date=d.date, location=Location(name=loc.name, country=loc.country) if loc else None,
        organizers=list(d.organizers),
        participants=[Participant(entity=e, role=r) for e, r in d.participants.items()],
        topics=d.topics[:12], evidence=[(s.start_char, s.end_char) for s in d.sentences],
    )


__all__ = ["EventExtractor", "Trigger", "Token", "roles_lexicon"]
