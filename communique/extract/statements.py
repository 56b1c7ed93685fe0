"""Statements: who said, noted, emphasized ... what (RECORD.md, ANNOTATION.md).

Three sources, in this order of authority:
1. transcript turns ("Vladimir Putin: ..."): every sentence of a turn is a direct statement;
2. quotations attributed by a reporting verb beside them: every quoted sentence is a direct statement;
3. reported speech on the dependency parse: a reporting verb (`data/reporting_verbs.json`), its
   subject resolved to an entity, its content the clause or object it governs.
Bare greetings and courtesies are dropped; plural speakers are not statements.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from communique.extract import context
from communique.extract.quotes import Quote, find_quotes, quoted_ranges
from communique.extract.reporting import Trigger, is_verb, lexicon, trigger_of
from communique.extract.speakers import Speakers, is_title_only
from communique.extract.transcripts import Turn, find_turns
from communique.records import Statement

_CHAIN_DEPS = frozenset({"conj", "xcomp", "advcl", "ccomp", "acl", "pcomp", "relcl"})
_EDGE_JUNK = frozenset({"punct", "cc", "mark"})
_MAX_DEPTH = 6
_NOUN_PATH = frozenset({"pobj", "prep", "dobj"})
# Content that is only a pronoun ("notified you about it", "I welcome you") gives nothing.
_EMPTY_CONTENT = frozenset({"it", "this", "that", "you", "them", "him", "her", "us", "me", "these", "those"})
# Appeals whose content is what the addressee is asked to do: without it, an appeal reports nothing.
_APPEALS = frozenset({"call on", "call upon", "urge", "appeal"})
_INVITATIONS = frozenset({"invite"})


# --- content -------------------------------------------------------------------------------------


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _content_start(trig: Trigger) -> tuple[int, int] | None:
    """(first token, last token) of the content's core: clause, preposition object or object."""
    verb = trig.verb
    if trig.lemma in _INVITATIONS and not any(
        c.dep_ == "xcomp" or c.dep_ == "prep" and c.lower_ in ("to", "for") for c in verb.children
    ):
        return None  # 'we invited the observers': an invitation says something only with what to do
    if trig.prep is not None:
        obj = _child(trig.prep, "pobj", "pcomp", "obj")
        if obj is None and trig.prep.head == verb:
            # 'call on [all parties] to ...': the parser may make the preposition's object the verb's.
            obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj") and c.i > trig.prep.i), None)
        if obj is None:
            return None
        return obj.left_edge.i, -1
    if not trig.object_content:
        clause = _child(verb, "ccomp")
        # 'underlined that X is Y' is a clause whatever the verb; 'welcomed Spain joining X' keeps it whole.
        if (clause is not None and trig.lemma in lexicon().object_verbs and _child(verb, "dobj") is None
                and _child(clause, "mark") is None and clause.tag_ != "VBG"):
            return _misparsed_object(clause)
        if clause is not None:
            if clause.i < verb.i:  # fronted: "X is Y, he said"
                return clause.left_edge.i, clause.right_edge.i
            return clause.left_edge.i, -1
    obj = _child(verb, "dobj", "obj")
    if obj is not None:
        return obj.left_edge.i, -1
    if trig.object_content:
        return None
    comp = _child(verb, "xcomp")
    if comp is not None and comp.i > verb.i and comp.tag_ in ("VBG", "VB"):
        return comp.left_edge.i, -1  # 'suggested looking into X', 'proposed to hold X'
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in lexicon().content_preps):
        pobj = _child(prep, "pobj", "pcomp")
        if pobj is not None:
            return pobj.left_edge.i, -1
    return None


def _misparsed_object(clause: Token) -> tuple[int, int] | None:
    """'welcomed [X's announcement and the two leaders discussed Y]': X's announcement is the object."""
    subj = _child(clause, "nsubj")
    if subj is None:
        return None
    end = subj.right_edge.i
    for c in subj.children:
        if c.dep_ in ("cc", "conj") and c.i > subj.i:
            end = min(end, c.left_edge.i - 1)
    return subj.left_edge.i, end


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading "that"/prepositions and trailing punctuation and conjunctions."""
    while start <= end and (doc[start].dep_ in _EDGE_JUNK or doc[start].lower_ == "that") and start < end:
        start += 1
    while end >= start and (doc[end].is_punct or doc[end].is_space or doc[end].dep_ == "cc"):
        if _closes_quote(doc, start, end):
            break
        end -= 1
    return start, end


def _closes_quote(doc: Doc, start: int, end: int) -> bool:
    return doc[end].text in ('"', "”") and any(t.text in ('"', "“") for t in doc[start:end])


def content_range(trig: Trigger, cuts: set[int], quoted: list[tuple[int, int]] | None = None
                  ) -> tuple[int, int] | None:
    """Token range [start, end] (inclusive) of what `trig` reports, cut before coordinated verbs."""
    core = _content_start(trig)
    if core is None:
        return None
    verb, doc = trig.verb, trig.verb.doc
    start, end = core
    if end < 0:
        end = verb.right_edge.i
        for tok in verb.subtree:
            if tok.i <= start or tok.i > end:
                continue
            # A quoted title ('"Middle Powers Have the Power ..."') may be misparsed as a verb.
            own_clause = (tok.dep_ == "conj" and tok.head == verb and is_verb(tok)
                          and not _inside(quoted or [], tok.idx, tok.idx + len(tok)))
            if tok.i in cuts or own_clause:
                end = min(end, tok.left_edge.i - 1)
    if end < start:
        return None
    start, end = _trim(doc, start, end)
    return (start, end) if end >= start else None


# --- speakers ------------------------------------------------------------------------------------


def _is_trigger(tok: Token, triggers: dict[int, Trigger]) -> bool:
    return tok.i in triggers


def _reporting_ancestor(tok: Token, triggers: dict[int, Trigger]) -> Token | None:
    cur, depth = tok, 0
    while cur.dep_ in _CHAIN_DEPS and cur.head is not cur and depth < _MAX_DEPTH:
        cur, depth = cur.head, depth + 1
        if _is_trigger(cur, triggers):
            return cur
    return None


def _subject_token(verb: Token, depth: int = 0) -> Token | None:
    """The verb's own subject or, for subjectless coordinated/participial verbs, its head's."""
    subj = _child(verb, "nsubj", "csubj")
    if subj is not None:
        return subj
    if _child(verb, "nsubjpass", "expl", "csubjpass") is not None or depth >= _MAX_DEPTH:
        return None
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        # 'we approached our partners for assistance, informing them about X': the participle hangs on
        # a noun of the clause; its subject is that clause's.
        head = verb.head
        while head.dep_ in _NOUN_PATH and head.head is not head and depth < _MAX_DEPTH:
            head, depth = head.head, depth + 1
        return _subject_token(head, depth + 1) if is_verb(head) else None
    if verb.dep_ == "acl" and _misread_finite(verb):
        return verb.head
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head is not verb.head:
        # 'X joined other partners in welcoming Y': the gerund after a preposition is X's
        return _subject_token(verb.head.head, depth + 1)
    if verb.dep_ in _CHAIN_DEPS and verb.head is not verb:
        return _subject_token(verb.head, depth + 1)
    return None


def _is_absorbed(trig: Trigger, triggers: dict[int, Trigger]) -> bool:
    """A participle continuing another statement ("..., noting X") is part of that content."""
    verb = trig.verb
    if verb.tag_ != "VBG" or _child(verb, "nsubj") is not None:
        return False
    return _reporting_ancestor(verb, triggers) is not None


def _speaker_subject(trig: Trigger, triggers: dict[int, Trigger]) -> Token | None:
    verb = trig.verb
    head = verb.head
    if (
        _child(verb, "nsubj", "csubj") is None
        and verb.dep_ == "conj"
        and head.dep_ == "relcl"
        and (_child(head, "nsubj") is None or _child(head, "nsubj").tag_ == "WDT")
    ):
        # 'X welcomed countries that endorsed Y and reaffirmed Z': the parser hangs the second
        # reporting verb on the relative clause; it continues the clause the noun belongs to
        noun = head.head
        while noun.dep_ in _NOUN_PATH | {"pobj", "pcomp"} and noun.head is not noun and not is_verb(noun):
            noun = noun.head
        if is_verb(noun):
            return _subject_token(noun)
    if _child(verb, "nsubj", "csubj") is None and verb.dep_ == "conj":
        # "he said that X is Y, and pointed to Z": the parser may hang the second verb on the
        # clause; the nearest reporting ancestor is the one whose subject continues.
        anc = _reporting_ancestor(verb, triggers)
        if anc is not None:
            return _subject_token(anc)
    return _subject_token(verb)


# --- assembly ------------------------------------------------------------------------------------


def _text(doc: Doc, start: int, end: int) -> str:
    return doc[start : end + 1].text.strip()


def _inside(ranges: list[tuple[int, int]], start_char: int, end_char: int) -> bool:
    return any(a <= start_char and end_char <= b for a, b in ranges)


def _sentence_chunks(doc: Doc, start: int, end: int) -> list[Span]:
    """The sentences of doc[start:end], clipped to that range."""
    chunks = []
    for sent in doc[start:end].sents:
        s, e = max(sent.start, start), min(sent.end, end)
        if e > s:
            chunks.append(doc[s:e])
    return chunks


def _strip_chunk(chunk: Span) -> str:
    text = chunk.text.strip().strip('"“”«»').strip()
    return text


def is_formula(text: str) -> bool:
    lex = lexicon()
    bare = lex.address.sub("", text.strip(), count=1).strip()
    return not bare or any(p.match(bare) for p in lex.formulas)


def _turn_statement(chunk: Span, speaker: str, default_verb: str, own_verbs: bool = True) -> Statement | None:
    text = _strip_chunk(chunk)
    if not text or is_formula(text) or not any(t.is_alpha for t in chunk):
        return None
    verb, content = default_verb, text.rstrip(".").strip()
    bare = lexicon().address.sub("", text, count=1)
    lower = bare.lower()
    if not own_verbs:
        pass  # a quotation keeps the verb that attributes it and the whole sentence
    elif lower.startswith(("thank you", "thanks")):
        verb, content = "thank", bare.split(" ", 1)[1].rstrip(".").strip() if " " in bare else bare
    else:
        own = _own_speech_verb(chunk)
        if own is not None:
            verb, content = own
    return Statement(speaker=speaker, verb=verb, content=content, span=(chunk.start_char, chunk.end_char),
                     direct=True)


def _own_speech_verb(chunk: Span) -> tuple[str, str] | None:
    """'I would like to mention X' / 'I am referring to X': the sentence's own first-person speech verb."""
    for tok in chunk:
        trig = trigger_of(tok)
        if trig is None or tok.tag_ in ("VBD", "VBN") or trig.lemma == "say":
            continue
        subj = _subject_token(tok)
        if subj is None or subj.lower_ != "i" or not _heads_sentence(tok, chunk):
            continue
        rng = content_range(trig, set())
        if rng is not None and chunk.start <= rng[0] and rng[1] < chunk.end:
            return trig.lemma, _text(chunk.doc, *rng)
    return None


def _heads_sentence(tok: Token, chunk: Span) -> bool:
    """ "I want to thank you for X" heads its sentence; in "I know that Y, and I want to thank you
    for that" the thanks are the second half of a longer sentence."""
    cur = tok
    while cur.dep_ in ("xcomp", "aux") and cur.head is not cur:
        cur = cur.head
    return cur.dep_ == "ROOT" or cur.head.i < chunk.start or cur.head.i >= chunk.end


def turn_statements(doc: Doc, turns: list[Turn]) -> list[Statement]:
    out = []
    for turn in turns:
        for chunk in _sentence_chunks(doc, turn.start, turn.end):
            stmt = _turn_statement(chunk, turn.speaker, "say")
            if stmt is not None:
                out.append(stmt)
    return out


def quote_statements(doc: Doc, quotes: list[Quote], speakers: Speakers,
                     subjects: dict[int, str | None]) -> list[Statement]:
    out = []
    for quote in quotes:
        subj = _subject_token(quote.trigger.verb)
        if subj is None:
            continue
        speaker = subjects[subj.i] if subj.i in subjects else speakers.resolve(subj)
        if speaker is None:
            continue
        for chunk in _sentence_chunks(doc, quote.start, quote.end):
            stmt = _turn_statement(chunk, speaker, quote.trigger.lemma, own_verbs=False)
            if stmt is not None:
                out.append(stmt)
    return out


def _according_to(sent: Span, speakers: Speakers) -> list[Statement]:
    """'According to Ihor Zhovkva, X': the object of "according to" speaks, the clause is the content."""
    out = []
    for tok in sent:
        if tok.lower_ != "according":
            continue
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        who = _child(to, "pobj") if to is not None else None
        if who is None or who.tag_ in ("NNS", "NNPS"):
            continue
        if any(trigger_of(a) is not None and _subject_token(a) is not None for a in tok.ancestors):
            continue  # 'X reminded that, according to the EU, Y': X speaks, citing the EU
        if who.lower_ in ("him", "her"):  # 'According to him, X': the person last speaking
            speaker = speakers.last_person
        else:
            speaker = speakers.entity_of(who.doc[who.left_edge.i : who.right_edge.i + 1], who)
        kind = speakers.kinds.get(speaker or "")
        if kind not in lexicon().speaker_kinds or (kind != "person" and is_title_only(who)):
            continue
        head = tok.head
        if tok.i < head.i:
            start, end = tok.right_edge.i + 1, head.right_edge.i
        else:
            start, end = head.left_edge.i, tok.left_edge.i - 1
        start, end = _trim(sent.doc, start, end)
        if end > start:
            out.append(Statement(speaker=speaker, verb="according to", content=_text(sent.doc, start, end),
                                 span=(sent.start_char, sent.end_char)))
    return out


_ANAPHORS = frozenset({"this", "that", "these", "those"})


def _passive_statement(sent: Span, speakers: Speakers) -> list[Statement]:
    """'X is Y. This was stated by Ambassador Z ...': the passive reporting verb's agent speaks and the
    sentence before is the content."""
    root, doc = sent.root, sent.doc
    trig = trigger_of(root)
    if trig is None or root.tag_ != "VBN" or sent.start == 0:
        return []
    subj = _child(root, "nsubjpass")
    agent = next((c for c in root.children if c.dep_ == "agent" and c.lower_ == "by"), None)
    if subj is None or subj.lower_ not in _ANAPHORS or agent is None or _child(root, "auxpass") is None:
        return []
    # the agent phrase runs to the first comma or a preposition of the verb ("in an interview")
    end = agent.i + 1
    while end < sent.end and not doc[end].is_punct and not (doc[end].head == root
                                                             and doc[end].dep_ == "prep"):
        end += 1
    phrase = doc[agent.i + 1 : end]
    if not len(phrase):
        return []
    pobj = _child(agent, "pobj") or phrase.root
    ids = [context.entity_at(doc, t.i) for t in phrase]
    speaker = next((i for i in ids if i and speakers.kinds.get(i) == "person"), None)
    if speaker is None and not any(t.tag_ in ("NNS", "NNPS") for t in phrase if t.dep_ == "pobj"):
        speaker = speakers.entity_of(phrase, pobj)
    if speaker is None or speakers.kinds.get(speaker) not in lexicon().speaker_kinds:
        return []
    if speakers.kinds.get(speaker) == "person":
        speakers.last_person = speaker
    prev = doc[sent.start - 1].sent
    text = _strip_chunk(prev).rstrip(".").strip()
    if not text:
        return []
    return [Statement(speaker=speaker, verb=trig.lemma, content=text, span=(prev.start_char, sent.end_char))]


def _usable(trig: Trigger) -> bool:
    verb = trig.verb
    if any(c.dep_ == "neg" for c in verb.children):
        return False
    # "We do not mean to say that X": a negated head verb negates its infinitive complement.
    if verb.dep_ == "xcomp" and any(c.dep_ == "neg" for c in verb.head.children):
        return False
    if _purpose_or_courtesy(trig) or _noun_complement(verb):
        return False
    # "the agreements reached", "the statements noted above": participial modifiers are not speech.
    return not (verb.dep_ in ("amod", "acl", "relcl") and verb.tag_ == "VBN") or _misread_finite(verb)


_PLAN_NOUNS = frozenset(
    {"initiative", "proposal", "idea", "plan", "decision", "intention", "readiness", "willingness", "call",
     "offer", "commitment", "desire", "efforts", "effort", "invitation"}
)


def _noun_complement(verb: Token) -> bool:
    """ "announced the initiative of President X to invite Y": an infinitive right after the head
    verb's object says what the initiative (proposal, plan ...) is; the parser hangs it on the verb."""
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ not in ("advcl", "xcomp") or not infinitive:
        return False
    obj = _child(verb.head, "dobj", "obj")
    return (
        obj is not None
        and obj.lemma_.lower() in _PLAN_NOUNS
        and obj.right_edge.i + 2 == verb.i
        and verb.doc[verb.i - 1].lower_ == "to"
    )


def _misread_finite(verb: Token) -> bool:
    """ "In the conversation with X, the Kazakh minister informed about Y": a sentence without a
    verb of its own, whose reporting verb (with its preposition, no object, no agent) the parser
    hung on the noun before it as a participle; that noun is the subject."""
    sent = verb.sent
    return (
        verb.tag_ == "VBN"
        and verb.dep_ == "acl"
        and verb.head.tag_ in ("NN", "NNP")
        and verb.head.i == verb.i - 1
        and not is_verb(sent.root)
        and not any(c.dep_ in ("agent", "auxpass", "dobj") for c in verb.children)
        and any(c.dep_ == "prep" for c in verb.children)
    )


_GUESTS = frozenset(
    {"guest", "participant", "attendee", "delegation", "delegate", "visitor", "audience", "everyone", "all"}
)


def _purpose_or_courtesy(trig: Trigger) -> bool:
    """ "welcomed President X to the White House today to reaffirm Y": welcoming a guest somewhere is
    a courtesy, and the infinitive of purpose after it says what the visit was for, not what was said."""
    verb = trig.verb
    if trig.lemma == "welcome":
        obj = _child(verb, "dobj", "obj")
        to = any(c.dep_ == "prep" and c.lower_ in ("to", "in") for c in verb.children)
        if obj is not None and to and _person(obj):
            return True
        if obj is not None and obj.lemma_.lower() in _GUESTS:
            return True  # "welcomed the guests", "welcomed the participants": a courtesy
    to_infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ == "advcl" and verb.tag_ == "VB" and to_infinitive:
        head = verb.head
        welcome = trigger_of(head)
        return welcome is not None and welcome.lemma == "welcome" and _purpose_or_courtesy(welcome)
    return False


def _person(tok: Token) -> bool:
    ent = context.entity_at(tok.doc, tok.i)
    return ent is not None and any(e.id == ent and e.kind == "person" for e in tok.doc._.entities or [])


def reported_statements(doc: Doc, sent: Span, speakers: Speakers, subjects: dict[int, str | None],
                        skip: set[int], quoted: list[tuple[int, int]]) -> list[Statement]:
    triggers = {t.i: trig for t in sent if t.i not in skip and (trig := trigger_of(t)) is not None}
    live = {i: trig for i, trig in triggers.items() if _usable(trig) and not _is_absorbed(trig, triggers)}
    spoken: dict[int, tuple[Token, str]] = {}
    for i, trig in live.items():
        subj = _speaker_subject(trig, triggers)
        if subj is None or subj.dep_ == "relcl" or subj.tag_ == "WDT":
            continue
        if subj is trig.verb.head and _misread_finite(trig.verb):
            # the subject phrase ends where the misread verb begins
            speaker = speakers.entity_of(doc[subj.left_edge.i : trig.verb.i], subj)
            if speakers.kinds.get(speaker or "") != "person":
                speaker = None
        else:
            speaker = subjects[subj.i] if subj.i in subjects else speakers.resolve(subj)
        if speaker is not None:
            spoken[i] = (subj, speaker)
    out = []
    for i, (subj, speaker) in spoken.items():
        trig = live[i]
        # Only verbs that make statements of their own end this one's content.
        rng = content_range(trig, set(spoken) - {i}, quoted)
        if rng is not None and trig.lemma in _APPEALS and not any(map(is_verb, doc[rng[0] : rng[1] + 1])):
            out.extend(_appeal_continuation(sent, speaker, trig.lemma))
            continue
        if rng is None or _text(doc, *rng).lower() in _EMPTY_CONTENT:
            continue
        start_char = min(subj.left_edge.idx, trig.verb.idx)
        end_char = doc[rng[1]].idx + len(doc[rng[1]])
        out.append(Statement(
            speaker=speaker, verb=trig.lemma, content=_text(doc, *rng), span=(start_char, end_char),
            direct=_inside(quoted, doc[rng[0]].idx, end_char),
        ))
    return out + _according_to(sent, speakers) + _passive_statement(sent, speakers)


def _is_imperative(sent: Span) -> bool:
    """'Do not make X.', 'Show Y!', 'If you support X, show Y!': the root verb in the base form with no
    subject before it, opening the sentence (after an auxiliary, 'please' or a conditional clause)."""
    root = sent.root
    if root.tag_ not in ("VB", "VBP") or any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i < root.i
                                             for c in root.children):
        return False
    before = [t for t in sent[: root.i - sent.start] if not t.is_punct]
    return all(t.head == root and t.dep_ in ("aux", "neg", "intj", "advmod") for t in before) or (
        bool(before) and before[0].dep_ == "mark" and before[0].head.dep_ == "advcl"
        and before[0].head.head == root)


def _appeal_continuation(sent: Span, speaker: str, verb: str) -> list[Statement]:
    """'We call upon our neighbours. Do not make X. Show Y!': the appeal's content is the imperative
    sentences that follow it in the same paragraph, one statement each."""
    out, doc = [], sent.doc
    nxt = sent.end
    while nxt < len(doc):
        if "\n" in doc[nxt - 1].whitespace_ or doc[nxt].is_space:
            break
        follow = doc[nxt].sent
        if not _is_imperative(follow):
            break
        text = _strip_chunk(follow).rstrip(".").strip()
        span = (follow.start_char, follow.end_char)
        out.append(Statement(speaker=speaker, verb=verb, content=text, span=span))
        nxt = follow.end
    return out


def find_statements(doc: Doc) -> list[Statement]:
    turns = find_turns(doc)
    quotes = find_quotes(doc)
    speakers = Speakers(doc)
    skip = {q.trigger.verb.i for q in quotes}
    for turn in turns:
        skip.update(range(turn.marker_start, turn.end))
    for quote in quotes:
        skip.update(range(quote.start, quote.end))
    quoted = quoted_ranges(doc)
    out = turn_statements(doc, turns)
    for sent in doc.sents:
        subjects = speakers.scan(sent)
        out.extend(reported_statements(doc, sent, speakers, subjects, skip, quoted))
        here = [q for q in quotes if sent.start <= q.trigger.verb.i < sent.end]
        out.extend(quote_statements(doc, here, speakers, subjects))
    return sorted(out, key=lambda s: s.span)


@Language.component("communique_statements")
def statements_component(doc: Doc) -> Doc:
    context.register_extensions()
    doc._.statements = find_statements(doc)
    return doc
