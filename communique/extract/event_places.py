"""Places an event's text plainly implies when it names none (ANNOTATION: "an Islamabad institute
hosting"): a city in the name of an organizer or hosting organization ("Institute of Strategic
Studies Islamabad" -> Islamabad), else the host country of an organizing embassy ("the Embassy
of Kazakhstan in India" -> India, or
the one Indian city the text names).  Calls happen nowhere in particular: none for them."""

from __future__ import annotations

import re

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
