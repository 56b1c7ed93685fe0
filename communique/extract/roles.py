"""Who took part in an event and how: arguments of a trigger read off the dependency parse and
mapped to entities through the entity layer."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from communique.extract.event_triggers import doc_cache
from communique.records import Entity

try:  # the rewritten entity layer resolves titles and surnames; fall back to token ids without it
    from communique.extract.entities import resolve_mention  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the entity layer's version
    resolve_mention = None

# Dependency labels that stay inside one noun phrase when looking for the entity it names.
_NP_INNER = {"compound", "amod", "det", "poss", "nmod", "flat", "appos", "nummod", "prep", "pobj", "punct",
             "case"}
_KIND_RANK = {"person": 0, "organization": 1, "country": 2}


def entities_by_id(doc: Doc) -> dict[str, Entity]:
    return {e.id: e for e in doc._.entities or []}


def np_tokens(tok: Token) -> Iterator[Token]:
    """The tokens of the noun phrase headed by `tok`, without conjuncts and clauses."""
    yield tok
    for child in tok.children:
        if child.dep_ in _NP_INNER and not (child.dep_ == "prep" and child.lower_ not in ("of", "from")):
            yield from np_tokens(child)


def entity_for(tok: Token) -> str | None:
    """The entity a noun phrase headed by `tok` names: its head's, else the most salient inside.
    Asked again for the same token (the roles of each mention, of each sentence), the Doc's cache
    answers, without `resolve_mention` again."""
    memo = doc_cache(tok.doc).memo.setdefault("entity_for", {})
    if tok.i not in memo:
        memo[tok.i] = _entity_for(tok)
    return memo[tok.i]


def _entity_for(tok: Token) -> str | None:
    doc = tok.doc
    cache = doc_cache(doc)
    own = cache.entity_at(tok.i)
    if own:
        return own
    if tok.lower_ in _HE_SHE:
        return _antecedent(tok)
    tokens = sorted(np_tokens(tok), key=lambda t: t.i)
    if resolve_mention is not None and tokens:
        ent = resolve_mention(doc, doc[tokens[0].i: tokens[-1].i + 1])
        if ent:
            return ent
    kinds = cache.by_id
    found = [cache.entity_at(t.i) for t in tokens]
    found = [e for e in found if e and e in kinds and kinds[e].kind in _KIND_RANK]
    if not found:
        return None
    return min(found, key=lambda e: _KIND_RANK[kinds[e].kind])


_HE_SHE = frozenset({"he", "she"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_LOOKBACK = 300  # tokens: a few sentences


def _antecedent(pronoun: Token) -> str | None:
    """The person a "he"/"she" refers to: the nearest preceding subject that is a single named person
    ("Yerlan Baimukhanov paid a visit ... There he took part ...").  A subject naming someone only by
    title ("The President of Russia ...") is no entity and ends the search."""
    doc = pronoun.doc
    cache = doc_cache(doc)
    for i in range(pronoun.i - 1, max(-1, pronoun.i - _LOOKBACK), -1):
        tok = doc[i]
        if tok.dep_ not in _SUBJECTS or tok.lower_ in _HE_SHE:
            continue
        if tok.lower_ in ("they", "we", "i", "you", "it") or any(c.dep_ == "conj" for c in tok.children):
            return None  # several people, or nobody in particular
        ent = cache.entity_at(tok.i)
        if ent is None and resolve_mention is not None:
            words = sorted(np_tokens(tok), key=lambda t: t.i)
            ent = resolve_mention(doc, doc[words[0].i:words[-1].i + 1])
        kind = cache.kinds.get(ent) if ent else None
        if kind == "person":
            return ent
        if ent is None and tok.is_title and tok.pos_ in ("NOUN", "PROPN"):
            return None  # "The President of Russia ...": a person the text does not name
    return None


def conjuncts(tok: Token) -> list[Token]:
    return [tok, *tok.conjuncts] if tok.doc.has_annotation("DEP") else [tok]


def entities_of(tok: Token) -> list[str]:
    """Entities named by `tok` and its coordinated conjuncts ("X and Y")."""
    out: list[str] = []
    for conj in conjuncts(tok):
        ent = entity_for(conj)
        if ent and ent not in out:
            out.append(ent)
    return out


def persons_in(tok: Token) -> list[str]:
    """Every person named in the phrase under `tok`, for long coordinations the parser breaks
    ("Prime Minister ... X and Advisor to ... Y")."""
    cache = doc_cache(tok.doc)
    kinds = cache.kinds
    skip = {t.i for c in tok.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
    out: list[str] = []
    for t in tok.subtree:
        ent = cache.entity_at(t.i)
        if t.i not in skip and ent and kinds.get(ent) == "person" and ent not in out:
            out.append(ent)
    return out


def governing_verb(tok: Token) -> Token | None:
    """The verb a trigger noun depends on ("held talks", "took part in the meeting")."""
    cur = tok
    for _ in range(5):
        if cur.pos_ in ("VERB", "AUX") and cur is not tok:
            return cur
        if cur.head == cur or cur.dep_ in ("relcl", "acl", "appos", "conj"):
            return None
        cur = cur.head
    return None


def subjects(verb: Token) -> list[Token]:
    """Subjects of `verb`, the agent of a passive, or the subject it inherits from a verb above."""
    out = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if agents:
        return agents
    if out and out[0].lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
        return [verb.head]
    cur = verb
    while not out and cur.dep_ in ("xcomp", "advcl", "conj", "pcomp") and cur.head != cur:
        cur = cur.head
        out = [c for c in cur.children if c.dep_ == "nsubj"]
    if not out and cur.dep_ in ("ROOT", "ccomp") and (cur is verb or verb.dep_ == "xcomp"):
        near = nearest_entity_left(cur)  # "..., X and Y agreed to hold": the parser lost X and Y
        out = [near] if near is not None else []
    return out


def nearest_entity_left(verb: Token) -> Token | None:
    """The parser often loses the subject before a trailing "..., press service of X reports";
    the closest named party left of the verb in its sentence stands in for it."""
    doc = verb.doc
    cache = doc_cache(doc)
    kinds = cache.kinds
    for i in range(verb.i - 1, verb.sent.start - 1, -1):
        ent = cache.entity_at(i)
        if ent and kinds.get(ent) in _KIND_RANK:
            tok = doc[i]  # the head of the entity's words, which carries their coordination
            while tok.head is not tok and tok.head.i < verb.i and cache.entity_at(tok.head.i) == ent:
                tok = tok.head
            return tok
        if doc[i].pos_ in ("VERB", "AUX") and doc[i].dep_ not in ("amod", "acl"):
            return None
    return None


def prep_objects(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    """Objects of the prepositions `preps` attached to `tok` ("with X", "between X and Y");
    a preposition the parser left without object takes the first named party after it."""
    out: list[Token] = []
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in preps):
        objs = [g for g in prep.children if g.dep_ == "pobj"]
        if not objs:
            objs = [t for t in [first_party_after(prep)] if t is not None]
        out += objs
    return out


def first_party_after(prep: Token) -> Token | None:
    doc = prep.doc
    cache = doc_cache(doc)
    kinds = cache.kinds
    for tok in doc[prep.i + 1: min(prep.sent.end, prep.i + 24)]:
        if tok.text in (",", ";", ".") or tok.pos_ == "VERB":
            return None
        ent = cache.entity_at(tok.i)
        if ent and kinds.get(ent) == "person":
            return tok
    return None


def direct_objects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("dobj", "obj", "attr", "dative")]
