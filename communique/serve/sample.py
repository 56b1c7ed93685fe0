"""Hand-built records for the web app's tests and benchmark: no model needed.

`sample_records()` is a handful of small, realistic releases (one of them hostile: markup and
script in its title, a person's name and its body).  `synthetic_records(n)` makes `n` varied
records for load tests.
"""

from __future__ import annotations

import random
import re

from communique.records import (
    Entity,
    Event,
    Location,
    Participant,
    Record,
    Role,
    Source,
    Statement,
    content_id,
)

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"

PLOVER = {
    "signing": "AGREE",
    "credentials": "COOPERATE",
    "award": "SUPPORT",
    "cultural_event": "COOPERATE",
    "aid": "AID",
}


def _spans(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]


def _sentence(text: str, needle: str) -> tuple[int, int]:
    i = text.index(needle)
    start = max(text.rfind(". ", 0, i) + 2 if text.rfind(". ", 0, i) >= 0 else 0, text.rfind("\n", 0, i) + 1)
    end = text.find(".", i)
    return (start, end + 1 if end >= 0 else len(text))


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.entities: list[Entity] = []

    def ent(
        self, kind: str, name: str, *forms: str, country: str | None = None, roles: list[Role] | None = None
    ) -> str:
        eid = f"e{len(self.entities) + 1}"
        mentions = sorted({s for f in (name, *forms) for s in _spans(self.text, f)})
        # Keep the longest of overlapping mentions ("Kistafin" inside "Yerzhan Kistafin").
        kept: list[tuple[int, int]] = []
        for s in sorted(mentions, key=lambda m: (m[0], -(m[1] - m[0]))):
            if kept and s[0] < kept[-1][1]:
                continue
            kept.append(s)
        self.entities.append(
            Entity(
                id=eid,
                kind=kind,
                name=name,
                aliases=[f for f in forms if f != name],
                country=country,
                roles=roles or [],
                mentions=kept,
            )
        )
        return eid


def _record(
    b: _Builder,
    *,
    title: str,
    published: str,
    source: str,
    url: str | None,
    events: list[Event],
    statements: list[Statement],
) -> Record:
    return Record(
        id=content_id(b.text),
        source=Source(name=source, url=url),
        published=published,
        title=title,
        language="en",
        text=b.text,
        entities=b.entities,
        events=events,
        statements=statements,
        origin=f"sample:{title[:30]}",
        extractor="hand",
    )


def _event(eid: str, type_: str, **kw) -> Event:
    return Event(id=eid, type=type_, plover=PLOVER.get(type_, "CONSULT"), **kw)


def sample_records() -> list[Record]:
    out = []

    t = (
        "On 25 June 2024 the Institute of Strategic Studies Islamabad (ISSI) and the Embassy of "
        'Kazakhstan in Pakistan held a round table "Astana Summit 2024: Solidifying SCO\'s Partnerships" '
        "in Islamabad.\n\n"
        "Ambassador Yerzhan Kistafin spoke about the priorities of the Kazakh chairmanship of the SCO. "
        "Kistafin emphasized that regional security remains the core of cooperation.\n\n"
        "ISSI Director General Sohail Mahmood noted the growing role of Kazakhstan in Central Asia. "
        "The SCO summit will take place in Astana on 3-4 July."
    )
    b = _Builder(t)
    issi = b.ent("organization", "Institute of Strategic Studies Islamabad", "ISSI", country="PK")
    emb = b.ent("organization", "Embassy of Kazakhstan in Pakistan", country="KZ")
    kis = b.ent(
        "person",
        "Yerzhan Kistafin",
        "Kistafin",
        country="KZ",
        roles=[Role("Ambassador of Kazakhstan to Pakistan", None, "KZ", True)],
    )
    mah = b.ent("person", "Sohail Mahmood", country="PK", roles=[Role("Director General", issi, "PK", True)])
    sco = b.ent("organization", "Shanghai Cooperation Organisation", "SCO")
    b.ent("country", "Kazakhstan", country="KZ")
    b.ent("location", "Islamabad", country="PK")
    b.ent("location", "Astana", country="KZ")
    out.append(
        _record(
            b,
            title="Round table on the SCO summit held in Islamabad",
            published="2024-06-26",
            source="Kazakh MFA",
            url="https://example.org/kz/round-table",
            events=[
                _event(
                    "v1",
                    "round_table",
                    name="Astana Summit 2024: Solidifying SCO's Partnerships",
                    date="2024-06-25",
                    location=Location("Islamabad", "PK"),
                    organizers=[issi, emb],
                    participants=[Participant(kis, "speaker"), Participant(mah, "speaker")],
                    topics=["regional security", "economic cooperation"],
                    evidence=[_sentence(t, "held a round table")],
                ),
                _event(
                    "v2",
                    "summit",
                    status="planned",
                    date="2024-07-03",
                    location=Location("Astana", "KZ"),
                    organizers=[sco],
                    participants=[],
                    topics=[],
                    evidence=[_sentence(t, "The SCO summit")],
                ),
            ],
            statements=[
                Statement(
                    kis,
                    "speak about",
                    "the priorities of the Kazakh chairmanship of the SCO",
                    _sentence(t, "spoke about"),
                ),
                Statement(
                    kis,
                    "emphasize",
                    "that regional security remains the core of cooperation",
                    _sentence(t, "emphasized"),
                ),
                Statement(
                    mah, "note", "the growing role of Kazakhstan in Central Asia", _sentence(t, "noted")
                ),
            ],
        )
    )

    t = (
        "President Kassym-Jomart Tokayev met Prime Minister of Pakistan Shehbaz Sharif in Astana "
        "on 3 July 2024. "
        "The parties discussed trade, transport corridors and energy.\n\n"
        "Tokayev stressed that Pakistan is an important partner of Kazakhstan in South Asia. "
        "Ambassador Yerzhan Kistafin also took part in the talks."
    )
    b = _Builder(t)
    tok = b.ent(
        "person",
        "Kassym-Jomart Tokayev",
        "Tokayev",
        country="KZ",
        roles=[Role("President", None, "KZ", True)],
    )
    sha = b.ent("person", "Shehbaz Sharif", country="PK", roles=[Role("Prime Minister", None, "PK", True)])
    kis = b.ent(
        "person",
        "Yerzhan Kistafin",
        country="KZ",
        roles=[Role("Ambassador of Kazakhstan to Pakistan", None, "KZ", True)],
    )
    b.ent("country", "Pakistan", country="PK")
    b.ent("country", "Kazakhstan", country="KZ")
    b.ent("location", "Astana", country="KZ")
    out.append(
        _record(
            b,
            title="Kassym-Jomart Tokayev meets Shehbaz Sharif",
            published="2024-07-03",
            source="Akorda",
            url="https://example.org/akorda/tokayev-sharif",
            events=[
                _event(
                    "v1",
                    "meeting",
                    date="2024-07-03",
                    location=Location("Astana", "KZ"),
                    participants=[
                        Participant(tok, "host"),
                        Participant(sha, "visitor"),
                        Participant(kis, "participant"),
                    ],
                    topics=["trade", "transport corridors", "energy"],
                    evidence=[_sentence(t, "met Prime")],
                )
            ],
            statements=[
                Statement(
                    tok,
                    "stress",
                    "that Pakistan is an important partner of Kazakhstan in South Asia",
                    _sentence(t, "stressed"),
                )
            ],
        )
    )

    t = (
        "Deputy Foreign Minister Roman Vassilenko held a phone call with Ambassador Yerzhan Kistafin on "
        "12 August 2024 to discuss the outcomes of the Astana summit.\n\n"
        "Vassilenko said that the summit had opened new opportunities for cooperation."
    )
    b = _Builder(t)
    vas = b.ent(
        "person",
        "Roman Vassilenko",
        "Vassilenko",
        country="KZ",
        roles=[Role("Deputy Foreign Minister", None, "KZ", True)],
    )
    kis = b.ent("person", "Yerzhan Kistafin", country="KZ", roles=[Role("Ambassador", None, "KZ", True)])
    out.append(
        _record(
            b,
            title="Phone call on the outcomes of the Astana summit",
            published="2024-08-12",
            source="Kazakh MFA",
            url=None,
            events=[
                _event(
                    "v1",
                    "phone_call",
                    date="2024-08-12",
                    participants=[Participant(vas, "participant"), Participant(kis, "participant")],
                    topics=["outcomes of the Astana summit"],
                    evidence=[_sentence(t, "held a phone call")],
                )
            ],
            statements=[
                Statement(
                    vas,
                    "say",
                    "that the summit had opened new opportunities for cooperation",
                    _sentence(t, "said that"),
                    direct=False,
                )
            ],
        )
    )

    # A hostile release: markup in the title, in a person's name and in the body.
    t = (
        f"Envoy {XSS_IMG} met Yerzhan Kistafin in Astana on 20 September 2024. "
        f'The statement read: {XSS_SCRIPT} and "><svg onload=alert(1)>.\n\n'
        f'{XSS_IMG} said that "all markup must stay text".'
    )
    b = _Builder(t)
    bad = b.ent("person", XSS_IMG, country="KZ", roles=[Role(XSS_SCRIPT, None, None, True)])
    kis = b.ent("person", "Yerzhan Kistafin", country="KZ")
    b.ent("location", "Astana", country="KZ")
    out.append(
        _record(
            b,
            title=f"{XSS_SCRIPT} Visit of the envoy",
            published="2024-09-20",
            source="Kazakh MFA",
            url="javascript:alert(1)",
            events=[
                _event(
                    "v1",
                    "visit",
                    name=f"{XSS_SCRIPT}",
                    date="2024-09-20",
                    location=Location("Astana", "KZ"),
                    participants=[Participant(bad, "visitor"), Participant(kis, "host")],
                    topics=[XSS_IMG],
                    evidence=[_sentence(t, "met Yerzhan")],
                )
            ],
            statements=[
                Statement(bad, "say", '"all markup must stay text"', (t.rindex(XSS_IMG), len(t)), direct=True)
            ],
        )
    )
    return out


FIRST = [
    "Aigerim",
    "Daniyar",
    "Olga",
    "Marat",
    "Li",
    "Ahmed",
    "Sara",
    "Yuki",
    "Pedro",
    "Ivan",
    "Amina",
    "Bakhyt",
    "Chen",
    "Fatima",
    "Hans",
    "Nurlan",
    "Zhanna",
    "Omar",
    "Elena",
    "Kenji",
]
LAST = [
    "Suleimenov",
    "Ivanova",
    "Khan",
    "Wang",
    "Tanaka",
    "Garcia",
    "Muller",
    "Nazarbayev",
    "Ali",
    "Smith",
    "Petrov",
    "Abdulla",
    "Sato",
    "Rossi",
    "Kim",
    "Omarov",
    "Dubois",
    "Novak",
    "Silva",
    "Yilmaz",
]
COUNTRIES = [
    ("KZ", "Kazakhstan"),
    ("PK", "Pakistan"),
    ("CN", "China"),
    ("RU", "Russia"),
    ("TR", "Turkey"),
    ("DE", "Germany"),
    ("JP", "Japan"),
    ("US", "United States"),
    ("IN", "India"),
    ("FR", "France"),
]
TYPES = [
    "meeting",
    "visit",
    "phone_call",
    "consultations",
    "conference",
    "round_table",
    "signing",
    "seminar",
    "summit",
    "credentials",
    "cultural_event",
]
TOPICS = [
    "trade",
    "energy",
    "regional security",
    "transport",
    "education",
    "culture",
    "investment",
    "climate",
    "water resources",
    "digitalisation",
]
WORDS = [
    "cooperation",
    "partnership",
    "bilateral",
    "relations",
    "investment",
    "energy",
    "transit",
    "corridor",
    "agenda",
    "region",
    "development",
    "dialogue",
    "strategic",
    "economic",
    "humanitarian",
    "mutual",
    "interest",
    "forum",
    "delegation",
    "ministry",
]


def synthetic_records(n: int, seed: int = 7) -> list[Record]:
    """`n` varied records (about 40 people in 10 countries) for load tests."""
    rng = random.Random(seed)
    people = [(f"{FIRST[i % 20]} {LAST[(i * 7) % 20]}", COUNTRIES[i % 10]) for i in range(40)]
    out = []
    for i in range(n):
        a, c = rng.sample(people, 2)
        etype = rng.choice(TYPES)
        month = 1 + i % 12
        year = 2020 + (i // 12) % 5
        date = f"{year}-{month:02d}-{1 + i % 28:02d}"
        filler = " ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 160)))
        t = (
            f"{a[0]} held a {etype.replace('_', ' ')} with {c[0]} of {c[1][1]} on {date}. "
            f"{a[0].split()[1]} said that {filler}.\n\nThe sides discussed {rng.choice(TOPICS)} "
            f"and {rng.choice(TOPICS)}. Item {i}."
        )
        b = _Builder(t)
        ea = b.ent(
            "person",
            a[0],
            a[0].split()[1],
            country=a[1][0],
            roles=[
                Role(
                    rng.choice(["Minister of Foreign Affairs", "Ambassador", "Deputy Minister"]),
                    None,
                    a[1][0],
                    True,
                )
            ],
        )
        ec = b.ent("person", c[0], country=c[1][0])
        b.ent("country", c[1][1], country=c[1][0])
        out.append(
            _record(
                b,
                title=f"{a[0]} and {c[0]}: {etype.replace('_', ' ')} #{i}",
                published=date,
                source=rng.choice(["Kazakh MFA", "Akorda", "MFA Pakistan", "News Agency"]),
                url=None,
                events=[
                    _event(
                        "v1",
                        etype,
                        date=date,
                        participants=[Participant(ea, "host"), Participant(ec, "participant")],
                        topics=rng.sample(TOPICS, 2),
                        evidence=[(0, t.index(".") + 1)],
                    )
                ],
                statements=[
                    Statement(
                        ea, "say", filler[:80], (t.index(". ") + 2, t.index(".", t.index(". ") + 2) + 1)
                    )
                ],
            )
        )
    return out
