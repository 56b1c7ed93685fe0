"""Cross-document actor resolution: every stored entity points at one actor with a stable id.

Matching is deliberately conservative - a wrong merge pollutes every later query about both
people, while a missed merge is one `communique actors merge` away:

* persons: the same normalised full name; or the same surname with compatible given names
  ("K." ~ "Kassym-Jomart"), allowing a transliteration variant of the surname (rapidfuzz ratio
  >= 90) only when given names are known on both sides; a surname alone ("President Tokayev",
  "Mr. Khan") joins an actor only with positive evidence - the same known country or a shared
  title - and only when exactly one actor qualifies;
* organizations: a shared multi-word name form, or an acronym only with the same country;
* countries by ISO code; locations by name and country.

Countries must never conflict (both known and different means two actors).  Several equally
good candidates means a new actor, never a guess.

Corrections (`merge`, `split`) are replayed on every resolution, so they survive re-ingest and
re-extraction: a merge redirects one actor id to another; a split sends matching entities of one
actor (all with a given name, or the one in a given document) to a new actor.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from communique.resolve.names import (
    fold,
    given_compatible,
    is_acronym,
    org_form,
    parse_person,
    title_key,
)

SURNAME_FUZZ = 90  # rapidfuzz ratio for "Tokayev" ~ "Tokaev", "Zelenskyy" ~ "Zelensky"
ORG_FUZZ = 95  # token_sort_ratio for multi-word organization names


@dataclass
class EntityView:
    """What resolution needs of one stored entity."""

    doc_id: str
    local_id: str
    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    roles: list[dict[str, Any]] = field(default_factory=list)

    @property
    def surfaces(self) -> list[str]:
        return [self.name, *[a for a in self.aliases if a]]


@dataclass
class Correction:
    op: str  # "merge" | "split"
    actor: str
    other: str
    selector: str | None = None  # split only: "name:<folded name>" or "doc:<doc id>:<folded name>"


@dataclass
class ActorState:
    id: str
    kind: str
    names: Counter[str] = field(default_factory=Counter)  # surface forms, as written
    countries: Counter[str] = field(default_factory=Counter)
    full_names: set[str] = field(default_factory=set)  # persons: normalised full names
    givens: set[tuple[str, ...]] = field(default_factory=set)
    surnames: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)
    forms: set[str] = field(default_factory=set)  # non-persons: normalised name forms

    @property
    def country(self) -> str | None:
        return self.countries.most_common(1)[0][0] if self.countries else None

    @property
    def name(self) -> str:
        # A form used as an entity's name (the fullest its text gives) over a mere alias, then the
        # longest without titles, then the most frequent: "Kassym-Jomart Tokayev", not "Tokayev".
        return max(self.names, key=lambda n: (self.names[n] > 0, _name_length(self.kind, n),
                                             self.names[n], n))

    @property
    def aliases(self) -> list[str]:
        main = self.name
        return sorted(n for n in self.names if n != main)


def actor_id(kind: str, key: str, country: str | None) -> str:
    digest = hashlib.sha1(f"{kind}|{key}|{country or ''}".encode()).hexdigest()[:10]
    return f"a-{digest}"


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


class Resolver:
    """Resolves entities to actors incrementally; state can be rebuilt by replaying `learn`."""

    def __init__(self, corrections: Iterable[Correction] = ()) -> None:
        self.actors: dict[str, ActorState] = {}
        self.dirty: set[str] = set()  # actors changed since the last `take_dirty`
        self._by_full: dict[str, set[str]] = {}
        self._by_surname: dict[str, set[str]] = {}
        self._by_form: dict[str, set[str]] = {}
        self._by_code: dict[str, set[str]] = {}
        self.redirects: dict[str, str] = {}
        self._name_splits: dict[str, list[Correction]] = {}
        self._doc_splits: dict[tuple[str, str], Correction] = {}
        for corr in corrections:
            self.add_correction(corr)

    # -- corrections -------------------------------------------------------------------------

    def add_correction(self, corr: Correction) -> None:
        if corr.op == "merge":
            self.redirects[corr.other] = corr.actor
        elif corr.op == "split" and corr.selector:
            kind, _, rest = corr.selector.partition(":")
            if kind == "doc":
                doc_id, _, name = rest.rpartition(":")
                self._doc_splits[(doc_id, name)] = corr
            else:
                self._name_splits.setdefault(corr.actor, []).append(corr)

    def follow(self, aid: str) -> str:
        seen = set()
        while aid in self.redirects and aid not in seen:
            seen.add(aid)
            aid = self.redirects[aid]
        return aid

    # -- resolution ----------------------------------------------------------------------------

    def resolve(self, ent: EntityView) -> str:
        """The actor id for `ent`, creating the actor if none matches; learns its names."""
        split = self._doc_splits.get((ent.doc_id, fold(ent.name)))
        if split is not None:
            aid = self.follow(split.other)
        else:
            aid = self._match(ent) or self._new_id(ent)
            aid = self._apply_name_splits(self.follow(aid), ent)
        self.learn(aid, ent)
        return aid

    def _apply_name_splits(self, aid: str, ent: EntityView) -> str:
        # The entity's own name, not its aliases: "Imran Khan" (alias "Mr. Khan") is not split
        # off by a split of the entities written "Mr. Khan".
        folded = fold(ent.name)
        for corr in self._name_splits.get(aid, []):
            if corr.selector and corr.selector.partition(":")[2] == folded:
                return self.follow(corr.other)
        return aid

    def _new_id(self, ent: EntityView) -> str:
        if ent.kind == "country" and ent.country:
            key = ent.country
        elif ent.kind == "person" and (p := parse_person(ent.name)):
            key = p.full or p.surname
        else:
            key = org_form(ent.name) or fold(ent.name)
        base = actor_id(ent.kind, key, ent.country)
        aid, n = base, 1
        # Same key, different actor (an ambiguous "Mr. Khan"): suffix, in resolution order.  A
        # redirected id is kept: `resolve` follows it to the actor it was merged into.
        while aid in self.actors:
            n += 1
            aid = f"{base}~{n}"
        return aid

    def _match(self, ent: EntityView) -> str | None:
        if ent.kind == "person" and parse_person(ent.name) is not None:
            return self._match_person(ent)
        if ent.kind == "country" and ent.country:
            return _unique(self._by_code.get(ent.country, set()))
        return self._match_named(ent)

    def _pick(self, cands: set[str], country: str | None) -> str | None:
        """The one compatible candidate, or the one with the same country among several."""
        cands = {c for c in cands if _compatible(self.actors[c].country, country)}
        if len(cands) > 1 and country:
            cands = {c for c in cands if self.actors[c].country == country}
        return _unique(cands)

    def _match_person(self, ent: EntityView) -> str | None:
        parsed = [p for s in ent.surfaces if (p := parse_person(s))]
        if not parsed:
            return None
        fulls = [p for p in parsed if p.full]
        for p in sorted(fulls, key=lambda p: -len(p.given)):
            hit = self._pick(set(self._by_full.get(p.full or "", ())), ent.country)
            if hit:
                return hit
        titles = self._titles(ent, parsed)
        if fulls:
            best = max(fulls, key=lambda p: len(p.given))
            return self._by_given_and_surname(best.given, best.surname, ent.country, titles)
        return self._by_surname_only(parsed[0].surname, ent.country, titles)

    def _by_given_and_surname(
        self, given: tuple[str, ...], surname: str, country: str | None, titles: set[str],
    ) -> str | None:
        exact = self._by_surname.get(surname, set())
        cands = {c for c in exact if self._given_ok(c, given, country, titles)}
        if not cands and len(surname) >= 5:
            # Transliteration variants, only with given names on both sides to compare.
            keys = [k for k in self._by_surname if k[0] == surname[0] and k != surname]
            for key, _score, _ in process.extract(surname, keys, scorer=fuzz.ratio,
                                                   score_cutoff=SURNAME_FUZZ, limit=5):
                cands |= {c for c in self._by_surname[key]
                          if self.actors[c].givens and self._given_ok(c, given, country, titles)}
        return self._pick(cands, country)

    def _given_ok(self, aid: str, given: tuple[str, ...], country: str | None,
                  titles: set[str]) -> bool:
        actor = self.actors[aid]
        if not _compatible(actor.country, country):
            return False
        if actor.givens:
            return any(given_compatible(given, g) for g in actor.givens)
        return self._evidence(actor, country, titles)  # the actor is known by surname only

    def _by_surname_only(self, surname: str, country: str | None, titles: set[str]) -> str | None:
        cands = {c for c in self._by_surname.get(surname, set())
                 if _compatible(self.actors[c].country, country)
                 and self._evidence(self.actors[c], country, titles)}
        return _unique(cands)  # two qualifying "Mr. Khan"s: no guess

    @staticmethod
    def _evidence(actor: ActorState, country: str | None, titles: set[str]) -> bool:
        return (country is not None and actor.country == country) or bool(actor.titles & titles)

    @staticmethod
    def _titles(ent: EntityView, parsed: list) -> set[str]:
        titles = {title_key(r.get("title") or "") for r in ent.roles}
        titles |= {t for p in parsed for t in p.titles}
        return {t for t in titles if t}

    def _match_named(self, ent: EntityView) -> str | None:
        multi, short = set(), set()
        for surface in ent.surfaces:
            form = org_form(surface)
            if not form:
                continue
            hits = self._by_form.get(self._form_key(ent.kind, form), set())
            (short if is_acronym(surface) or " " not in form else multi).update(hits)
        hit = self._pick(multi, ent.country)
        if hit:
            return hit
        # An acronym alone ("MFA") names different bodies in different countries.
        short = {c for c in short if self.actors[c].country == ent.country}
        hit = _unique(short)
        if hit or ent.kind != "organization":
            return hit
        return self._fuzzy_org(ent)

    def _fuzzy_org(self, ent: EntityView) -> str | None:
        form = org_form(ent.name)
        if len(form.split()) < 3:
            return None
        prefix = "organization|"
        keys = [k for k in self._by_form if k.startswith(prefix) and k.count(" ") >= 2]
        found = process.extractOne(prefix + form, keys, scorer=fuzz.token_sort_ratio,
                                   score_cutoff=ORG_FUZZ)
        return self._pick(set(self._by_form[found[0]]), ent.country) if found else None

    @staticmethod
    def _form_key(kind: str, form: str) -> str:
        return f"{kind}|{form}"

    # -- learning ------------------------------------------------------------------------------

    def learn(self, aid: str, ent: EntityView) -> None:
        """Record that `ent` belongs to actor `aid` (also used to reload a store's state)."""
        actor = self.actors.get(aid)
        if actor is None:
            actor = self.actors[aid] = ActorState(id=aid, kind=ent.kind)
        actor.names[ent.name] += 1
        for alias in ent.aliases:
            actor.names.setdefault(alias, 0)
        if ent.country:
            actor.countries[ent.country] += 1
            if ent.kind == "country":
                self._by_code.setdefault(ent.country, set()).add(aid)
        if ent.kind == "person":
            self._learn_person(actor, ent)
        if ent.kind != "person" or parse_person(ent.name) is None:
            # Named by a role only ("the President"): matched like a body, by form and country.
            for surface in ent.surfaces:
                if form := org_form(surface):
                    actor.forms.add(form)
                    self._by_form.setdefault(self._form_key(ent.kind, form), set()).add(aid)
        self.dirty.add(aid)

    def _learn_person(self, actor: ActorState, ent: EntityView) -> None:
        parsed = [p for s in ent.surfaces if (p := parse_person(s))]
        actor.titles |= self._titles(ent, parsed)
        for p in parsed:
            actor.surnames.add(p.surname)
            self._by_surname.setdefault(p.surname, set()).add(actor.id)
            if p.full:
                actor.full_names.add(p.full)
                actor.givens.add(p.given)
                self._by_full.setdefault(p.full, set()).add(actor.id)

    def take_dirty(self) -> list[ActorState]:
        out = [self.actors[a] for a in sorted(self.dirty)]
        self.dirty.clear()
        return out

    def find(self, name: str) -> list[str]:
        """Actors a query name could mean: exact id, else the same name form, else surname."""
        if name in self.actors:
            return [name]
        if name in self.redirects:
            return [self.follow(name)]
        folded = fold(name)
        hits = [a.id for a in self.actors.values() if folded in {fold(n) for n in a.names}]
        if hits:
            return hits
        p = parse_person(name)
        if p and p.full:
            return sorted(a for a in self._by_full.get(p.full, ()))
        if p:
            return sorted(self._by_surname.get(p.surname, ()))
        return []


def _name_length(kind: str, name: str) -> int:
    if kind == "person" and (p := parse_person(name)):
        return len(p.given) + 1
    return len(fold(name).split())


def _unique(cands: set[str]) -> str | None:
    return next(iter(cands)) if len(cands) == 1 else None
