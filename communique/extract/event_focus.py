"""Which event a generic mention ("the event", "the event participants") and its sentence belong to.

A planned event someone only speaks of ("The Ambassador noted that the upcoming Astana summit
will be ...") is an aside: the report is still about the event it covers, so later generic
mentions refer back to that event, not to the aside, and lend the aside neither its parties nor
a date from their sentence.  A generic word that only modifies another noun ("the event
participants", "the event's guests") names no date of its own."""

from __future__ import annotations

from spacy.tokens import Token

from communique.extract.event_mentions import Mention, lasts_until
from communique.extract.event_triggers import roles_lexicon

# verbs of saying/thinking whose clausal complement reports a statement, besides `speech_verbs`
_SAYING = frozenset({"say", "note", "stress", "emphasize", "emphasise", "underline", "point", "state",
                     "express", "believe", "hope", "add", "announce", "recall", "mention", "highlight",
                     "confirm", "assure", "affirm", "declare", "tell", "think", "remark", "observe"})


def _head(m: Mention) -> Token:
    return m.trigger.span[0] if m.trigger.pos == "verb" else m.trigger.head


def is_aside(m: Mention) -> bool:
    """An event named inside a reported statement: a planned one anywhere in what is said ("X noted
    that the upcoming summit ..."), a past one as the thing spoken of ("X highlighted the outcomes of
    the summit held in April")."""
    if m.in_title or m.sent is None or not m.sent.doc.has_annotation("DEP"):
        return False
    verbs = _SAYING | set(roles_lexicon()["speech_verbs"])
    cur = _head(m)
    for _ in range(8):
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in verbs and m.status == "planned":
            return True
        if cur.dep_ in ("dobj", "obj") and cur.head.lemma_.lower() in verbs and m.trigger.pos == "noun" and (
                cur is not _head(m) and m.name):
            return True  # "highlighted the outcomes of the Central Asia - EU Summit"
        if cur.head == cur:
            return False
        cur = cur.head
    return False


def dates_nothing(m: Mention) -> bool:
    """An anaphor modifying another noun ("the event participants") dates nothing, nor an event told
    only as lasting until a day."""
    if m.trigger.pos == "noun" and m.sent is not None and m.sent.doc.has_annotation("DEP") and lasts_until(
            _head(m)):
        return True  # "the exhibition will run until October 20": the day it ends, not its date
    return m.trigger.pos == "anaphor" and _head(m).dep_ in ("compound", "poss")
