"""The records that flow through redline's stages, the types of their coded fields, the pipeline protocol.

One :class:`Document` is made from a :class:`RawInput` (read by :mod:`redline.inputs`),
filled in by clean, annotate and code, and written out by store/CLI. ``Document.to_dict()``
is the *document record* of the output contract (field names follow the acceptance README and PLOVER v0.8).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol, TypeAlias, runtime_checkable

InputFormat: TypeAlias = Literal["text", "html", "record"]

# The values of the records' coded fields (tests check them against the PLOVER codebook,
# src/redline/data/plover/codebook.json, which stays their source).
EventType: TypeAlias = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
"""A PLOVER v0.8 event type, in the codebook's order (cooperation to conflict)."""
EventMode: TypeAlias = Literal[
    "visit", "third-party", "multilateral", "phone",  # CONSULT
    "withdraw", "release", "disarm", "ceasefire", "access", "resign",  # RETREAT
    "assist", "change", "yield", "meet",  # REQUEST, REJECT
    "disapprove", "investigate", "allege",  # ACCUSE
    "restrict", "arrest", "relations", "expel", "territory", "violence",  # THREATEN
    "demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize",  # PROTEST
    "convict", "discontinue",  # SANCTION (with expel, withdraw)
    "troops", "weapons", "police", "militia",  # MOBILIZE
    "seize", "censor", "curfew", "martial-law", "deport", "withhold", "misinformation", "cyber",  # COERCE
    "abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",  # ASSAULT
    "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "unconventional",
]
"""A mode specific to an event type (PLOVER's per-type modes)."""
AuxMode: TypeAlias = Literal["historical", "future", "hypothetical", "negation"]
"""A mode any event type can take."""
Mode: TypeAlias = EventMode | AuxMode
DateSource: TypeAlias = Literal["clause", "report", "context", "publication", "unresolved"]
"""Where an event's date came from: its own clause, the statement reporting it, the
paragraph's or lead's time, or (fallback) the publication day."""
DateGranularity: TypeAlias = Literal["day", "weekend", "week", "month", "year"]
"""How precise an event's date is (weeks are dated by their Monday, weekends by their Saturday)."""
DuplicateKind: TypeAlias = Literal["exact", "near", "rewrite"]
"""How a document copies the earliest document of its story: exact copy, repost, rewrite."""


@dataclass
class RawInput:
    """One input as read from disk/stdin, before cleaning.

    ``content`` is decoded text (``None`` when reading failed, then ``error`` says why).
    ``meta`` carries fields given by the input itself (JSONL ``title``, ``published``,
    ``url``, ``publisher``...).
    """

    id: str
    path: str
    format: InputFormat
    content: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    encoding: str | None = None
    error: str | None = None


@dataclass
class Removal:
    """A piece of the raw input that cleaning removed, and why."""

    text: str
    reason: str  # e.g. "disclaimer", "solicitation", "caption", "photo_credit", "comment_request"


@dataclass
class TimeExpr:
    """A date/time expression with its TIMEX3 value resolved against the publication date."""

    text: str
    start: int
    end: int
    value: str | None  # TIMEX3 value: 2024-07-02, 2024-06, 2024, 2024-W27, PAST_REF, P2Y ...
    type: str = "DATE"  # DATE | TIME | DURATION | SET
    granularity: str | None = None  # day | week | month | quarter | year | decade | ref | time


@dataclass
class Place:
    text: str
    start: int
    end: int
    name: str | None = None
    country: str | None = None  # ISO 3166 alpha-3
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None  # "country" | "city" | "admin1"


@dataclass
class Entity:
    """A named or typed mention: PERSON, ORG, GPE, NORP, WEAPON, MIL_UNIT ...

    ``code``/``sector`` are PLOVER actor codes when the mention resolves to an actor;
    ``attrs`` holds type-specific facts (weapon class and capability, unit type...).
    """

    text: str
    start: int
    end: int
    label: str
    code: str | None = None
    sector: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class Quote:
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_code: str | None = None
    speaker_sector: str | None = None


@dataclass
class Actor:
    """A PLOVER actor: the text that named it, country/IGO code and sector.

    UN and EU bodies are coded ``IGO`` as in the PLOVER gold standard, with ``org`` naming
    the body (``UNO``, ``EUR``) as the manual's finer codes do.
    """

    entity_text: str
    code: str | None
    sector: str | None = None
    org: str | None = None  # for code "IGO": which body (UNO United Nations, EUR European Union)


@dataclass
class Event:
    """A PLOVER v0.8 event record."""

    event: EventType
    actor: list[Actor]
    recipient: list[Actor]
    date: str | None
    event_text: str
    evidence: dict[str, int]  # {"start": .., "end": ..} offsets into Document.text
    mode: list[Mode] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    date_source: DateSource = "clause"
    date_text: str | None = None
    date_granularity: DateGranularity | None = None
    place: Place | None = None
    claimed_by: Actor | None = None
    score: float | None = None  # PLOVER event+mode score (Goldstein-like, -10..+10)
    confidence: float | None = None
    trigger: str | None = None


def actor_from_dict(data: dict[str, Any] | None) -> Actor | None:
    return None if data is None else Actor(**data)


def place_from_dict(data: dict[str, Any] | None) -> Place | None:
    return None if data is None else Place(**data)


def event_from_dict(data: dict[str, Any]) -> Event:
    """An Event from its ``asdict`` form (as stored and as in document records)."""
    fields = dict(data)
    fields["actor"] = [Actor(**a) for a in data.get("actor") or []]
    fields["recipient"] = [Actor(**a) for a in data.get("recipient") or []]
    fields["place"] = place_from_dict(data.get("place"))
    fields["claimed_by"] = actor_from_dict(data.get("claimed_by"))
    return Event(**fields)


@dataclass
class Document:
    id: str
    path: str
    title: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    section: str | None = None
    publisher: str | None = None  # the site that published this copy
    original_publisher: str | None = None  # who wrote the story, for reposts/wire copy
    author: str | None = None
    site: str | None = None
    url: str | None = None
    dateline: str | None = None
    text: str = ""
    duplicate_of: str | None = None  # the earliest known copy of this story (None if this is it)
    duplicate_kind: DuplicateKind | None = None  # how it copies it (None: it is the earliest)
    story_id: str | None = None  # the story cluster: id of its earliest document
    content_hash: str | None = None
    times: list[TimeExpr] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # events told as history beside the news or as not done (redline.code.background): never merged or counted
    background: list[Event] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class EventReport:
    """One document's account of an event, as the corroborate stage sees it."""

    doc_id: str
    idx: int  # the event's position in its document's events
    event: Event
    published: str | None = None  # when this report appeared
    source: str | None = None  # the earliest copy of the story this document belongs to (itself if original)
    publisher: str | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.doc_id, self.idx)


@dataclass
class ReportRef:
    """A report inside a merged event: where it is and what it said."""

    doc_id: str
    idx: int
    source: str
    published: str | None
    evidence: str
    date: str | None
    confidence: float | None


@dataclass
class MergedEvent:
    """The same event reported by one or more documents, merged into one corroborated record.

    ``sources`` counts independent sources: reports whose documents are copies of one story
    (reposts, near-duplicates) count once.
    """

    id: str
    event: EventType
    actor: list[Actor]
    recipient: list[Actor]
    date: str | None
    date_granularity: DateGranularity | None
    reports: list[ReportRef]
    sources: int
    first_reported: str | None
    best_evidence: str
    mode: list[Mode] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    place: Place | None = None
    claimed_by: Actor | None = None
    score: float | None = None
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def merged_from_dict(data: dict[str, Any]) -> MergedEvent:
    """A MergedEvent from its ``asdict`` form (as stored)."""
    fields = dict(data)
    fields["actor"] = [Actor(**a) for a in data.get("actor") or []]
    fields["recipient"] = [Actor(**a) for a in data.get("recipient") or []]
    fields["reports"] = [ReportRef(**r) for r in data.get("reports") or []]
    fields["place"] = place_from_dict(data.get("place"))
    fields["claimed_by"] = actor_from_dict(data.get("claimed_by"))
    return MergedEvent(**fields)


@runtime_checkable
class PipelineLike(Protocol):
    """Anything that turns RawInputs into Documents, one per input and in order
    (:class:`redline.pipeline.Pipeline`, or a stand-in in tests)."""

    def process(self, raws: Iterable[RawInput]) -> Iterator[Document]: ...


PipelineFactory: TypeAlias = Callable[[int], PipelineLike]
"""Makes a pipeline for a number of parser processes (the CLI's ``--workers``)."""
