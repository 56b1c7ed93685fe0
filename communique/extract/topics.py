"""Topics as short noun phrases: the phrase a topic cue governs ("discussed X", "the agenda
included issues of X and Y, with an emphasis on Z, including A, B, and the C"), split at its
coordination and at "including" / "such as" into one phrase each, without a leading article or
container ("issues of"), and without phrases that name no subject ("them", "ways")."""

from __future__ import annotations

from spacy.tokens import Token

from communique.extract.event_triggers import roles_lexicon

_CONTAINERS = frozenset({"issue", "issues", "matter", "matters", "question", "questions", "topic",
                         "topics", "aspect", "aspects"})
_EXAMPLES = ("including", "such", "like")
_EMPTY = frozenset({"them", "it", "this", "that", "these", "those", "views", "ways", "opportunities",
                    "guests", "him", "her", "us", "everything", "all"})
_MAX_WORDS = 14


def _example_preps(head: Token) -> list[Token]:
    """"including"/"such as" phrases anywhere under `head`, outside clauses."""
    out = []
    for t in head.subtree:
        if t.dep_ == "prep" and t.lower_ in _EXAMPLES and t is not head:
            out.append(t)
    return out


def _group(head: Token) -> list[Token]:
    """`head` and the conjuncts coordinated with it."""
    out, todo = [], [head]
    while todo:
        t = todo.pop()
        out.append(t)
        todo += [c for c in t.children if c.dep_ == "conj"]
    return out


def split_topic(head: Token) -> list[str]:
    """The topic phrases of the noun phrase headed by `head`."""
    doc = head.doc
    of = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
          if g.dep_ == "pobj"]
    contained = head.lower_ in _CONTAINERS and bool(of) and not [c for c in head.children if c.dep_ == "conj"]
    if contained:
        head = of[0]  # "issues of X and Y": X, Y
    examples = _example_preps(head)
    skip = {t.i for p in examples for t in p.subtree}
    skip |= {t.i for c in head.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
    group = _group(head)
    members = {t.i for t in group}
    cuts = {t.i for t in doc[head.left_edge.i:head.right_edge.i + 1]
            if t.head.i in members and (t.dep_ == "cc" or (t.dep_ == "punct" and t.text in ",;"))}
    if len(group) == 2 and not contained and all(doc[i].dep_ == "cc" for i in cuts):
        cuts = set()  # a bare pair is one topic: "agriculture and industry", "trade and the economy"
    pieces: list[list[Token]] = [[]]
    for t in doc[head.left_edge.i:head.right_edge.i + 1]:
        if t.i in skip:
            continue
        if t.i in cuts:
            pieces.append([])
        else:
            pieces[-1].append(t)
    out = [_clean("".join(t.text_with_ws for t in p if not t.is_space)) for p in pieces if p]
    for p in examples:
        for g in p.children:
            if g.dep_ == "pobj":
                out += split_topic(g)
    return [t for t in out if t and len(t.split()) <= _MAX_WORDS and t.lower() not in _EMPTY]


def _clean(text: str) -> str:
    text = " ".join(text.split()).strip(" ,.;")
    prefixes = roles_lexicon()["topic_strip"]
    changed = True
    while changed:
        changed = False
        for p in prefixes:
            if text.lower().startswith(p):
                text, changed = text[len(p):], True
    return text.strip(" ,.;")
