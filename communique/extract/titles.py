"""Title-anchored people: the genre names people through titles in a few fixed shapes.

    Ambassador Yerzhan Kistafin
    the SCO National Coordinator from Pakistan, Marghoob Saleem Butt
    Former Federal Minister of Information and Broadcasting of Pakistan Murtaza Solangi
    the President of the Republic of Kazakhstan, Kassym-Jomart Tokayev
    Prime Minister Frederiksen of Denmark
    Jennifer Klein, Assistant to the President and Director of the Gender Policy Council

A title is [former] [prefix entity] modifiers* HEAD complements*, complements being "of/from
COUNTRY" (the role's country, dropped from the title), "to COUNTRY" (an ambassador's host),
"of/to ORGANIZATION" or a run of portfolio words ("of Information and Broadcasting").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from communique.extract import countries, orgs, places
from communique.extract.lexicons import Mention, load, phrase_docs

_GROUP_NOUNS = frozenset({"States", "Countries", "Nations", "Organizations", "Organisations", "Parties"})
# Nouns that close a lowercase description of an employer between its name and the holder's
# name ("Chairman of the Board of Kazakh Invest national company Daniyar Sarsenov")
_ORG_DESCRIPTORS = frozenset(
    {
        "company",
        "corporation",
        "holding",
        "fund",
        "agency",
        "group",
        "operator",
        "bank",
        "institute",
        "university",
        "association",
        "foundation",
        "office",
    }
)
# Heads of a region's or a city's government: "of X" after them names a place
_POLITY_HEADS = frozenset(
    {"Mayor", "Lord Mayor", "Governor", "Minister-President", "Akim", "Premier", "Chief Minister"}
)
_NO_MENTION = Mention(0, 0, "", "", "", None, "")
# Lowercase nouns that say what kind of place a name is ("Almaty region", "Shymkent city")
_PLACE_KINDS = frozenset(
    {"region", "oblast", "city", "district", "province", "state", "territory", "county", "municipality"}
)
# Lowercase words between "the" and a named body a title belongs to ("the ruling ... Party")
_BODY_ADJECTIVES = frozenset({"ruling", "governing", "opposition"})
# Legal forms of companies, before or after the name ("JSC Ukrzaliznytsia", "Thales International S.A.S.")
COMPANY_FORMS = frozenset(
    {
        "JSC",
        "OJSC",
        "CJSC",
        "PJSC",
        "LLP",
        "LLC",
        "Ltd",
        "Ltd.",
        "Inc",
        "Inc.",
        "GmbH",
        "AG",
        "PLC",
        "SA",
        "S.A.",
        "SAS",
        "S.A.S.",
        "NV",
        "N.V.",
        "BV",
        "B.V.",
        "Corp",
        "Corp.",
        "SpA",
        "S.p.A.",
        "JV",
        "NC",
        "NJSC",
        "TOO",
    }
)
_OPEN_QUOTES = frozenset({'"', "“", "«", "„"})
_CLOSE_QUOTES = frozenset({'"', "”", "»", "“"})


@dataclass
class RoleMention:
    title: str
    head: str
    org: Mention | None = None
    country: str | None = None
    current: bool = True


@dataclass
class TitleChain:
    """One or more titles read at tokens [start, end), and the person named right after, if any."""

    start: int
    end: int
    roles: list[RoleMention] = field(default_factory=list)
    name: tuple[int, int] | None = None
    determiner: bool = False


@lru_cache(maxsize=1)
def lex() -> dict[str, Any]:
    return load("titles")


@lru_cache(maxsize=1)
def _sets() -> dict[str, frozenset[str]]:
    t = lex()
    return {
        "modifiers": frozenset(t["modifiers"]) - {"and", "-"},
        "former": frozenset(t["former"]),
        "portfolio": frozenset(t["portfolio"]) - {",", "the"},
        "particles": frozenset(t["name_particles"]),
        "suffixes": frozenset(t["name_suffixes"]),
        "honorifics": frozenset(t["honorifics"]) | frozenset(t["ranks"]),
        "ranks": frozenset(t["ranks"]) | frozenset(t["rank_words"]),
        "name_honorifics": frozenset(t["name_honorifics"]),
        "not_names": frozenset(t["not_names"])
        | frozenset(w for h in t["heads"] for w in h.split())
        | frozenset(t["modifiers"]),
    }


def head_class(head: str) -> str:
    return lex()["heads"].get(head, "official")


def canonical_head(head: str) -> str:
    return lex()["synonyms"].get(head, head)


def build_matcher(vocab: Vocab) -> PhraseMatcher:
    matcher = PhraseMatcher(vocab, attr="ORTH")
    matcher.add("T", phrase_docs(sorted(lex()["heads"])))
    return matcher


def heads(doc: Doc, matcher: PhraseMatcher) -> list[tuple[int, int]]:
    """Longest title heads, left to right, not overlapping."""
    found = sorted(
        [(s, e) for _, s, e in matcher(doc)] + _lowercase_appositive_heads(doc), key=lambda m: (m[0], -m[1])
    )
    out: list[tuple[int, int]] = []
    for s, e in found:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


# Title nouns that follow a name in lower case, as an apposition ("Professor X Y, head of the
# Department of ..."); such a title counts only with the body it heads
_LOWERCASE_HEADS = frozenset({"head", "director", "chairman", "chairwoman", "chairperson", "rector", "dean"})


def _lowercase_appositive_heads(doc: Doc) -> list[tuple[int, int]]:
    out = []
    for tok in doc[2 : len(doc) - 1]:
        i = tok.i
        if tok.text not in _LOWERCASE_HEADS or doc[i + 1].lower_ not in ("of", "at"):
            continue
        j = i - 1 if doc[i - 1].text in ("deputy", "vice") else i
        if doc[j - 1].text == "," and doc[j - 2].is_alpha and doc[j - 2].text[:1].isupper():
            out.append((i, i + 1))
    return out


class TitleReader:
    """Reads title chains and the names they anchor, given the entity mentions already found."""

    def __init__(self, doc: Doc, at: dict[int, Mention], head_spans: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.at = at  # non-nested entity mentions by start token
        self.heads = {s: e for s, e in head_spans}
        self.sets = _sets()
        self.covered = {i for m in at.values() for i in range(m.start, m.end)}
        self.extra: list[Mention] = []  # organizations only a title reads ("CEO at 'Ukroboronprom'")

    def chains(self) -> list[TitleChain]:
        out: list[TitleChain] = []
        used: set[int] = set()
        for hs in sorted(self.heads):
            if hs in used or hs in self.covered:
                continue
            if self.doc[hs : self.heads[hs]].text in self.sets["modifiers"] and self._next_head(
                self.heads[hs]
            ):
                continue  # "Deputy" in "Deputy Foreign Minister": a modifier of the next head
            chain = self._read(hs)
            if chain is None:
                continue
            if self.doc[hs].is_lower and not any(r.org is not None for r in chain.roles):
                continue  # "X, head of the delegation": a lowercase title only with its body
            if chain.name is None and chain.end < len(self.doc) and self.doc[chain.end].text in _GROUP_NOUNS:
                continue  # "Member States", "Leader Countries": a modifier of a plural noun
            last = chain.name[0] if chain.name else chain.end
            used.update(i for i in self.heads if chain.start <= i < last)  # "... Advisor Sheikh Tahnoon"
            out.append(chain)
        return out

    # -- one chain -------------------------------------------------------------------------------
    def _read(self, hs: int) -> TitleChain | None:
        doc = self.doc
        start, current, prefix_org, prefix_country, title_from = self._left(hs)
        end, role, more = self._one_title(hs, title_from, current)
        if role is None:
            return None
        roles = [role, *more]
        # further titles joined by "and" / a dash: "Prime Minister and Minister of Foreign Affairs"
        determiner = start > 0 and doc[start - 1].lower_ == "the"
        while not determiner and end + 1 < len(doc) and doc[end].text in ("and", "–", "—", "-"):
            nxt = self._next_head(end + 1)
            if nxt is None:
                break
            end2, role2, more2 = self._one_title(
                nxt, nxt if nxt == end + 1 else self._mods_start(nxt), current
            )
            if role2 is None:
                break
            roles += [role2, *more2]
            end = end2
        shared_country = prefix_country or next((r.country for r in roles if r.country), None)
        for r in roles:
            r.country = r.country or shared_country
            if r.org is None and prefix_org is not None:
                r.org = prefix_org
        chain = TitleChain(start, end, roles, determiner=start > 0 and doc[start - 1].lower_ == "the")
        chain.name, after = self._name(end)
        if chain.name and after + 1 < len(doc) and doc[after].lower_ == "of":
            tail = self.at.get(after + 1) or self.at.get(after + 2)
            if tail is not None and tail.kind == "country" and not tail.adjective:
                for r in roles:
                    r.country = r.country or tail.country  # "Prime Minister Frederiksen of Denmark"
        return chain

    def _mods_start(self, hs: int) -> int:
        i = hs
        while i > 0 and self.doc[i - 1].text in self.sets["modifiers"]:
            i -= 1
        return i

    def _next_head(self, i: int) -> int | None:
        j = i
        while j < len(self.doc) and j not in self.heads and self.doc[j].text in self.sets["modifiers"]:
            j += 1
        return j if j in self.heads and j not in self.covered else None

    def _left(self, hs: int) -> tuple[int, bool, Mention | None, str | None, int]:
        """Modifiers, a former-marker and an entity prefix ("SCO", "Kazakh", "Massachusetts")."""
        doc = self.doc
        i = self._mods_start(hs)
        title_from = i
        prefix_org = prefix_country = None
        prev = self._ending_at(i)
        if prev is None and i > 1 and doc[i - 1].text in ("'s", "’s"):
            owner = self._ending_at(i - 1)  # "India's National Security Adviser": the role's country
            if owner is not None and owner.kind == "country":
                prefix_country, i = owner.country, owner.start
        if prev is not None:
            if prev.kind == "organization":
                prefix_org, title_from, i = prev, prev.start, prev.start
            elif prev.kind == "country":
                prefix_country, i = prev.country, prev.start
            elif prev.kind == "location" and prev.country:
                prefix_country, title_from, i = prev.country, prev.start, prev.start
        current = True
        if i > 0 and doc[i - 1].text in self.sets["former"]:
            current, i = False, i - 1
        elif i > 1 and doc[i - 1].text == "-" and doc[i - 2].text in self.sets["former"]:
            current, i = False, i - 2
        if title_from < i:
            title_from = i
        return i, current, prefix_org, prefix_country, title_from

    def _ending_at(self, i: int) -> Mention | None:
        for m in self.at.values():
            if m.end == i:
                return m
        return None

    def _one_title(
        self, hs: int, title_from: int, current: bool
    ) -> tuple[int, RoleMention | None, list[RoleMention]]:
        doc = self.doc
        he = self.heads[hs]
        head = doc[hs:he].text
        parts = [doc[title_from:he].text] if title_from < hs else [head]
        if title_from < hs:
            parts = [doc[title_from:he].text]
        role = RoleMention("", canonical_head(head), current=current)
        extra: list[RoleMention] = []
        i = he
        post = [t.lower_ for t in doc[he : he + 3]]
        if post == ["extraordinary", "and", "plenipotentiary"]:  # "Ambassador Extraordinary and ..."
            parts = [doc[min(title_from, hs) : he + 3].text]
            i = he + 3
        while i < len(doc):
            tok = doc[i]
            if tok.lower_ == "a.i" and i + 1 < len(doc) and doc[i + 1].text == ".":
                parts.append("a.i.")  # "Chargé d'Affaires a.i." (ad interim)
                i += 2
                continue
            if tok.lower_ == "in" and head_class(head) == "diplomat":
                post = self._entity_after(i + 1) or self._ner_place(i + 1)
                if post is not None and post.kind == "location":
                    i = post.end  # "Consul General of Kazakhstan in Milan": the post's city
                    continue
            if tok.lower_ == "at":
                # "Vice President for Eurasia at Thales International S.A.S.": the employer
                target = self._entity_after(i + 1) or self._new_org(i + 1, loose=True)
                if target is None or target.kind != "organization":
                    break
                role.org, role.country = target, role.country or target.country
                i = self._after_org(target, role)
                continue
            if tok.lower_ not in ("of", "from", "to", "for", "on"):
                # "..., and concurrently, to the State of Palestine": a second posting
                j = i
                while j < len(doc) and (doc[j].text in (",", "and") or doc[j].lower_ == "concurrently"):
                    j += 1
                if j > i and j < len(doc) and doc[j].lower_ == "to":
                    target = self._entity_after(j + 1)
                    if target is not None and target.kind == "country":
                        extra.append(
                            RoleMention(f"{head} to {target.name}", role.head, country=None, current=current)
                        )
                        i = target.end
                        continue
                break
            target = self._entity_after(i + 1)
            if target is None and tok.lower_ == "of":
                target = self._ner_place(i + 1, head in _POLITY_HEADS)
            if tok.lower_ == "for" and target is not None and target.kind != "country":
                k = self._portfolio_end(target.end)
                if target.kind == "location" or k > target.end:
                    # "Special Representative for Central Asia", "Minister for European Union Affairs"
                    parts.append(doc[i:k].text)
                    i = k
                    continue
            if target is not None and target.kind == "country":
                if tok.lower_ == "to":
                    parts.append(f"to {target.name}")
                elif tok.lower_ in ("of", "from"):
                    role.country = target.country
                else:
                    break
                i = target.end
                polity = doc[i].lower_ if i < len(doc) and target.adjective else ""
                if head == "Head" and len(parts) == 1 and polity in ("state", "government"):
                    # "the Head of the Ukrainian state": the head of state, not a "Head"
                    head = f"Head of {polity.title()}"
                    parts, role.head = [head], canonical_head(head)
                    i += 1
                continue
            if (
                target is not None
                and target.kind == "location"
                and tok.lower_ == "of"
                and self._subunit_end(target.start) == target.start
                and (target.end >= len(doc) or doc[target.end].text not in orgs.head_nouns())
            ):
                # "Deputy Mayor of Frankfurt", "Akim of Almaty region": the place stays
                k = target.end
                if k < len(doc) and doc[k].lower_ in _PLACE_KINDS and doc[k].is_lower:
                    k += 1
                parts.append(doc[i:k].text)
                role.country = role.country or target.country
                i = k
                continue
            if target is not None and target.kind == "organization":
                if not self._named_body(target):
                    # a named body stays out of the title ("Director General" of UNIDO), an office
                    # of a government stays in it ("Deputy Head of the Office of the President")
                    parts.append(doc[i : target.end].text)
                role.org = target
                role.country = role.country or target.country
                i = self._after_org(target, role)
                continue
            j = i + 1
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
            if j in self.heads and tok.lower_ in ("to", "of"):  # "Assistant to the President"
                parts.append(doc[i : self.heads[j]].text)
                i = self.heads[j]
                if i + 1 < len(doc) and doc[i].text in ("'s", "’s") and doc[i + 1].text in orgs.head_nouns():
                    parts[-1] += doc[i].text + " " + doc[i + 1].text  # "... of the President's Office"
                    i += 2
                continue
            if (
                tok.lower_ == "of"
                and j > i + 1
                and j + 2 < len(doc)
                and j not in self.covered
                and doc[j].is_alpha
                and doc[j].is_title
                and doc[j + 1].lower_ == "of"
                and (self._entity_after(j + 2) or _NO_MENTION).kind == "organization"
            ):
                # "Minister for European Union Affairs of the Chancellery of the Council of Ministers
                # of ...": a unit named by one word, of the body that follows
                parts.append(doc[i : j + 1].text)
                i = j + 1
                continue
            if (
                tok.lower_ == "of"
                and j > i + 1
                and j < len(doc)
                and j not in self.covered
                and doc[j].text in orgs.head_nouns()
                and name_run(doc, j + 1, self.covered, anchored=True) is not None
            ):
                # "Trade Counsellor of the Embassy Aliya Nurpeisova", "Rector of the University
                # X Y": a body named by its bare noun, the one the text is about; a name follows
                parts.append(doc[i : j + 1].text)
                i = j + 1
                break
            k = j
            while (
                k < len(doc)
                and (
                    doc[k].text in self.sets["portfolio"]
                    or (
                        doc[k].lower_ in ("and", ",")
                        and k + 1 < len(doc)
                        and doc[k + 1].text in self.sets["portfolio"]
                        and doc[k + 1].text[:1].isupper()
                    )
                )
                and doc[k].text[:1].isupper() | (doc[k].lower_ in ("and", ","))
            ):
                k += 1
            k = max(k, self._subunit_end(j), self._adjective_noun(j, k))
            if k == j:
                target = self._new_org(i + 1) if tok.lower_ == "of" else None
                if target is not None:  # "Chairman and CEO of Alstom Henri Poupart-Lafarge"
                    role.org = target
                    i = self._after_org(target, role)
                    continue
                break
            parts.append(doc[i:k].text)
            i = k
        role.title = " ".join(parts)
        for r in extra:
            r.country = role.country
        if extra and " to " not in role.title:
            return i, None, []
        return i, role, extra

    def _portfolio_end(self, k: int) -> int:
        """The end of the capitalized portfolio words from token k ("Affairs"), k when there are none."""
        while (
            k < len(self.doc)
            and self.doc[k].text in self.sets["portfolio"]
            and self.doc[k].text[:1].isupper()
        ):
            k += 1
        return k

    def _after_org(self, org: Mention, role: RoleMention) -> int:
        """Past an employer: its acronym in brackets ("... Cooperation (OIC)") and a country that
        qualifies its name ("ISIS Malaysia"), when a personal name follows."""
        doc, k = self.doc, getattr(org, "end_of_phrase", org.end)
        if (
            k < len(doc)
            and doc[k].text in _CLOSE_QUOTES
            and org.start > 0
            and doc[org.start - 1].text in _OPEN_QUOTES
        ):
            k += 1
            while k < len(doc) and doc[k].text in COMPANY_FORMS:
                k += 1  # '"Kazakhstan Temir Zholy" JSC'
        if (
            k + 2 < len(doc)
            and doc[k].text == "("
            and doc[k + 2].text == ")"
            and orgs.is_acronym(doc[k + 1].text)
        ):
            k += 3
        d = k
        while d < len(doc) and d - k < 4 and doc[d].is_alpha and doc[d].is_lower:
            d += 1
        while d > k and doc[d - 1].text not in _ORG_DESCRIPTORS:
            d -= 1
        if d > k and name_run(doc, d, self.covered, anchored=True) is not None:
            return d  # "... Kazakh Invest national company Daniyar Sarsenov", "... export credit agency"
        m = self.at.get(k)
        if (
            m is not None
            and m.kind == "country"
            and not m.adjective
            and name_run(doc, m.end, self.covered, anchored=True) is not None
        ):
            role.country = role.country or m.country
            k = m.end
        return k

    def _named_body(self, org: Mention) -> bool:
        """An international body of the gazetteer, an employer only a title reads, or an
        organization the text gives an acronym ("... Development Organization (UNIDO)")."""
        if org.source == "title" or org.source in ("gazetteer", "acronym") and org.country is None:
            return True
        doc, k = self.doc, org.end
        return (
            k + 2 < len(doc)
            and doc[k].text == "("
            and doc[k + 2].text == ")"
            and orgs.is_acronym(doc[k + 1].text)
        )

    def _new_org(self, j: int, loose: bool = False) -> Mention | None:
        """An employer named after a title's "of/at" that no rule has read: a quoted name, a name
        with a company's legal form, or the NER's organization; a personal name may follow it."""
        doc = self.doc
        if j < len(doc) and doc[j].lower_ == "the":
            j += 1
        start = j
        while j < len(doc) and doc[j].text in COMPANY_FORMS:
            j += 1
        if j >= len(doc) or j in self.covered:
            return None
        if doc[j].text in _OPEN_QUOTES:
            known = self.at.get(j + 1)
            if known is not None and known.kind == "organization":
                return known  # a quoted name the gazetteer knows
            close = next(
                (k for k in range(j + 2, min(len(doc), j + 10)) if doc[k].text in _CLOSE_QUOTES), None
            )
            if (
                close is None
                or not doc[j + 1].text[:1].isupper()
                or any(k in self.covered for k in range(j, close))
            ):
                return None
            span = (j + 1, close)  # the name inside the marks
            end = close + 1
            while end < len(doc) and doc[end].text in COMPANY_FORMS:
                end += 1
            return self._org_mention(span, end)
        r = j
        while r < len(doc) and r not in self.covered and (_org_word(doc[r]) or doc[r].text in ("&", "-")):
            r += 1
        if r == j:
            return None
        form = next((k for k in range(j + 1, r) if doc[k].text in COMPANY_FORMS), None)
        if form is not None:  # "Desautel SAS Jerome Desautel"
            end = form + 1
            while end < r and doc[end].text in COMPANY_FORMS:
                end += 1
            return self._org_mention((start, end), end)
        persons = [e for e in doc.ents if e.label_ == "PERSON" and j <= e.start < r]
        ner = next(
            (e for e in doc.ents if e.label_ == "ORG" and e.start in (start, start - 1) and e.end > j), None
        )
        end = None
        if ner is not None:
            end = min([ner.end, r, *(p.start for p in persons if p.start > j)])
            if (
                end == r
                and r - j >= 3
                and all(_name_word(doc[k]) for k in (r - 2, r - 1))
                and _verb_at(doc, r)
            ):
                end = r - 2  # "Siemens Energy Klaus Weber noted": the NER glued the name on
        elif persons and persons[0].start > j and persons[0].end == r:
            end = persons[0].start  # "Siemens Energy Klaus Weber": the organization ends where he begins
        elif persons and persons[0].start == j and r - j >= 3:
            end = j + 1  # one name with the employer glued in front: "Alstom Henri Poupart-Lafarge"
        elif start < j:
            end = j + 1  # "JSC Ukrzaliznytsia Oleksandr Kamyshin"
        elif loose and r - j >= 3 and all(_name_word(doc[k]) for k in (r - 2, r - 1)):
            end = r - 2
        if end is None or end <= j:
            return None
        while end < len(doc) and doc[end].text in COMPANY_FORMS:
            end += 1
        return self._org_mention((start, end), end)

    def _ner_place(self, j: int, polity: bool = False) -> Mention | None:
        """A region or city the recognizer found after a title's "of", a personal name after it
        ("Minister ... of Hesse Martin Falk"): the title's place, read before it is taken for an
        employer. The title of a region's or a city's head ("Minister-President of Bavaria Markus
        Söder") takes the place out of a body the recognizer read over the place and the name."""
        doc = self.doc
        if j < len(doc) and doc[j].lower_ == "the":
            j += 1
        span: tuple[int, int] | None = None
        for e in doc.ents:
            if e.start == j and e.label_ in ("GPE", "LOC"):
                span = (e.start, e.end)
            elif (
                polity
                and e.start in (j, j - 1)
                and e.label_ == "ORG"
                and e.end - j >= 3
                and all(_name_word(doc[k]) for k in (e.end - 2, e.end - 1))
                and not any(doc[k].text in orgs.head_nouns() for k in range(j, e.end - 2))
            ):
                span = (j, e.end - 2)  # "Minister-President of Bavaria Markus Söder", read as one body
        if span is None:
            return None
        text = doc[span[0] : span[1]].text
        if (
            any(k in self.covered for k in range(*span))
            or not all(t.is_alpha and t.is_title for t in doc[span[0] : span[1]])
            or countries.country_code(text)
            or text in self.sets["not_names"]
            or any(t.text in self.sets["portfolio"] for t in doc[span[0] : span[1]])
            or name_run(doc, span[1], self.covered, anchored=True) is None
        ):
            return None
        name = places.canonical(text)
        m = Mention(span[0], span[1], "location", name, name, places.place_country(name), "ner")
        self.at[span[0]] = m
        self.covered.update(range(*span))
        self.extra.append(m)
        return m

    def _org_mention(self, span: tuple[int, int], end: int) -> Mention | None:
        text = self.doc[span[0] : span[1]].text
        if countries.country_code(text) or text in self.sets["not_names"] or orgs.is_title(text):
            return None
        m = Mention(span[0], span[1], "organization", text, text, None, "title")
        m.end_of_phrase = end  # type: ignore[attr-defined]
        self.at[span[0]] = m
        self.covered.update(range(span[0], end))
        self.extra.append(m)
        return m

    def _adjective_noun(self, j: int, k: int) -> int:
        """A title does not end on an adjective ("Chief of Staff of the Presidential Executive
        Office"): capitalized words up to the organization noun it qualifies; k when there is none."""
        doc = self.doc
        if k == j or not doc[k - 1].lower_.endswith(("al", "ive", "ic", "ian", "ary", "ern")):
            return k
        m = k
        while m < len(doc) and m - k < 3 and m not in self.at and doc[m].is_alpha and doc[m].is_title:
            m += 1
            if doc[m - 1].text in orgs.head_nouns():
                return m
        return k

    def _subunit_end(self, j: int) -> int:
        """The end of "Central Asia Department" in "Director of the Central Asia Department of ...":
        capitalized words (a place among them) closed by a unit noun; j when there is none."""
        doc, k = self.doc, j
        while k < len(self.doc) and k - j < 7:
            m = self.at.get(k)
            if m is not None and m.kind == "location":
                k = m.end
                continue
            if doc[k].lower_ == "and" and k > j and k + 1 < len(doc) and doc[k + 1].text[:1].isupper():
                k += 1  # "the Asia and Africa Department"
                continue
            if m is not None or not doc[k].text[:1].isupper() or not doc[k].is_alpha:
                break
            k += 1
            if doc[k - 1].text in _subunits():
                return k
        return j

    def _entity_after(self, i: int) -> Mention | None:
        if i < len(self.doc) and self.doc[i].lower_ == "the":
            i += 1
        m = self.at.get(i)
        if m is None and i < len(self.doc) and self.doc[i].lower_ in _BODY_ADJECTIVES:
            m = self.at.get(i + 1)  # "Leader of the ruling People Power Party"
            return m if m is not None and m.kind == "organization" else None
        return m

    # -- names -----------------------------------------------------------------------------------
    def _name(self, i: int) -> tuple[tuple[int, int] | None, int]:
        doc = self.doc
        j = i + 1 if i < len(doc) and doc[i].text == "," else i
        j = skip_honorifics(doc, j, self.covered, after_comma=j > i)
        span = name_run(doc, j, self.covered, anchored=True)
        if span is None:
            return None, i
        if j > i:  # "Title, Name" must be followed by a clause boundary or a verb, not "Title, Place, ..."
            pass
        return span, span[1]


def _org_word(tok: Token) -> bool:
    """A word of a proper name: capitalized, or a legal form ("S.A.S.")."""
    return tok.text in COMPANY_FORMS or tok.text[:1].isupper() and (tok.is_alpha or "-" in tok.text)


def _verb_at(doc: Doc, i: int) -> bool:
    return i < len(doc) and doc[i].tag_.startswith("VB")


def _name_word(tok: Token) -> bool:
    return (_name_token(tok, _sets()) and not countries.country_code(tok.text)
            and tok.text not in orgs.head_nouns())


@lru_cache(maxsize=1)
def _subunits() -> frozenset[str]:
    return frozenset(load("organizations")["subunits"]) | {"Bureau"}


def skip_honorifics(doc: Doc, i: int, covered: set[int], after_comma: bool = False) -> int:
    """The start of a name after "[the] Honorable Dato' Dr. / Ms. / Sheikh", if a name follows them.
    After a comma a title word ("the Crown Prince, Sheikh X, and ...") starts a list item instead."""
    words = _sets()["honorifics"] | _sets()["name_honorifics"] | _sets()["ranks"]
    if after_comma:  # royal styles, unlike courtesy titles, start a new list item after a comma
        words = words - frozenset(lex()["heads"]) - {"Sheikh", "Sheikha", "Shaikh"}
    j = i + 1 if i + 1 < len(doc) and doc[i].lower_ == "the" and doc[i + 1].text in words else i
    k = j
    while (
        k < len(doc)
        and k not in covered
        and (doc[k].text in words or doc[k].text in ("’", "'") and k > j and doc[k - 1].text in words)
    ):
        k += 1
    if k > j and name_run(doc, k, covered) is not None:
        return k
    return i


def _name_token(tok: Token, sets: dict[str, frozenset[str]]) -> bool:
    text = tok.text
    if text in sets["not_names"] or text in sets["honorifics"]:
        return False
    if len(text) == 2 and text[0].isupper() and text[1] == ".":
        return True  # an initial: "K. Srinivasarao"
    if GLUED_INITIALS.match(text):
        return True  # initials glued to a surname: "V.Makei"
    return (
        text[:1].isupper()
        and (tok.is_alpha or "'" in text or "’" in text)
        and not text.isupper()
        or (tok.is_alpha and text.isupper() and len(text) > 1 and False)
    )


GLUED_INITIALS = re.compile(r"^(?:[A-Z]\.){1,2}[A-Z][a-z]+(?:-[A-Z][a-z]+)?$")


def spaced_initials(text: str) -> str:
    """ "V.Makei" -> "V. Makei", "A.A.Blinken" -> "A. A. Blinken"; other text unchanged."""
    return re.sub(r"\b([A-Z])\.(?=[A-Z])", r"\1. ", text)


def _caps_initials(doc: Doc, i: int, covered: set[int]) -> bool:
    """One or two initials written in capitals without points ("MU"), a name word after them."""
    tok = doc[i]
    return (
        tok.is_alpha
        and tok.is_upper
        and len(tok) <= 2
        and i + 1 < len(doc)
        and i + 1 not in covered
        and _name_token(doc[i + 1], _sets())
    )


def _syllable(doc: Doc, i: int) -> bool:
    """A lowercase second half of a hyphenated given name ("Hong-kyun", "Jae-in")."""
    tok = doc[i]
    return (
        tok.is_alpha
        and tok.is_lower
        and len(tok) <= 5
        and not tok.text.endswith(("ed", "ing", "ly"))
        and not doc[i - 1].whitespace_
        and i >= 2
        and doc[i - 2].text[:1].isupper()
    )


def name_run(doc: Doc, i: int, covered: set[int], anchored: bool = False) -> tuple[int, int] | None:
    """A personal name starting at token i: capitalized words, initials, hyphenated parts, particles."""
    sets = _sets()
    if i >= len(doc) or i in covered:
        return None
    if _caps_initials(doc, i, covered):
        rest = name_run(doc, i + 1, covered)
        return (i, rest[1]) if rest else None  # "Lt General MU Nair": initials in capitals
    if not _name_token(doc[i], sets):
        short = (
            anchored
            and doc[i].text in lex()["short_surnames"]
            and i + 1 < len(doc)
            and _name_token(doc[i + 1], sets)
        )
        if not short:
            return None
        rest = name_run(doc, i + 1, covered)
        return (i, rest[1]) if rest else None
    j = i
    words: list[str] = []
    while j < len(doc) and j not in covered:
        tok = doc[j]
        if _name_token(tok, sets):
            arabic = tok.lower_ in sets["particles"] and j + 1 < len(doc) and doc[j + 1].text in ("-", "‑")
            if tok.text in words or (len(words) >= 4 and doc[j - 1].text != "-" and not arabic):
                break  # "Tokayev Tokayev": a page artefact, not a longer name
            words.append(tok.text)
            j += 1
        elif tok.text in ("-", "‑") and j + 1 < len(doc) and j + 1 not in covered and _syllable(doc, j + 1):
            j += 2
        elif (
            (
                tok.text in ("-", "‑")
                and not doc[j - 1].whitespace_
                and j + 1 < len(doc)
                and _name_token(doc[j + 1], sets)
            )
            or tok.lower_ in sets["particles"]
            and j + 1 < len(doc)
            and _name_token(doc[j + 1], sets)
            and j > i
        ):
            j += 1
        else:
            break
    if j < len(doc) - 1 and doc[j].text == "," and doc[j + 1].text in sets["suffixes"]:
        j += 2  # "Joseph R. Biden, Jr."
    elif j < len(doc) and doc[j].text in sets["suffixes"]:
        j += 1
    while j > i and doc[j - 1].text in ("-",):
        j -= 1
    return (i, j) if j > i else None


def name_ending_at(doc: Doc, end: int, covered: set[int]) -> tuple[int, int] | None:
    """The longest personal name that ends right before token `end` ("He Lifeng, Vice Premier")."""
    for start in range(max(0, end - 6), end):
        run = name_run(doc, start, covered, anchored=True)
        if run is not None and run[1] == end:
            return run
    return None


def appositive_roles(doc: Doc, chain: TitleChain) -> bool:
    """True when a chain without a name follows "Name," and so describes that name."""
    return (
        chain.name is None and chain.start > 1 and doc[chain.start - 1].text == "," and not chain.determiner
    )


def country_adjective(text: str) -> str | None:
    return countries.country_code(text)
