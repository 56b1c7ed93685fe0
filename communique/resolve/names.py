"""Name normalisation for cross-document actor resolution.

A person's surface forms ("President Tokayev", "Kassym-Jomart Tokayev", "K. Tokayev", "H.E. Mr.
Tokayev") are reduced to lowercase ASCII tokens with leading titles and honorifics removed; the
titles removed are kept, because a shared title is evidence when only a surname is known.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Honorifics say nothing about who someone is, so they are dropped and not kept as titles.
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "madam", "madame", "he", "hh", "hrh",
    "his", "her", "excellency", "majesty", "highness", "royal", "honorable", "honourable", "hon",
    "rev", "mister", "lord", "lady",
})
# Words that make up office titles when they lead a name ("Vice President", "Secretary of State").
TITLE_WORDS = frozenset({
    "president", "vice", "prime", "minister", "ministers", "foreign", "deputy", "first", "secretary",
    "general", "ambassador", "chancellor", "king", "queen", "prince", "princess", "crown", "sheikh",
    "emir", "amir", "sultan", "chairman", "chairwoman", "chairperson", "chair", "governor", "senator",
    "representative", "rep", "speaker", "mayor", "premier", "envoy", "special", "state", "national",
    "security", "advisor", "adviser", "director", "head", "chief", "commissioner", "colonel",
    "lieutenant", "admiral", "marshal", "defense", "defence", "affairs", "of", "the", "for",
    "executive", "senior", "under", "assistant", "counselor", "counsellor", "consul", "attache",
    "charge", "d'affaires", "affaires", "pope", "patriarch", "cardinal", "archbishop", "leader",
    "spokesperson", "spokesman", "press", "attorney", "justice", "trade", "finance", "economy",
    "chairmen", "federal", "supreme", "commander", "officer", "coordinator", "permanent",
})
SUFFIXES = frozenset({"jr", "sr"})
# Surname particles are part of the surname, not given names ("Ursula von der Leyen").
PARTICLES = frozenset({"von", "van", "der", "den", "de", "del", "della", "la", "le", "al", "el",
                       "bin", "ibn", "da", "di", "du", "dos", "das", "ter", "zu"})
ORG_STOPWORDS = frozenset({"the", "of", "and", "for", "&"})

_NON_WORD = re.compile(r"[^a-z0-9' ]+")


@lru_cache(maxsize=1 << 16)  # pure, and called for every surface form at every comparison
def fold(text: str) -> str:
    """Lowercase ASCII: accents stripped, punctuation and hyphens to spaces, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("\u2019", "'").replace("-", " ").replace(".", " ")
    text = _NON_WORD.sub(" ", text)
    text = re.sub(r"'s\b", "", text).replace("'", "")
    return " ".join(text.split())


@dataclass(frozen=True)
class PersonName:
    """One surface form of a person's name, parsed."""

    given: tuple[str, ...]  # given names and initials, particles removed
    surname: str
    titles: tuple[str, ...]  # leading office title, e.g. ("president",) or ("prime minister",)

    @property
    def full(self) -> str | None:
        """The normalised full name, or None when only a surname is known."""
        return " ".join((*self.given, self.surname)) if self.given else None


_HE = re.compile(r"\bH\.\s*E\.", re.IGNORECASE)  # "H.E." (His/Her Excellency) as one honorific


@lru_cache(maxsize=1 << 16)
def parse_person(name: str) -> PersonName | None:
    tokens = fold(_HE.sub("HE", name)).split()
    tokens = [t for t in tokens if t not in SUFFIXES]
    lead: list[str] = []
    while len(tokens) > 1 and (tokens[0] in HONORIFICS or tokens[0] in TITLE_WORDS):
        tok = tokens.pop(0)
        if tok not in HONORIFICS:
            lead.append(tok)
    if not tokens or (len(tokens) == 1 and (tokens[0] in TITLE_WORDS or tokens[0] in HONORIFICS)):
        return None  # "The President", "the Ambassador": a role, not a name
    title = " ".join(t for t in lead if t not in {"of", "the", "for"})
    surname = tokens[-1]
    given = tuple(t for t in tokens[:-1] if t not in PARTICLES)
    return PersonName(given=given, surname=surname, titles=(title,) if title else ())


def given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same first given name, or one is the initial of the other ("k" ~ "kassym")."""
    if not a or not b:
        return True
    x, y = a[0], b[0]
    if x == y:
        return True
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return False


def title_key(title: str) -> str:
    """A role title reduced for comparison: "Minister of Foreign Affairs" -> "minister foreign affairs"."""
    return " ".join(t for t in fold(title).split() if t not in {"of", "the", "for"} | HONORIFICS)


@lru_cache(maxsize=1 << 16)
def org_form(name: str) -> str:
    return " ".join(t for t in fold(name).split() if t not in ORG_STOPWORDS)


def is_acronym(surface: str) -> bool:
    """"SCO", "ISSI", "U.S." - short capitalised forms that name many things across countries."""
    letters = re.sub(r"[^A-Za-z]", "", surface)
    return 1 < len(letters) <= 6 and letters.isupper()
