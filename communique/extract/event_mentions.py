"""One trigger hit read in its sentence: is it a new event or a reference back, planned or held,
who took part in which role, who organized it, where, and what name it has."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Span, Token

from communique.extract import roles as R
from communique.extract.event_places import mention_place
from communique.extract.event_triggers import (
    DocCache,
    Trigger,
    doc_cache,
    lexicon,
    names_an_event,
    roles_lexicon,
    with_people,
)
from communique.extract.topics import split_topic
from communique.extract.transcripts import Turn, find_turns

_QUOTED_TITLE = re.compile(
    r"\s*,?\s*(?:titled|entitled|themed|under the theme|on the theme|called|on)\s*[\"“«']([^\"”»]+)[\"”»']")
_TOGETHER = ("together", "along", "jointly")
_TOPIC_PREPS = ("on", "upon", "to", "over", "of")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "they", "them", "their", "it", "its", "who"}


@dataclass
class Mention:
    trigger: Trigger
    sent: Span | None
    in_title: bool
    type: str
    text: str
    fresh: bool = True
    reference: bool = False
    anchor_reference: bool = False
    status: str = "held"
    name: str | None = None
    location: str | None = None
    participants: list[tuple[str, str]] = field(default_factory=list)
    organizers: list[str] = field(default_factory=list)
    plural_subject: bool = False
    plural_role: str | None = None
    has_subject: bool = False
    crowded: bool = False  # the sentence has a trigger of its own besides this anaphor
    after_other: bool = False  # another event's trigger comes earlier in the sentence
    cue: str | None = None  # the reference cue before the trigger ("on the sidelines of")
    presence_parties: bool = False  # "in the presence of the heads of state": the parties before
    split_parties: list[str] = field(default_factory=list)  # one event with each ("meetings with X and Y")
    proposed: bool = False  # "X suggested discussing it during a video conference"
    delegation_role: str | None = None  # "the Korean delegation's visit": the delegation's head, in this role


def read_mention(t: Trigger, in_title: bool) -> Mention:
    head = t.span[0] if t.pos == "verb" else t.head
    doc = head.doc
    sent = None if in_title else head.sent
    cache = doc_cache(doc)
    m = Mention(trigger=t, sent=sent, in_title=in_title, type=t.type,
                text=(_paragraph_part(cache, sent, head) if sent is not None else cache.text))
    m.name = event_name(t, head)
    m.fresh = t.pos == "verb" or (t.pos == "noun" and (bool(m.name) or _is_fresh_noun(head)))
    if t.pos == "noun" and _modifies_noun(head) and not m.name:
        m.fresh = False  # "the roundtable participants": the round table already told
    m.cue = reference_cue(t.span)
    m.reference = m.cue is not None
    m.anchor_reference = any(_after_reference_cue(doc[c.i:c.i + 1]) for c in (sent or doc)
                             if c.pos_ == "NOUN" and c.i != head.i)
    m.status = "planned" if _planned(head) else "held"
    _read_roles(m, t, head)
    _summit_body(m, t, head)
    m.proposed = m.status == "planned" and _proposed(head)
    if t.split:
        m.split_parties = with_people(head)
    m.location = mention_place(head, t.type, m.name, t.span)
    return m


def _modifies_noun(head: Token) -> bool:
    """"the roundtable participants" (parsed as a compound, or as an adjective): the word qualifies
    another noun."""
    return head.dep_ == "compound" or (head.dep_ == "amod" and head.head.pos_ in ("NOUN", "PROPN"))


def _proposed(head: Token) -> bool:
    """The event is what someone suggests or proposes, not an arrangement."""
    verbs = roles_lexicon()["proposal_verbs"]
    cur = head
    for _ in range(6):
        if cur.head is cur:
            return False
        cur = cur.head
        if cur.pos_ == "VERB" and cur.lemma_.lower() in verbs:
            return True
    return False


def _summit_body(m: Mention, t: Trigger, head: Token) -> None:
    """"a meeting of the European Council": a body of heads of state meets in a summit it convenes."""
    if t.pos != "noun" or head.lower_ not in ("meeting", "session") or not head.doc.has_annotation("DEP"):
        return
    by_id = doc_cache(head.doc).by_id
    bodies = lexicon()["summit_bodies"]
    for obj in R.prep_objects(head, ("of",)):
        ent = by_id.get(R.entity_for(obj) or "")
        if ent is not None and ent.kind == "organization" and (
                ent.name.lower() in bodies or any(a.lower() in bodies for a in ent.aliases)):
            m.type = "summit"
            m.participants = [(e, r) for e, r in m.participants if e != ent.id]
            if ent.id not in m.organizers:
                m.organizers.append(ent.id)


def _paragraph_part(cache: DocCache, sent: Span, head: Token) -> str:
    """The sentence's text within the trigger's paragraph: the parser sometimes runs a sentence on
    over a paragraph break ("... in May.  ||  Earlier, on 17 March, ..."), whose date is not ours."""
    text = cache.span_text(sent)
    if "\n\n" not in text:
        return text
    at = head.idx - sent.start_char
    start = text.rfind("\n\n", 0, at)
    end = text.find("\n\n", at)
    return text[start + 2 if start >= 0 else 0:end if end >= 0 else len(text)]


# --- fresh or anaphoric --------------------------------------------------------------------------

def _is_fresh_noun(head: Token) -> bool:
    """"a meeting", "talks", "the upcoming summit", "the seventh meeting" are new; "the talks",
    "our meeting" refer back."""
    lex = lexicon()
    children = list(head.children)
    det = [c for c in children if c.dep_ in ("det", "poss")]
    if any(c.lower_ in lex["fresh_modifiers"] or _ORDINAL.fullmatch(c.lower_)
           for c in children if c.dep_ in ("amod", "compound", "nummod")):
        return True  # "the upcoming summit", "the 67th session"

    if any(c.dep_ == "prep" and c.lower_ in ("between", "with") for c in children):
        return True
    return not any(d.lower_ in lex["definite_determiners"] or d.dep_ == "poss" for d in det)


def _after_reference_cue(span: Span) -> bool:
    """"after the talks", "on the sidelines of the forum": a time or place anchor, not news."""
    return reference_cue(span) is not None


def reference_cue(span: Span) -> str | None:
    """The reference cue right before the phrase of `span` ("on the sidelines of"), or None."""
    doc = span.doc
    start = span[0].left_edge.i if doc.has_annotation("DEP") else span.start
    left = doc[max(0, start - 6):start].text.lower()
    cues = lexicon()["reference_cues"]
    return next((cue for cue in cues if left.endswith(cue) or left.endswith(cue + " the")), None)


def lasts_until(head: Token) -> bool:
    """Is the event told only as lasting until a day ("the exhibition will run until October 20")?"""
    verb = head.head if head.dep_ in ("nsubj", "nsubjpass") else None
    return verb is not None and verb.lemma_.lower() in roles_lexicon()["duration_verbs"] and any(
        c.dep_ == "prep" and c.lower_ in ("until", "till", "through") for c in verb.children)


_TODAY = ("today", "tonight")


def _told_as_today(tok: Token) -> bool:
    """The clause or the event is told as of today ("the meeting today"): the release's own day."""
    return any(c.dep_ in ("npadvmod", "advmod") and c.lower_ in _TODAY for c in tok.children)


def _planned(head: Token) -> bool:
    lex = roles_lexicon()
    cues = set(lex["planned_cues"])
    if lasts_until(head):
        return False  # "the exhibition will run until October 20": how long it lasts, not a plan
    if head.dep_ == "pobj" and head.head.lower_ == "for" and head.head.head.pos_ == "NOUN" and any(
            c.lower_ in cues for c in head.head.head.children if c.dep_ in ("amod", "advmod")):
        return True  # "the upcoming visit to Abu Dhabi for the World Government Summit"
    if any(c.lower_ in cues for c in head.children if c.dep_ in ("amod", "aux", "advmod")):
        return True
    if any(c.lemma_.lower() in cues for c in head.children if c.dep_ == "acl"):
        return True  # "the Astana International Forum, scheduled for June"
    if any(c.dep_ == "relcl" and any(a.lower_ in cues for a in c.children if a.dep_ == "aux")
           for c in head.children):
        return True  # "the Summit, which will be held in Seoul next year"
    prep = head.head
    if head.dep_ == "pobj" and prep.lower_ in ("for", "of") and (
            prep.head.lemma_.lower() in lex["preparation_nouns"]):
        return True  # "preparations for the visit", "the preparation of the Forum"
    cur, steps = head, 0
    while steps < 6:
        if _told_as_today(cur):
            return False  # "we will continue this at the Commission meeting today": under way now
        if cur.pos_ in ("VERB", "AUX") and any(
                c.lower_ in cues for c in cur.children if c.dep_ in ("aux", "auxpass")):
            return True
        if cur.lemma_.lower() in cues and cur is not head:
            return True
        if cur.head == cur:
            break
        cur, steps = cur.head, steps + 1
    return False


# --- name ----------------------------------------------------------------------------------------

def event_name(t: Trigger, head: Token) -> str | None:
    """The event's own title: a quoted "titled ..." or a proper name ending in the trigger."""
    doc = head.doc
    text = doc_cache(doc).text
    quoted = _QUOTED_TITLE.match(text, t.span.end_char, min(len(text), t.span.end_char + 300))
    quoted = quoted or _QUOTED_TITLE.match(" " + text[t.span.end_char:t.span.end_char + 300])
    if quoted:
        return quoted.group(1).strip()
    if t.pos != "noun" or head.lower_ not in lexicon()["named_heads"]:
        return None
    i = t.span.start
    words: list[Token] = []
    while i > 0:
        prev = doc[i - 1]
        if prev.text in ("'s", "\u2019s", "’s", "s") and prev.i > 0:
            return None  # "Joe Biden's Meeting": whose meeting, not its name
        hyphened = prev.is_alpha and i >= 2 and doc[i - 2].text == "-" and bool(words)  # "Multi-stakeholder"
        if prev.is_title or prev.pos_ == "PROPN" or prev.is_upper and prev.is_alpha or hyphened or (
                prev.text in ("-", "&", "and") and words):
            words.insert(0, prev)
            i -= 1
        else:
            break
    while words and words[0].text in ("-", "&", "and", "The"):
        words.pop(0)
    end = _name_tail(t.span)
    if not words and end > t.span.end and not head.is_sent_start:
        return doc[t.span.start:end].text  # "the next Summit for Democracy"
    if not words or (words[0].i == words[0].sent.start and len(words) == 1 and words[0].pos_ != "PROPN"):
        return None
    if head.is_title and len(words) < 2 and _all_title_case(head.sent):
        return None  # a headline capitalizes every word: one capital word names nothing
    return doc[words[0].i:end].text


_TAIL_LINKS = ("of", "for", "on", "the", "and")
_WHEN = ("DATE", "TIME")


def _name_tail(span: Span) -> int:
    """The end of a capitalized event word's name that runs on after it: "Summit for Democracy",
    "Event on the Declaration for the Future of the Internet" (not in a headline's capitals)."""
    doc = span.doc
    head = span[-1]
    if not head.is_title or _all_title_case(head.sent):
        return span.end
    end = i = span.end
    while i < head.sent.end:
        tok = doc[i]
        if tok.lower_ in _TAIL_LINKS and not tok.is_title:
            i += 1
            continue
        if tok.is_title and tok.is_alpha and tok.lower_ not in _TAIL_LINKS and tok.ent_type_ not in _WHEN:
            end = i = i + 1
            continue
        break
    if end < len(doc) and doc[end].text in ("'s", "\u2019s"):
        return span.end  # "the Summit for Democracy's Year of Action": a thing of it, told in passing
    return end


def _all_title_case(sent: Span) -> bool:
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return bool(words) and all(t.is_title or t.is_upper for t in words)


# --- participants and organizers ----------------------------------------------------------------

def _read_roles(m: Mention, t: Trigger, head: Token) -> None:
    doc = head.doc
    if not doc.has_annotation("DEP"):
        return
    lex = roles_lexicon()
    kinds = doc_cache(doc).kinds
    verb = head if t.pos == "verb" else R.governing_verb(head)
    lemma = verb.lemma_.lower() if verb is not None else ""
    subject_role = lex["subject_roles"].get(lemma, _default_role(m.type))
    opener = m.type in lex["opener_hosts"]["types"] and lemma in lex["opener_hosts"]["verbs"] and (
        t.pos == "noun" and head.dep_ in ("dobj", "obj"))
    if opener:
        subject_role = "host"  # "Ambassador X opened the exhibition": the one who opened it hosts it
    site_country: str | None = None
    if m.type == "visit" and lemma == "visit" and not _visits_a_country(verb, kinds):
        subject_role = "participant"  # touring a site together: the visitor comes from "on a visit"
        site_country = _visited_place_country(verb)
    subj_tokens = R.subjects(verb) if verb is not None else []
    if not subj_tokens and t.pos == "verb" and head.dep_ == "acl":  # "his intention to visit X"
        for poss in (c for c in head.head.children if c.dep_ == "poss"):
            above = R.governing_verb(head.head) if poss.lower_ in _PRONOUNS else None
            subj_tokens += R.subjects(above) if above is not None else [poss]
    m.has_subject = bool(subj_tokens) or any(c.dep_ == "poss" for c in head.children)
    use_subjects = verb is not None and not m.reference and (
        (m.fresh and lemma not in lex["non_participation_verbs"])
        or lemma in lex["subject_roles"] or lemma in lex["organizer_verbs"] or _adjunct(head, verb)
        or opener)
    # "an audience, during which the parties ...": plural parties inside the event's own phrase
    inner = [c for c in head.subtree if c.dep_ in ("nsubj", "nsubjpass") and c not in subj_tokens
             and c.i != head.i] if t.pos == "noun" else []
    for tok in subj_tokens + inner:
        if tok.lemma_.lower() == "delegation" and not R.entity_for(tok) and tok in subj_tokens and (
                use_subjects):  # "the delegation visited Bucha": its head did
            m.delegation_role = "visitor" if m.type == "visit" else subject_role
            continue
        if tok.lemma_.lower() == "delegation" and kinds.get(R.entity_for(tok)) == "country" and (
                tok in subj_tokens and use_subjects):
            # "the German delegation held talks with X": its head, if told before, and the country
            m.delegation_role = "visitor" if m.type == "visit" else "delegation_head"
        if _plural_anaphor(tok, lex) and lemma not in lex["non_participation_verbs"]:
            m.plural_subject = True
            m.plural_role = lex["subject_roles"].get(lemma) if tok in subj_tokens else None
            continue
        if not use_subjects or tok in inner:
            continue
        if t.pos == "noun" and tok.i == head.i:
            continue  # "the Russia-Africa summit was held": the event itself, not a party, is the subject
        found = R.entities_of(tok)
        persons = R.persons_in(tok)
        if len(persons) > 1:
            found = persons + [e for e in found if e not in persons and kinds.get(e) != "country"]
        by_id = doc_cache(doc).by_id
        if lemma in lex["organizer_verbs"]:
            found += [e for e in _co_organizers(verb, lex) if e not in found]
        for ent in found + [e for e in _together_with(tok) if e not in found]:
            role = subject_role
            if site_country and ent in by_id and by_id[ent].country not in (None, site_country):
                role = "visitor"  # a foreign guest touring the site is the visitor
            elif site_country and ent in by_id and by_id[ent].kind == "person" and by_id[ent].country is None:
                role = "visitor"  # an international official comes from elsewhere
            _assign_subject(m, ent, kinds.get(ent), lemma, role, lex)
    if t.pos == "noun":  # "a session, where he delivered a statement": who spoke at it
        rels = [c for c in head.subtree if c.dep_ == "relcl" and (c.head is head or any(
            g.lower_ == "where" for g in c.children))]  # the parser hangs "where" on the nearest noun
        for rel in (c for c in rels if lex["subject_roles"].get(c.lemma_.lower()) == "speaker"):
            for subj in R.subjects(rel):
                for ent in R.entities_of(subj):
                    if kinds.get(ent) == "person" and m.type not in lex["speechless_event_types"]:
                        m.participants.append((ent, "speaker"))
    if t.pos == "noun":  # "a business breakfast organized by X", "a reception hosted by X"
        acls = [c for c in head.children if c.dep_ == "acl" and c.lemma_.lower() in lex["organizer_verbs"]]
        for acl in acls:
            for agent in (g for c in acl.children if c.dep_ == "agent" for g in c.children
                          if g.dep_ == "pobj"):
                for ent in R.entities_of(agent):
                    _assign_subject(m, ent, kinds.get(ent), acl.lemma_.lower(), "host", lex)
    if t.pos == "noun" and verb is not None:
        _thanked_host(m, head, verb, lex)
    # "his visit", "X's talks"
    for poss in (c for c in head.children if c.dep_ == "poss"):
        if poss.lemma_.lower() == "delegation":  # "the Korean delegation's visit": its head's
            m.delegation_role = "visitor" if m.type == "visit" else "participant"
            continue
        ents = R.entities_of(poss) if poss.lower_ not in _PRONOUNS else _pronoun_subject(verb)
        if poss.lower_ == "my":  # a transcript's "my visit": the turn's speaker
            ents = [turn.speaker for turn in _turns(doc) if turn.start <= poss.i < turn.end]
        for ent in ents:
            if kinds.get(ent) in ("person", "organization", "country"):
                m.participants.append((ent, "visitor" if m.type == "visit" else "participant"))
    _prep_roles(m, head, verb, kinds, lex)


def _thanked_host(m: Mention, head: Token, verb: Token, lex: dict) -> None:
    """A transcript's "thank you for organising the summit": the one thanked organized it, the
    speaker took part (two speakers only, so that "you" is the other one)."""
    if verb.lemma_.lower() not in lex["organizer_verbs"] or R.subjects(verb) and not any(
            c.lower_ == "you" for c in verb.subtree if c.i < verb.i):
        return
    thank = next((t for t in verb.sent if t.i < verb.i and t.lemma_.lower() == "thank"), None)
    if thank is None:
        return
    kinds = doc_cache(head.doc).kinds
    thanked = [e for o in R.direct_objects(thank) if o.lower_ != "you" for e in R.entities_of(o)
               if kinds.get(e) == "person"]
    if len(thanked) == 1 and verb.dep_ == "pcomp":  # "thanked President X for hosting the summit"
        if verb.lemma_.lower() == "host":
            m.participants.append((thanked[0], "host"))
        else:
            m.organizers.append(thanked[0])
        return
    turns = _turns(head.doc)
    speakers = list(dict.fromkeys(t.speaker for t in turns))
    mine = next((t for t in turns if t.start <= head.i < t.end), None)
    if mine is None or len(speakers) != 2:
        return
    other = next(s for s in speakers if s != mine.speaker)
    m.organizers.append(other)
    m.participants.append((mine.speaker, "participant"))


def _turns(doc: Doc) -> list[Turn]:
    memo = doc_cache(doc).memo
    if "turns" not in memo:
        memo["turns"] = find_turns(doc) if any(t.text in (":", "):") for t in doc) else []
    return memo["turns"]


def _plural_anaphor(tok: Token, lex: dict) -> bool:
    """"the parties", "the two leaders", "they"."""
    return tok.lower_ in lex["plural_anaphors"] or any(
        c.lower_ in lex["plural_anaphors"] for c in tok.children if c.dep_ in ("det", "nummod", "amod"))


def _adjunct(head: Token, verb: Token) -> bool:
    """"During the meeting, X ...", "On this occasion, X ...": X acts at the event."""
    prep = head.head
    return head.dep_ == "pobj" and prep.head == verb and prep.lower_ in ("during", "at", "on", "in")


def _visits_a_country(verb: Token, kinds: dict[str, str]) -> bool:
    objs = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    if not objs:
        return True
    return any(kinds.get(R.entity_for(o) or "") == "country" for o in objs)


def _visited_place_country(verb: Token) -> str | None:
    """The country of the place a visit verb's object names ("visited Astana" -> KZ), or None."""
    cache = doc_cache(verb.doc)
    for obj in (c for c in verb.children if c.dep_ in ("dobj", "obj")):
        ent = cache.by_id.get(R.entity_for(obj) or "")
        if ent is not None and ent.kind == "location":
            return ent.country
    return None


def _default_role(etype: str) -> str:
    return {"visit": "visitor", "signing": "signatory"}.get(etype, "participant")


def _assign_subject(m: Mention, ent: str, kind: str | None, lemma: str, role: str, lex: dict) -> None:
    if kind not in ("person", "organization", "country"):
        return
    if m.type in lex["giver_organized_types"]:  # "the Ministry will send humanitarian aid": it gives it
        if ent not in m.organizers:
            m.organizers.append(ent)
        return
    if lemma in lex["organizer_verbs"] and (kind == "organization" or lemma in lex["person_organizer_verbs"]):
        m.organizers.append(ent)
        if kind == "person":
            m.participants.append((ent, "host"))
        return
    if lemma == "hold" or (lemma not in lex["subject_roles"] and role != "host"):  # host: an opener
        role = _default_role(m.type)
    elif role == "speaker" and m.type in lex["speechless_event_types"]:
        role = _default_role(m.type)  # "made a trip", "spoke of his visit": no speech at the event
    m.participants.append((ent, role))


def _co_organizers(verb: Token, lex: dict) -> list[str]:
    """"organized by X in coordination with Y and Z": Y and Z organized it too."""
    doc = verb.doc
    cache = doc_cache(doc)
    low = cache.span_text(verb.sent).lower()
    base = verb.sent.start_char
    out: list[str] = []
    for cue in lex["co_organizer_cues"]:
        at = low.find(cue, verb.idx - base)
        if at < 0:
            continue
        prep = next((t for t in verb.sent if t.idx == base + at + len(cue) - len("with")), None)
        for obj in (g for g in (prep.children if prep is not None else []) if g.dep_ == "pobj"):
            out += [e for e in R.entities_of(obj) if e not in out]
    return out


def _together_with(tok: Token) -> list[str]:
    """"X, together with Y, organized ...": Y acts with X."""
    out: list[str] = []
    for anchor in (tok, tok.head):
        for c in anchor.children:
            objs: list[Token] = []
            if c.lower_ == "with" and any(g.lower_ in _TOGETHER for g in c.children):
                objs = [g for g in c.children if g.dep_ == "pobj"]
            elif c.lower_ in _TOGETHER:
                objs = R.prep_objects(c, ("with",))
            for obj in objs:
                out += [e for e in R.entities_of(obj) if e not in out]
    return out


def _pronoun_subject(verb: Token | None) -> list[str]:
    if verb is None:
        return []
    out: list[str] = []
    for tok in R.subjects(verb):
        out += R.entities_of(tok)
    return out


def _prep_roles(m: Mention, head: Token, verb: Token | None, kinds: dict[str, str], lex: dict) -> None:
    people_only: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    with_role = lex["with_roles"].get(head.lower_, "participant")
    to_role = lex["to_roles"].get(m.trigger.span.text.lower())
    anchors = [head] + ([verb] if verb is not None and verb is not head and not m.reference else [])
    for anchor in anchors:
        for obj in R.prep_objects(anchor, ("with",)):
            if obj.lemma_.lower() == "delegation" and any(
                    c.dep_ == "acl" and c.lemma_.lower() in ("head", "lead") for c in obj.children):
                continue  # "the delegation of X headed by Y": Y stands for it (clause roles)
            persons = R.persons_in(obj)
            found = list(dict.fromkeys(e for c in R.conjuncts(obj) if not _country_of_city(c)
                                       if (e := R.entity_for(c))))
            if len(persons) == 1 and persons[0] not in found:  # "with President of the French
                found = [persons[0] if (kinds.get(e) == "person" or _official_of(obj, persons[0], e)) else e
                         for e in found]  # Republic Emmanuel Macron": the man named, not his country
                found = list(dict.fromkeys(found))  # nor someone else his title was taken for
            for ent in _group_members(obj) or found + (persons if len(persons) > 1 else []):
                if anchor is head and kinds.get(ent) == "organization" and (
                        head.lower_ in lex.get("with_organizer_triggers", ())):
                    m.organizers.append(ent)  # "an interview with the X newspaper": X holds it
                elif kinds.get(ent) in ("person", "organization", "country"):
                    m.participants.append((ent, with_role))
        if to_role:
            for obj in R.prep_objects(anchor, ("to",)):
                for ent in R.entities_of(obj):
                    if kinds.get(ent) == "person":
                        m.participants.append((ent, to_role))
    envoys: list[tuple[str, str]] = []  # "the visit of the Brazilian Minister": his country
    cache = doc_cache(head.doc)
    for prep in ("between", "of"):
        role = "visitor" if prep == "of" and m.type == "visit" else "participant"  # "the visit of X"
        for obj in R.prep_objects(head, (prep,)):
            if m.name and obj.is_title and obj.text in m.name.split():
                continue  # "the Forum of Interregional Cooperation of Kazakhstan and Russia": its name
            for ent in R.entities_of(obj):
                (people_only if kinds.get(ent) == "person" else others).append((ent, role))
                if role == "visitor" and kinds.get(ent) == "country" and cache.entity_at(obj.i) is None:
                    envoys.append((ent, role))
    m.participants += people_only
    if not m.participants and head.lower_ not in ("session", "visit"):
        m.participants += [(e, r) for e, r in others if kinds.get(e) == "country"]
    if not m.participants and head.lower_ == "visit":  # an official named by title only: his country
        m.participants += envoys
    if verb is not None and m.trigger.pos == "verb" and verb.lower_ in lexicon()["person_object_verbs"]:
        passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
        for obj in R.direct_objects(verb) + passive:
            for ent in R.entities_of(obj):
                if kinds.get(ent) == "person":
                    m.participants.append((ent, lex["object_roles"].get(verb.lemma_.lower(), "participant")))
    if m.type == "signing" and verb is not None and m.trigger.pos == "verb":  # "a memorandum between X and Y"
        signed = [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj", "obj")]
        for obj in (g for c in signed for t in c.subtree if t.dep_ == "prep" and t.lower_ == "between"
                    for g in t.children if g.dep_ == "pobj"):
            m.participants += [(e, "signatory") for e in R.entities_of(obj)
                               if kinds.get(e) in ("person", "organization", "country")]
    if verb is not None and verb.lemma_.lower() == "meet":
        for obj in R.direct_objects(verb):
            for ent in R.entities_of(obj):
                if kinds.get(ent) in ("person", "country"):
                    m.participants.append((ent, "participant"))
    _presence(m, head, kinds, lex)


def _official_of(obj: Token, person: str, ent: str) -> bool:
    """The person holds a post of `ent`, the country or body of his title, named in the same phrase."""
    cache = doc_cache(obj.doc)
    by_id = cache.by_id
    p, e = by_id.get(person), by_id.get(ent)
    if p is None or e is None or e.kind not in ("country", "organization") or (
            p.country is not None and p.country != e.country):
        return False
    tokens = sorted(obj.subtree, key=lambda t: t.i)
    at_e = [t.i for t in tokens if cache.entity_at(t.i) == ent]
    at_p = [t.i for t in tokens if cache.entity_at(t.i) == person]
    if not at_e or not at_p or at_e[-1] > at_p[0]:
        return False
    between = obj.doc[at_e[-1] + 1:at_p[0]]  # the title runs on into the name: no list between
    return not any(t.text in (",", ";") or t.dep_ == "cc" for t in between)


def _group_members(obj: Token) -> list[str]:
    """The parties of a plural group named by where it comes from: "his counterparts from Estonia,
    Latvia and Poland" gives the countries (or people), not the alliance in "NATO Allies Estonia"."""
    cache = doc_cache(obj.doc)
    if obj.tag_ != "NNS" or cache.entity_at(obj.i):
        return []
    out: list[str] = []
    for pobj in R.prep_objects(obj, ("from", "of")):
        for conj in R.conjuncts(pobj):
            ent = cache.entity_at(conj.i)
            if ent and cache.kinds.get(ent) in ("person", "country") and ent not in out:
                out.append(ent)
    return out if len(out) > 1 else []


def _country_of_city(tok: Token) -> bool:
    """"in Dubai, the United Arab Emirates": a country right after a city of it names no party."""
    cache = doc_cache(tok.doc)
    ent = cache.by_id.get(cache.entity_at(tok.i) or "")
    start = tok.left_edge.i
    if ent is None or ent.kind != "country" or start < 2 or tok.doc[start - 1].text != ",":
        return False
    before = cache.by_id.get(cache.entity_at(start - 2) or "")
    return before is not None and before.kind == "location" and before.country == ent.country


def _presence(m: Mention, head: Token, kinds: dict[str, str], lex: dict) -> None:
    """"in the presence of X", "with the participation of X"; "in the presence of the heads of
    state": the parties of the event before."""
    sent = head.sent
    cache = doc_cache(head.doc)
    low = cache.span_text(sent).lower()
    for cue in lex["presence_cues"]:
        at = low.find(cue)
        if at < 0 or cue == "attended by":
            continue
        start = sent.start_char + at + len(cue)
        after = [tok for tok in sent if tok.idx >= start]
        objs = [g for tok in sent if tok.idx < start <= tok.idx + len(tok) + 1 and tok.lower_ == "of"
                for g in tok.children if g.dep_ == "pobj"]
        scope = {t.i for o in objs for t in o.subtree} if objs else None
        if objs and any(_plural_anaphor(o, lex) for o in objs):
            m.presence_parties = True  # the parties already told of look on
            comma = next((t.i for t in after if t.i in scope and t.text == ","), None)
            if comma is not None:  # "In the presence of the heads of state, X and Y signed"
                scope = {i for i in scope if i < comma}
                _fronted_subjects(m, head, comma, kinds, lex)
        for tok in after:
            if scope is not None and tok.i not in scope:
                continue  # "In the presence of X, Y and Z signed ...": Y and Z are no onlookers
            ent = cache.entity_at(tok.i)
            if ent and kinds.get(ent) == "person" and all(ent != e for e, _ in m.participants):
                m.participants.append((ent, "participant"))


def _fronted_subjects(m: Mention, head: Token, comma: int, kinds: dict[str, str], lex: dict) -> None:
    """The people between a fronted "In the presence of ...," and a trigger verb the parser left
    without subject (it hung them on the presence phrase) are the verb's subjects."""
    if m.trigger.pos != "verb" or head.i <= comma or any(
            c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
        return
    role = lex["subject_roles"].get(head.lemma_.lower(), _default_role(m.type))
    cache = doc_cache(head.doc)
    for i in range(comma + 1, head.i):
        ent = cache.entity_at(i)
        if ent and kinds.get(ent) == "person" and (ent, role) not in m.participants:
            m.participants.append((ent, role))


# --- sentences around the event ------------------------------------------------------------------

def sentence_roles(sent: Span, etype: str) -> list[tuple[str, str]]:
    """Roles a sentence gives without naming the event: speakers, guests of honour, listeners' speakers."""
    doc = sent.doc
    if not doc.has_annotation("DEP"):
        return []
    lex = roles_lexicon()
    cache = doc_cache(doc)
    kinds, entity_at = cache.kinds, cache.entity_at
    low = cache.span_text(sent).lower()
    persons = [(doc[i], e) for i in range(sent.start, sent.end)
               if (e := entity_at(i)) and kinds.get(e) == "person"]
    out: list[tuple[str, str]] = []
    for cue in lex["guest_cues"]:
        at = low.find(cue)
        if at >= 0:
            out += [(e, "guest_of_honor") for tok, e in persons if tok.idx < sent.start_char + at]
    for cue in lex["speaker_cues"]:
        at = low.find(cue)
        if at >= 0 and not out:
            out += [(e, "speaker") for tok, e in persons if tok.idx > sent.start_char + at]
            break
    # "The speakers included experts from ... Among them were X and Y."
    if not out and low.startswith(tuple(lex["continuation_cues"])):
        before = [s for s in cache.sents if s.end <= sent.start]
        if before and any(cue in cache.span_text(before[-1]).lower() for cue in lex["speaker_cues"]):
            out += [(e, "speaker") for _, e in persons]
    out += [r for r in _clause_roles(sent, etype, lex) if r[0] not in {e for e, _ in out}]
    if any(cue in low for cue in lex["participation_cues"]):
        out += [(e, "participant") for _, e in persons]
    for i in _in_sentence(_listen_tokens(cache), sent):  # "heard from X"
        for obj in R.prep_objects(doc[i], ("from", "to")):
            out += [(e, "speaker") for e in R.entities_of(obj) if kinds.get(e) == "person"]
    if etype in lex["speech_event_types"] and not out:
        root = sent.root
        if root.lemma_.lower() in lex["speech_verbs"]:
            for subj in R.subjects(root):
                found = [e for e in R.entities_of(subj) if kinds.get(e) == "person"]
                named = R.persons_in(subj)  # "Director of the ... Ministry X noted": X, not the ministry
                out += [(e, "speaker") for e in found or (named if len(named) == 1 else [])]
    seen: set[str] = set()
    return [(e, r) for e, r in out if not (e in seen or seen.add(e))]


def _clause_roles(sent: Span, etype: str, lex: dict) -> list[tuple[str, str]]:
    """Roles a clause gives its people: "moderated by X", "X chaired the session", "the delegation was
    headed by X", "X led the delegation", "the event was opened by X"."""
    doc = sent.doc
    cache = doc_cache(doc)
    kinds = cache.kinds
    out: list[tuple[str, str]] = []
    for tok in sent:
        role = lex["clause_roles"].get(cache.lemmas[tok.i]) if tok.pos_ == "VERB" else None
        if role is None:
            continue
        if role == "moderator" and etype in lex["co_chair_sides"] and _co_prefixed(tok):
            role = "participant"  # "the consultations were co-chaired by X and Y": the two sides
        undergoer = [c for c in tok.children if c.dep_ in ("nsubjpass", "dobj", "obj")]
        if tok.dep_ == "acl":
            undergoer.append(tok.head)  # "a delegation headed by X"
            noun = tok.head
            for _ in range(3):  # "a delegation of the Bundestag of Germany headed by X"
                if not (noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.dep_ == "prep"):
                    break
                noun = noun.head.head
                undergoer.append(noun)
        elif tok.dep_ == "advcl" and any(c.dep_ == "agent" for c in tok.children):
            # "received a delegation ... led by X": the parser hangs the participle on the verb
            undergoer += [c for c in tok.head.children if c.dep_ in ("dobj", "obj") and c.i < tok.i]
        if role == "delegation_head" and not any(u.lemma_.lower() == "delegation" for u in undergoer):
            continue
        if role == "host" and not any(u.lemma_.lower() in lex["welcome_objects"] for u in undergoer):
            continue  # "X welcomed the guests", not "X welcomed the decision"
        if role == "speaker" and (etype not in lex["speech_event_types"] or not any(
                names_an_event(u) for u in undergoer)):
            continue
        agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if not agents:  # "led by its Vice President X" with the name hung elsewhere by the parser
            agents = [p for c in tok.children if c.dep_ == "agent" if (p := R.first_party_after(c))]
        doers = agents if agents else ([] if tok.dep_ in ("acl", "advcl") and any(
            c.dep_ == "agent" for c in tok.children) else R.subjects(tok))
        for doer in doers:
            persons = R.persons_in(doer)
            for ent in persons if len(persons) > 1 else R.entities_of(doer):
                if kinds.get(ent) == "person":
                    out.append((ent, role))
    if not out and any(cue in cache.span_text(sent).lower() for cue in lex["moderator_cues"]):
        persons = {cache.entity_at(i) for i in range(sent.start, sent.end)} - {None}
        persons = [e for e in persons if kinds.get(e) == "person"]
        if len(persons) == 1:  # "X acted as moderator", "The moderator was X"
            out.append((persons[0], "moderator"))
    return out


def _co_prefixed(tok: Token) -> bool:
    """Is the verb a "co-" one ("co-chaired", split by the tokenizer into "co", "-", "chaired")?"""
    doc = tok.doc
    return tok.lower_.startswith("co-") or (
        tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ == "co")


def topics_in(sent: Span) -> list[str]:
    """Short noun phrases a sentence names as discussed: "discussed X", "focused on X",
    "exchanged views on X"."""
    doc = sent.doc
    if not doc.has_annotation("DEP"):
        return []
    lex = roles_lexicon()
    cache = doc_cache(doc)
    phrases: list[Span] = []
    for i in _in_sentence(_topic_tokens(cache), sent):  # the only tokens the tests below can pass
        tok = doc[i]
        lemma = cache.lemmas[i]
        how = lex["topic_verbs"].get(lemma) if tok.pos_ == "VERB" else None
        if lemma == "include" and not any(c.lower_ == "agenda" for c in tok.subtree if c.i < tok.i):
            how = None
        if how == "dobj":
            phrases += [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        if how == "pobj" or (tok.pos_ == "NOUN" and lemma in lex["topic_nouns"]):
            preps = [c for c in tok.children if c.dep_ in ("prep", "prt") and c.lower_ in _TOPIC_PREPS]
            for prep in preps:
                phrases += [g for g in prep.children if g.dep_ == "pobj"]
            if how == "pobj":
                phrases += [c for c in tok.children if c.dep_ in ("dobj",) and tok.lemma_ == "go"]
    out: list[str] = []
    for head in phrases:
        out += split_topic(head)
    return out


def _in_sentence(indices: list[int], sent: Span) -> list[int]:
    """The members of the sorted token `indices` inside `sent`."""
    return indices[bisect_left(indices, sent.start):bisect_left(indices, sent.end)]


def _listen_tokens(cache: DocCache) -> list[int]:
    """Tokens whose lemma is a listening verb ("heard from X"), for `sentence_roles`."""
    found = cache.memo.get("listen")
    if found is None:
        verbs = roles_lexicon()["listen_verbs"]
        found = cache.memo["listen"] = [i for i, lemma in enumerate(cache.lemmas) if lemma in verbs]
    return found


def _topic_tokens(cache: DocCache) -> list[int]:
    """Verbs with a topic_verbs lemma and nouns with a topic_nouns lemma, for `topics_in`."""
    found = cache.memo.get("topics")
    if found is None:
        lex = roles_lexicon()
        verbs, nouns = lex["topic_verbs"], lex["topic_nouns"]
        found = cache.memo["topics"] = [
            i for i, (lemma, pos) in enumerate(zip(cache.lemmas, cache.pos, strict=True))
            if pos == VERB and lemma in verbs or pos == NOUN and lemma in nouns]
    return found
