"""Quotations in quotation marks (straight or curly) and the reporting verb that attributes them.

A quotation counts as speech only when a reporting verb stands right beside it
('"...," said Volodymyr Zelenskyy', 'He stressed: "..."'); a quoted title ('the article "Middle
Powers ..."') has none and is left to the references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from communique.extract.reporting import Trigger, trigger_of

_QUOTE = re.compile(r"“([^”]+)”|\"([^\"]+)\"|«([^»]+)»")
_GAP_AFTER = 5  # tokens between the closing mark and the verb: ', said the Minister'
_GAP_BEFORE = 8  # tokens between the verb and the opening mark: 'the President said: "'


@dataclass(frozen=True)
class Quote:
    start: int  # first token inside the marks
    end: int  # one past the last token inside the marks
    trigger: Trigger


def quoted_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of the text inside each pair of quotation marks."""
    return [(m.start(g), m.end(g)) for m in _QUOTE.finditer(doc.text) for g in (1, 2, 3) if m.group(g)]


def _near_trigger(tokens: list[Token]) -> Trigger | None:
    for tok in tokens:
        trig = trigger_of(tok)
        if trig is not None:
            return trig
    return None


def _attribution(doc: Doc, start: int, end: int) -> Trigger | None:
    after = [t for t in doc[end : min(len(doc), end + 1 + _GAP_AFTER)] if not t.is_punct]
    # '"...," said X' / '"...," X said': a verb right after the closing mark, before any full stop.
    stop = next((t.i for t in doc[end + 1 : end + 1 + _GAP_AFTER] if t.text in (".", "!", "?", '"', "“")),
                end + 1 + _GAP_AFTER)
    trig = _near_trigger([t for t in after if t.i < stop])
    if trig is not None:
        return trig
    # 'X said: "..."' / 'X said, "..."': the opening mark follows a colon or comma after the verb.
    before = doc[max(0, start - 1 - _GAP_BEFORE) : max(0, start - 1)]
    if len(before) and before[-1].text in (":", ","):
        return _near_trigger(list(reversed(list(before))))
    return None


def find_quotes(doc: Doc) -> list[Quote]:
    quotes = []
    for cstart, cend in quoted_ranges(doc):
        span = doc.char_span(cstart, cend, alignment_mode="expand")
        if span is None or len(span) < 3:
            continue
        trig = _attribution(doc, span.start, span.end)
        if trig is not None:
            quotes.append(Quote(span.start, span.end, trig))
    return quotes
