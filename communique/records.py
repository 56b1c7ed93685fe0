"""The types every stage consumes and produces.

`Document` is what ingest reads and clean tidies; `Record` is what extract builds and what the
store keeps, the API serves and exports write.  The record's fields follow the contract in
`shared/spec/RECORD.md`; `Record.to_dict()` is its JSON form.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Span = tuple[int, int]
EntityKind = Literal["person", "organization", "country", "location"]
EventType = Literal[
    "meeting", "phone_call", "visit", "consultations", "summit", "conference", "round_table",
    "seminar", "press_event", "signing", "credentials", "award", "cultural_event", "aid", "other",
]
ParticipantRole = Literal[
    "host", "speaker", "guest_of_honor", "moderator", "participant", "visitor", "signatory",
    "delegation_head",
]
EventStatus = Literal["held", "planned"]
ReferenceKind = Literal["article", "speech", "agreement", "document", "report", "book"]


def content_id(text: str) -> str:
    """Stable document id: `sha256:` and the first 16 hex digits of the hash of the text."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Source:
    name: str | None = None
    url: str | None = None
    attribution: str | None = None


@dataclass
class Document:
    """One input document as read by ingest and tidied by clean.

    `text` is the raw body after ingest; clean replaces it with the cleaned body that every
    offset of the record indexes into.  `origin` names where it came from (a path, a path with a
    row number, or `<stdin>`) so that errors and outputs can name it.
    """

    text: str
    origin: str = "<string>"
    title: str | None = None
    published: str | None = None
    source: Source = field(default_factory=Source)
    language: str = "en"
    format: str = "text"
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return content_id(self.text)


@dataclass
class Role:
    title: str
    organization: str | None = None
    country: str | None = None
    current: bool = True


@dataclass
class Entity:
    id: str
    kind: EntityKind
    name: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    roles: list[Role] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["mentions"] = [list(m) for m in self.mentions]
        if self.kind != "person":
            data.pop("roles")
        return data


@dataclass
class Location:
    name: str
    country: str | None = None


@dataclass
class Participant:
    entity: str
    role: ParticipantRole = "participant"


@dataclass
class Event:
    id: str
    type: EventType
    plover: str
    name: str | None = None
    status: EventStatus = "held"
    date: str | None = None
    location: Location | None = None
    organizers: list[str] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["evidence"] = [list(s) for s in self.evidence]
        return data


@dataclass
class Statement:
    speaker: str
    verb: str
    content: str
    span: Span
    direct: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["span"] = list(self.span)
        return data


@dataclass
class Reference:
    kind: ReferenceKind
    title: str
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    date: str | None = None
    span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["span"] = list(self.span) if self.span else None
        return data


@dataclass
class Record:
    id: str
    source: Source
    published: str | None
    title: str | None
    language: str
    text: str
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    origin: str | None = None
    extractor: str | None = None
    # The output file stem (`NAME` of NAME.json); not part of the JSON record.
    name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": asdict(self.source),
            "published": self.published,
            "title": self.title,
            "language": self.language,
            "text": self.text,
            "entities": [e.to_dict() for e in self.entities],
            "events": [e.to_dict() for e in self.events],
            "statements": [s.to_dict() for s in self.statements],
            "references": [r.to_dict() for r in self.references],
            "origin": self.origin,
            "extractor": self.extractor,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        """Rebuild a record from its JSON form (as stored or exported)."""
        ents = [
            Entity(
                id=e["id"], kind=e["kind"], name=e["name"], aliases=list(e.get("aliases") or []),
                country=e.get("country"), roles=[Role(**r) for r in e.get("roles") or []],
                mentions=[tuple(m) for m in e.get("mentions") or []],
            )
            for e in data.get("entities") or []
        ]
        events = [
            Event(
                id=v["id"], type=v["type"], plover=v["plover"], name=v.get("name"),
                status=v.get("status", "held"), date=v.get("date"),
                location=Location(**v["location"]) if v.get("location") else None,
                organizers=list(v.get("organizers") or []),
                participants=[Participant(**p) for p in v.get("participants") or []],
                topics=list(v.get("topics") or []),
                evidence=[tuple(s) for s in v.get("evidence") or []],
            )
            for v in data.get("events") or []
        ]
        statements = [
            Statement(speaker=s["speaker"], verb=s["verb"], content=s["content"],
                      span=tuple(s["span"]), direct=bool(s.get("direct")))
            for s in data.get("statements") or []
        ]
        refs = [
            Reference(kind=r["kind"], title=r["title"], authors=list(r.get("authors") or []),
                      publisher=r.get("publisher"), date=r.get("date"),
                      span=tuple(r["span"]) if r.get("span") else None)
            for r in data.get("references") or []
        ]
        return cls(
            id=data["id"], source=Source(**data.get("source") or {}), published=data.get("published"),
            title=data.get("title"), language=data.get("language", "en"), text=data.get("text", ""),
            entities=ents, events=events, statements=statements, references=refs,
            origin=data.get("origin"), extractor=data.get("extractor"),
        )
