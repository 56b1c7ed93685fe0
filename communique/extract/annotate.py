"""Run the spaCy pipeline over a batch of texts in bounded memory.

spaCy's statistical steps hold arrays for every token of every Doc they process at once: one
175,000-character Kremlin transcript alone lifts a worker from ~160 MB to ~660 MB in `tok2vec`,
and a batch of long documents more.  So the statistical steps (everything that is not one of our
`communique_*` rule components) see at most `BUDGET` characters at a time: a document longer
than `PIECE` is cut into pieces at paragraph (else sentence, else word) boundaries, the pieces are
parsed in budget-sized minibatches, and each document's pieces are joined back into one Doc
(`Doc.from_docs`; its text is exactly the original, so every character offset still holds).
Our components then run on the whole Docs, as they would after `nlp.pipe`.

The models look a few tokens around each word, so a cut at a paragraph break changes nothing
the parse or the recognizer would see across it; documents under `PIECE` are parsed whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

PIECE = 10_000  # characters: longer documents are parsed in pieces of at most this
BUDGET = 64_000  # characters the statistical steps process at once (one minibatch)

_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+")
_PARAGRAPH = re.compile(r"\n\s*")
_SPACE = re.compile(r"\s+")


def ours(name: str) -> bool:
    """Whether a pipeline step is one of our rule components (they run on whole parsed Docs)."""
    return name.startswith("communique_")


def _cut(window: str) -> int:
    """Where to end a piece inside `window` (its length is the piece limit): after the last
    paragraph break in its second half, else the last sentence end, else the last whitespace.
    A cut takes the whole whitespace run, so the next piece starts on a word and the tokens are
    the ones the whole text would give."""
    half = len(window) // 2
    for pattern in (_PARAGRAPH, _SENTENCE_END, _SPACE):
        ends = [m.end() for m in pattern.finditer(window, half) if m.end() < len(window)]
        if ends:
            return ends[-1]
    return len(window)  # no space at all in half a piece: cut anywhere (the tokenizer copes)


def split_text(text: str, limit: int | None = None) -> list[str]:
    """`text` in consecutive pieces of at most `limit` (default `PIECE`) characters; they join
    back to `text`."""
    limit = limit or PIECE
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + _cut(text[start:start + limit])
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def minibatches(items: Iterable[Any], budget: int, size: Callable[[Any], int]) -> Iterator[list[Any]]:
    """Consecutive lists of items whose sizes add up to at most `budget` (an item larger than
    the budget goes alone)."""
    batch: list[Any] = []
    used = 0
    for item in items:
        n = size(item)
        if batch and used + n > budget:
            yield batch
            batch, used = [], 0
        batch.append(item)
        used += n
    if batch:
        yield batch


def run_steps(steps: list[tuple[str, Any]], docs: list[Doc]) -> list[Doc]:
    """`docs` through pipeline steps in order, each step over the whole list at once."""
    for _, proc in steps:
        docs = list(proc.pipe(docs, batch_size=len(docs)) if hasattr(proc, "pipe") else map(proc, docs))
    return docs


def parse(nlp: Language, texts: list[str], piece: int | None = None,
          budget: int | None = None) -> list[Doc]:
    """The statistical steps over `texts`, one Doc per text, never more than `budget` (default
    `BUDGET`) characters in the models at once."""
    budget = budget or BUDGET
    steps = [(name, proc) for name, proc in nlp.pipeline if not ours(name)]
    owned = [(i, p) for i, text in enumerate(texts) for p in split_text(text, piece)]
    parsed: list[list[Doc]] = [[] for _ in texts]
    for batch in minibatches(owned, budget, lambda item: len(item[1])):
        for (i, _), doc in zip(batch, run_steps(steps, [nlp.make_doc(p) for _, p in batch]), strict=True):
            parsed[i].append(doc)
    return [pieces[0] if len(pieces) == 1 else Doc.from_docs(pieces, ensure_whitespace=False)
            for pieces in parsed]


def apply_rules(nlp: Language, docs: list[Doc]) -> list[Doc]:
    """Our `communique_*` components over parsed Docs, in pipeline order."""
    return run_steps([(name, proc) for name, proc in nlp.pipeline if ours(name)], docs)
