"""Transcript turns: "President of Russia Vladimir Putin: ..." and the later "Alexander Lukashenko: ...".

In cleaned text a turn may start mid-paragraph (the CSV corpora have no newlines), so a marker is
any short run of capitalised words ending in a colon, starting a sentence, that names a person
entity.  A turn lasts until the next marker or the end of the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from communique.extract import context

# Lower-case words allowed inside a speaker marker ("President of the Republic of Kazakhstan").
_CONNECTORS = frozenset({"of", "the", "and", "for", "on", "to", "de", "da", "van", "von", "al", "bin", "ibn",
                         "la", "le", "du", "del", "in"})
_MAX_MARKER_TOKENS = 25
_BOUNDARY = frozenset({".", "!", "?", "…", ">", "»", '"', "”"})


@dataclass(frozen=True)
class Turn:
    speaker: str
    marker_start: int  # token index of the marker's first token
    start: int  # token index of the first token after the colon
    end: int  # token index one past the turn's last token


def _marker_start(doc: Doc, colon: int) -> int | None:
    """Token index where the marker ending at `colon` starts, if the run before it is a marker."""
    i = colon - 1
    while i >= 0 and colon - i <= _MAX_MARKER_TOKENS:
        tok = doc[i]
        if tok.text in _BOUNDARY or "\n" in tok.whitespace_ + tok.text or tok.is_space:
            return i + 1
        i -= 1
    return 0 if i < 0 else None


def _looks_like_marker(tokens: list[Token]) -> bool:
    words = [t for t in tokens if t.is_alpha]
    if not words or not words[0].is_title:
        return False
    return all(t.text[0].isupper() or t.lower_ in _CONNECTORS for t in words)


def _marker_speaker(doc: Doc, start: int, colon: int, kinds: dict[str, str]) -> str | None:
    tokens = list(doc[start:colon])
    # 'Federal Chancellor Olaf Scholz (retranslated):' - a trailing parenthetical note is no part of the name.
    if tokens and (tokens[-1].text == ")" or doc[colon].text == "):"):
        opening = next((n for n in range(len(tokens) - 1, -1, -1) if "(" in tokens[n].text), None)
        if opening is not None and colon - start - opening <= 5:
            tokens = tokens[:opening]
    if not tokens or not _looks_like_marker(tokens):
        return None
    named = _named_in_marker(" ".join(t.text for t in tokens), doc)
    if named:
        return named
    for tok in tokens:
        ent = context.entity_at(doc, tok.i)
        if ent and kinds.get(ent) == "person":
            return ent
    return None


def _named_in_marker(marker: str, doc: Doc) -> str | None:
    """ "President and Chairman of VTB Bank Management Board Andrei Kostin Kostin AndreiVTB Bank
    Chairman:": a scraped caption glued to the marker may make a longer name of the person's tokens;
    a marker that spells a person's full name (two words or more) names that person, before any
    title word of the marker that refers to another ("President")."""
    words = marker.split()
    best: tuple[int, str] | None = None
    for ent in doc._.entities or []:
        name = ent.name.split()
        if ent.kind != "person" or len(name) < 2:
            continue
        spelled = any(words[i : i + len(name)] == name for i in range(len(words) - len(name) + 1))
        if spelled and (best is None or len(name) > best[0]):
            best = (len(name), ent.id)
    return best[1] if best else None


def find_turns(doc: Doc) -> list[Turn]:
    """The transcript turns of `doc`, in order (empty for ordinary prose)."""
    kinds = {e.id: e.kind for e in doc._.entities or []}
    markers: list[tuple[int, int, str]] = []
    for tok in doc:
        if tok.text not in (":", "):"):  # 'Olaf Scholz(retranslated):' tokenizes as '):'
            continue
        start = _marker_start(doc, tok.i)
        if start is None or start == tok.i:
            continue
        speaker = _marker_speaker(doc, start, tok.i, kinds)
        if speaker:
            markers.append((start, tok.i + 1, speaker))
    turns = []
    for n, (start, after, speaker) in enumerate(markers):
        end = markers[n + 1][0] if n + 1 < len(markers) else len(doc)
        turns.append(Turn(speaker, start, after, end))
    return turns
