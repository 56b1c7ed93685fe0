"""Who speaks: the subject of a reporting verb resolved to an entity id.

Names and title-only mentions ("the Ambassador") are the entity layer's job
(`entities.resolve_mention`, else the `token_entity` index); here we add what only the discourse
knows: a pronoun ("He emphasized") is the most recent single person subject, unless a person the
text names only by title ("The President of Russia congratulated ...") came in between, who is no
entity and so cannot be a speaker.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from communique.extract import context
from communique.extract.reporting import lexicon

_PRONOUNS = frozenset({"he", "she"})
_SUBJECT_DEPS = ("nsubj", "csubj")
_WE = frozenset({"we"})

# A headline that makes the document one organization's own statement: "Statement of the Ministry of
# Foreign Affairs of ...", "Statement by the Press Secretary of the Foreign Ministry on ...". Its "we"
# is the issuing organization. "Joint statement" (several authors) and a statement by a person
# ("Statement by Minister of Foreign Affairs ..., V. Makei") do not qualify.
_ISSUED = re.compile(
    r"^\s*(?:official\s+)?(?:statement|comment|communiqu[eé]|declaration|press release|information message)"
    r"\s+(?:of|by|from)\s+(?:the\s+)?"
    r"(?:(?:press secretary|spokesperson|spokesman|spokeswoman|press service|press office|information"
    r"(?: and press)? department)\s+of\s+(?:the\s+)?)?(?P<org>.+)$",
    re.I,
)


def _entity_kinds(doc: Doc) -> dict[str, str]:
    return {e.id: e.kind for e in doc._.entities or []}


def _resolver() -> Callable[[Doc, Span], str | None] | None:
    # Looked up at call time: the entity layer may or may not offer it yet.
    from communique.extract import entities

    return getattr(entities, "resolve_mention", None)


def subject_span(tok: Token) -> Span:
    """The subject phrase without trailing appositive commas or parentheticals."""
    return tok.doc[tok.left_edge.i : tok.right_edge.i + 1]


def is_plural(subj: Token) -> bool:
    lex = lexicon()
    plural_noun = subj.lemma_.lower() in lex.plural_subjects and subj.tag_ == "NNS"
    if subj.lower_ in lex.plural_subjects or plural_noun:
        return True
    if any(c.dep_ == "conj" for c in subj.children):
        return True
    if any(c.lower_ in ("both", "two", "all") for c in subj.children):
        return True
    if _several_people(subj):
        return True
    return subj.tag_ in ("NNS", "NNPS") and context.entity_at(subj.doc, subj.i) is None


def _several_people(subj: Token) -> bool:
    """ "Secretary Blinken, Secretary Austin, and Advisor Sullivan reiterated": the parser may hang the
    names as appositions; two or more people joined by "and" in the subject are a plural speaker."""
    span = subject_span(subj)
    if not any(t.lower_ == "and" for t in span):
        return False
    kinds = _entity_kinds(subj.doc)
    people = {e for t in span if (e := context.entity_at(subj.doc, t.i)) and kinds.get(e) == "person"}
    return len(people) >= 2


def issuing_organization(doc: Doc) -> str | None:
    """The organization entity whose own statement the document is (by its headline), else None."""
    title = doc._.title if Doc.has_extension("title") else None
    m = _ISSUED.match(title or "")
    if m is None:
        return None
    rest = m.group("org").lower()
    best: tuple[int, str] | None = None
    for ent in doc._.entities or []:
        if ent.kind != "organization":
            continue
        for name in (ent.name, *ent.aliases):
            low = name.lower().removeprefix("the ")
            # The name must be the whole issuer, not the start of a longer one ("Ministry" of "Ministry
            # of Defence"): what follows it starts a new phrase ("on ...", "in connection with ...").
            if low and rest.startswith(low) and (len(rest) == len(low) or not rest[len(low)].isalnum()):
                tail = rest[len(low):].lstrip(" ,")
                if tail and not tail.startswith(_ISSUER_TAIL):
                    continue
                if best is None or len(low) > best[0]:
                    best = (len(low), ent.id)
    return best[1] if best else None


_ISSUER_TAIL = ("on ", "in ", "regarding ", "concerning ", "about ", "with regard", "in connection",
                "following", "(", "–", "-", ":", "at ", "to ", "for ")


def is_title_only(subj: Token) -> bool:
    """A person named only by title ("the President of Russia"): blocks pronoun resolution."""
    return subj.lemma_.lower() in lexicon().person_titles or subj.lower_ in lexicon().person_titles


class Speakers:
    """Resolves subjects in document order, remembering the last single person subject."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.kinds = _entity_kinds(doc)
        self.resolve_fn = _resolver()
        self.last_person: str | None = None
        self.issuer = issuing_organization(doc)
        self.quoted: list[tuple[int, int]] | None = None

    def entity_of(self, span: Span, head: Token) -> str | None:
        ent = None
        if self.resolve_fn is not None:
            ent = self.resolve_fn(self.doc, span)
        if ent is None:
            ent = context.entity_at(self.doc, head.i)
        if ent is None:
            # A person inside the phrase ("SCO National Coordinator, Marghoob Saleem Butt"); not the
            # country of "The Kazakh diplomat", who is the entity layer's to resolve.
            ids = (context.entity_at(self.doc, t.i) for t in span)
            ent = next((i for i in ids if i and self.kinds.get(i) == "person"), None)
        return ent

    def resolve(self, subj: Token) -> str | None:
        """The speaker id for subject token `subj` (and remember it for later pronouns)."""
        if subj.lower_ in _PRONOUNS:
            return self.last_person
        if subj.lower_ in _WE:
            return self._issuer_we(subj)
        if is_plural(subj):
            return None
        ent = self.entity_of(subject_span(subj), subj)
        kind = self.kinds.get(ent or "")
        if kind != "person" and is_title_only(subj):
            # "The President of Russia congratulated": a person named only by title is no entity
            # (ANNOTATION), and the country in the title does not speak for him.
            self.last_person = None
            return None
        if kind == "person":
            self.last_person = ent
        return ent if kind in lexicon().speaker_kinds else None

    def _issuer_we(self, subj: Token) -> str | None:
        """'We condemn ...' in an organization's own statement, outside quotations, is that organization."""
        if self.issuer is None:
            return None
        if self.quoted is None:
            from communique.extract.quotes import quoted_ranges

            self.quoted = quoted_ranges(self.doc)
        if any(a <= subj.idx < b for a, b in self.quoted):
            return None
        return self.issuer

    def scan(self, sent: Span) -> dict[int, str | None]:
        """Resolve every subject of a sentence in reading order: token index -> speaker id."""
        return {
            tok.i: self.resolve(tok)
            for tok in sent
            if tok.dep_ in _SUBJECT_DEPS and tok.head.pos_ in ("VERB", "AUX")
        }
