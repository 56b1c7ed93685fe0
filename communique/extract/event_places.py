"""Places an event's text plainly implies when it names none (ANNOTATION: "an Islamabad institute
hosting"): a city in the name of an organizer or hosting organization ("Institute of Strategic
Studies Islamabad" -> Islamabad), else the host country of an organizing embassy ("the Embassy
of Kazakhstan in India" -> India, or
the one Indian city the text names).  Calls happen nowhere in particular: none for them."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from communique.extract import roles as R
from communique.extract.event_triggers import doc_cache
from communique.records import Entity

_NO_PLACE = frozenset({"phone_call"})
_MISSION = re.compile(r"\b(?:Embassy|Consulate(?: General)?|Permanent Mission|Mission|High Commission)\b"
                      r".*\bin (?:the )?(.+)$")


def _named_in(name: str, ents: dict[str, Entity], kinds: tuple[str, ...]) -> str | None:
    """A place entity of `kinds` whose name is a whole word group of `name`."""
    for e in ents.values():
        if e.kind in kinds and e.name and re.search(rf"(?<!\w){re.escape(e.name)}(?!\w)", name):
            return e.id
    return None


def implied_place(etype: str, hosts: list[str], ents: dict[str, Entity]) -> str | None:
    """The place entity implied by the organizations `hosts` (organizers first), or None."""
    if etype in _NO_PLACE:
        return None
    orgs = [ents[h] for h in hosts if h in ents and ents[h].kind == "organization"]
    for org in orgs:  # "Institute of Strategic Studies Islamabad"
        found = _named_in(org.name, ents, ("location",))
        if found:
            return found
    for org in orgs:  # "Embassy of Kazakhstan in Pakistan"
        m = _MISSION.search(org.name)
        if m:
            found = _named_in(m.group(1), ents, ("location", "country"))
            if found and ents[found].kind == "country":  # the one city the text names there
                code = ents[found].country
                cities = [e.id for e in ents.values() if e.kind == "location" and e.country == code]
                found = cities[0] if len(cities) == 1 else found
            if found:
                return found
    return None


# --- a mention's own place ------------------------------------------------------------------------

_PLACES = ("location", "country")
_MOTION = frozenset({"come", "arrive", "travel", "go", "fly", "return"})
_TO_TYPES = frozenset({"visit"})  # "a visit to China"; "credentials to the President of X" is no place
_VENUES = frozenset({"venue", "site", "location", "setting"})
_SEQUELS = frozenset({"follow", "precede", "accompany"})
_SIDELINES = frozenset({"sidelines", "margins", "sideline", "margin"})
_TRIPS = frozenset({"visit", "trip", "tour", "stay"})


def _place_of(tok: Token, allowed: tuple[str, ...] = _PLACES) -> str | None:
    """The place `tok` names, of a kind in `allowed`; for an organization, a city in its name
    ("the Consulate General of Kazakhstan in Brest")."""
    cache = doc_cache(tok.doc)
    ent = cache.entity_at(tok.i) or R.entity_for(tok)
    kind = cache.kinds.get(ent) if ent else None
    if kind in allowed:
        return ent
    if kind == "organization":
        return _named_in(cache.by_id[ent].name, cache.by_id, ("location",))
    return None


def _prep_place(anchor: Token, preps: tuple[str, ...], allowed: tuple[str, ...] = _PLACES) -> str | None:
    for obj in R.prep_objects(anchor, preps):
        for tok in R.conjuncts(obj):
            found = _place_of(tok, allowed)
            if found:
                return found
    return None


def _visited(verb: Token) -> str | None:
    """"will visit China"; "visited the monastery in Kyiv".  Only a place the object itself names:
    one inside its phrase ("an exhibition of the equipment of the Russian occupiers", "St Michael's
    Monastery") is not what was visited."""
    cache = doc_cache(verb.doc)
    for obj in (c for c in verb.children if c.dep_ in ("dobj", "obj")):
        for tok in R.conjuncts(obj):
            ent = cache.entity_at(tok.i)
            if ent and cache.kinds.get(ent) in _PLACES:
                return ent
            found = _prep_place(tok, ("in",), ("location",))
            if found:
                return found
    return None


def _other_side(tok: Token, allowed: tuple[str, ...] = _PLACES) -> str | None:
    """The place on the other side of a copula from `tok` ("Amman was the venue ...", "The venue
    ... was Amman")."""
    cop = tok.head
    if tok.dep_ not in ("attr", "nsubj") or cop.lemma_ != "be":
        return None
    want = "nsubj" if tok.dep_ == "attr" else "attr"
    for c in cop.children:
        if c.dep_ == want:
            found = _place_of(c, allowed)
            if found:
                return found
    return None


def _stated_place(head: Token, verb: Token | None, etype: str, depth: int) -> str | None:
    """Places said of the event outside its own phrase: "Amman was the venue of the ceremony",
    "Minsk hosted the session", "an audience followed the ceremony" (the ceremony's place), "on the
    sidelines of the forum" (the forum's place), "during a trip to X"."""
    up = head.head
    if head.dep_ == "pobj" and up.lower_ == "of" and up.head.lemma_.lower() in _VENUES:
        found = _other_side(up.head)
        if found:
            return found
    if verb is None:
        return None
    lemma = verb.lemma_.lower()
    if lemma == "host":
        for subj in R.subjects(verb):
            found = _place_of(subj, ("location",))
            if found:
                return found
    if depth:
        return None
    if lemma in _SEQUELS and head.head.dep_ == "agent":  # "..., which was followed by an audience"
        other = verb.head if verb.dep_ == "relcl" else next(
            (c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if other is not None and other.pos_ in ("NOUN", "PROPN"):
            return mention_place(other, etype, None, None, depth + 1)
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "at", "during")):
        for obj in (g for g in prep.children if g.dep_ == "pobj"):
            if obj.lower_ in _SIDELINES:
                events = R.prep_objects(obj, ("of",))
            else:  # "During a working trip to the Zaporizhzhia region, he held a meeting"
                events = [obj] if prep.lower_ == "during" and obj.lemma_.lower() in _TRIPS else []
            kind = etype if obj.lower_ in _SIDELINES else "visit"  # a trip goes "to" its place
            for event in events:
                found = mention_place(event, kind, None, None, depth + 1)
                if found:
                    return found
    return None


def _fragment_after(sent: Span) -> Span | None:
    """The next sentence when the parser split a sentence in two: this one has no final stop and
    the next has no verb ("... met today with Republic of Korea (ROK)" + "President Yoon in Phnom
    Penh, Cambodia.")."""
    cache = doc_cache(sent.doc)
    last = next((t for t in reversed(sent) if not t.is_space), None)
    if last is None or last.text in (".", "!", "?"):
        return None
    nxt = next((s for s in cache.sents if s.start >= sent.end), None)
    if nxt is None or any(t.pos_ in ("VERB", "AUX") for t in nxt):
        return None
    return nxt


def mention_place(head: Token, etype: str, name: str | None, span: Span | None, depth: int = 0) -> str | None:
    """The place entity a trigger's sentence gives its event: "in"/"at" attached to the trigger,
    its verb or a participle clause (", held in Minsk"), what a visit visits, a stated venue, the
    place of the other party ("met with President X in Phnom Penh"), a city in the event's name."""
    doc = head.doc
    cache = doc_cache(doc)
    parsed = doc.has_annotation("DEP")
    verb = R.governing_verb(head) if parsed else None
    anchors = [head]
    motion = False
    visiting = verb if verb is not None else head if head.pos_ == "VERB" else None
    if visiting is not None and visiting.lemma_.lower() == "visit":  # "will visit China"
        found = _visited(visiting)
        if found:
            return found
    if verb is not None:
        anchors.append(verb)
        motion = verb.lemma_.lower() in _MOTION
        anchors += [c for c in verb.children if c.dep_ in ("advcl", "acl") and c.tag_ == "VBN"]
    # "the next meeting of the Commission, scheduled to take place in Astana": the parser hangs the
    # clause on the body the meeting is of, and "to Almaty" of "a visit of a delegation to Almaty"
    # on the delegation
    owners = R.prep_objects(head, ("of",)) if parsed else []
    clauses = [c for h in [head, *owners] for c in h.children if c.dep_ in ("acl", "relcl")]
    anchors += clauses + [g for c in clauses for g in c.children if g.dep_ == "xcomp"]
    preps = ("in", "at", "to") if etype in _TO_TYPES or motion else ("in", "at")
    for anchor in anchors:
        found = _prep_place(anchor, preps)
        if found:
            return found
    if etype in _TO_TYPES:
        for owner in owners:
            found = _prep_place(owner, ("to",))
            if found:
                return found
    found = _stated_place(head, verb, etype, depth) if parsed else None
    if found:
        return found
    if name and span is not None:  # "Astana summit", "St Petersburg International Economic Forum"
        for i in range(max(0, span.start - 8), span.end):
            ent = cache.entity_at(i)
            if ent and cache.kinds.get(ent) == "location" and doc[i].text in name:
                return ent
    if not parsed or depth:
        return None
    for anchor in (verb, head):  # "met with President Yoon in Phnom Penh"
        if anchor is None:
            continue
        # a long "with" phrase the parser broke hangs its last name on the verb as a conjunct
        others = [c for c in anchor.children if c.dep_ == "conj" and c.pos_ == "PROPN"]
        for obj in (t for o in R.prep_objects(anchor, ("with",)) + others for t in R.conjuncts(o)):
            found = _prep_place(obj, ("in",), ("location",))
            if found:
                return found
    fragment = _fragment_after(head.sent)
    if fragment is not None:
        return _prep_place(fragment.root, ("in", "at"), ("location",))
    return None


# --- places the document gives several events ---------------------------------------------------

_ARRIVALS = {"arrive": ("in", "at"), "come": ("to",), "welcome": ("to",)}
_UNREAL = frozenset({"will", "would", "shall", "should", "could", "can", "may", "might", "to", "not", "n't"})
_PRONOUNS = frozenset({"i", "we", "he", "she", "they", "you"})


def _arriving(verb: Token) -> bool:
    """A real arrival of one of the parties: "Thank you for coming", "he arrived", "the
    delegation arrived"; not "will come", "troops arrived"."""
    if any(c.dep_ in ("aux", "auxpass", "neg") and c.lower_ in _UNREAL for c in verb.children):
        return False
    if verb.dep_ == "xcomp" or verb.lemma_.lower() == "welcome":
        return verb.dep_ != "xcomp"
    if verb.dep_ == "pcomp" and verb.head.lower_ == "for":  # "Thank you for coming"
        return True
    cache = doc_cache(verb.doc)
    for subj in R.subjects(verb):
        ent = cache.entity_at(subj.i) or R.entity_for(subj)
        if subj.lower_ in _PRONOUNS or subj.lemma_.lower() == "delegation" or (
                ent and cache.kinds.get(ent) == "person"):
            return True
    return False


def _arrival_place(verb: Token, preps: tuple[str, ...]) -> str | None:
    """The place arrived at: the most specific city or site of "coming here, to the Far East, to
    ..., our new cosmodrome" (the parser hangs the later ones on the verb above), else a country."""
    cache = doc_cache(verb.doc)
    above = verb.head.head if verb.dep_ == "pcomp" else verb.head if verb.lower_ == "here" else None
    holders = [verb] + ([above] if above is not None and above is not verb else [])
    found: list[str] = []
    for holder in holders:
        for c in holder.children:
            if c.i < verb.i:
                continue
            if c.dep_ == "prep" and c.lower_ in preps:
                objs = [g for g in c.children if g.dep_ == "pobj"]
            else:
                objs = [c] if c.dep_ in ("npadvmod", "appos") and holder is not verb else []
            for obj in objs:
                for tok in R.conjuncts(obj):
                    ent = cache.entity_at(tok.i) or R.entity_for(tok)
                    kind = cache.kinds.get(ent) if ent else None
                    if kind == "location" or (kind == "country" and cache.entity_at(tok.i) == ent):
                        found.append(ent)
    cities = [e for e in found if cache.kinds.get(e) == "location"]
    return (cities or found or [None])[-1]


def arrival_places(doc: Doc) -> list[tuple[int, str]]:
    """(sentence start, place) of each arrival the text reports: "X arrived in Astana", "Thank you
    for coming here, to the Russian Far East", "Welcome to the Kremlin", "to see you here in X"."""
    if not doc.has_annotation("DEP"):
        return []
    cache = doc_cache(doc)
    out = []
    for i, lemma in enumerate(cache.lemmas):
        if lemma == "here":  # "happy to see you here in Russia, in St Petersburg"
            if any(c.dep_ == "nsubj" and c.lower_ not in _PRONOUNS | {"it"} for c in doc[i].head.children):
                continue  # "here in Russia, everybody loves you": where the speaker is, not an arrival
            place = _arrival_place(doc[i], ("in",))
            if place:
                out.append((doc[i].sent.start, place))
            continue
        preps = _ARRIVALS.get(lemma)
        if preps is None:
            continue
        verb = doc[i]
        if _arriving(verb):
            place = _arrival_place(verb, preps)
            if place:
                out.append((verb.sent.start, place))
    return out


def _on_bare_sidelines(sent: Span) -> bool:
    """"On the sidelines, ..." without saying of what: of the event just told."""
    return any(t.lower_ in _SIDELINES and t.dep_ == "pobj" and not any(c.dep_ == "prep" for c in t.children)
               for t in sent)


def shared_places(doc: Doc, drafts: list) -> None:
    """Held events that name no place of their own take one the document gives them: talks "on the
    sidelines" took place where the event before them did; an event at or after an arrival ("X
    arrived in Astana", "Thank you for coming to ...") and the headline's event took place there."""
    arrivals = arrival_places(doc)
    previous = None
    for d in drafts:
        if d.type in _NO_PLACE:
            continue
        if d.location is None and d.status == "held" and not d.aside:
            first = min((s.start for s in d.sentences), default=None)
            if previous is not None and any(_on_bare_sidelines(s) for s in d.sentences):
                d.location = previous.location
            else:
                cues = [p for start, p in arrivals if d.in_title or (first is not None and start <= first)]
                cities = [p for p in cues if doc_cache(doc).kinds.get(p) == "location"]
                d.location = (cities or cues or [None])[-1]
        previous = d
