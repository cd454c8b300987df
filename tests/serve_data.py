"""Documents for the server's tests: coded by hand (no pipeline), with a merged event of two
independent sources, an exact copy, a document id with a slash, and an article of XSS payloads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from redline.ingestion import ingest
from redline.records import Actor, Document, Entity, Event, Place, RawInput, Removal
from redline.store import Store

TOKEN_NAME = "REDLINE_TOKEN"
XSS_TITLE = "<script>window.__pwned = 1</script>Evil title"
XSS_TEXT = 'Israel struck <img src=x onerror="window.__pwned = 1"> targets in Lebanon on Wednesday. <a href="javascript:window.__pwned=1">click</a>'
XSS_URL = "javascript:window.__pwned = 1"
XSS_ACTOR = '<b onmouseover="window.__pwned = 1">Israel</b>'
KYIV = dict(name="Kyiv", country="UKR", admin1="Kyiv City", lat=50.45, lon=30.52, feature="city")
MINSK = dict(name="Minsk", country="BLR", admin1="Minsk City", lat=53.9, lon=27.57, feature="city")
BEIRUT = dict(name="Beirut", country="LBN", admin1="Beyrouth", lat=33.89, lon=35.5, feature="city")


def _event(text: str, evidence: str, event: str, actor: str, recipient: str | None, date: str, place: dict,
           mode: list[str] | None = None, confidence: float = 0.7, actor_text: str | None = None,
           context: list[str] | None = None) -> Event:  # fmt: skip
    start = text.index(evidence)
    return Event(
        event=event,  # type: ignore[arg-type]
        actor=[Actor(actor_text or actor, actor, "GOV")],
        recipient=[Actor(recipient, recipient)] if recipient else [],
        date=date,
        date_granularity="day",
        event_text=evidence,
        evidence={"start": start, "end": start + len(evidence)},
        mode=list(mode or []),  # type: ignore[arg-type]
        context=list(context or []),
        place=Place(text=place["name"], start=0, end=0, **place),
        confidence=confidence,
    )


def documents() -> list[Document]:
    t1 = ("Russian missiles struck Kyiv on Tuesday, officials said. "
          "Moscow warned Ukraine of more strikes on Wednesday.")  # fmt: skip
    d1 = Document(id="kyiv-1", path="kyiv-1", title="Missiles strike Kyiv", published="2024-07-02",
                  publisher="Wire A", url="https://a.example/kyiv-1", text=t1,
                  removals=[Removal("Subscribe to our newsletter", "solicitation")],
                  entities=[Entity("Kyiv", t1.index("Kyiv"), t1.index("Kyiv") + 4, "GPE", "UKR")],
                  events=[_event(t1, "Russian missiles struck Kyiv on Tuesday", "ASSAULT", "RUS", "UKR",
                                 "2024-07-02", KYIV, ["aerial"], 0.8, context=["military"]),
                          _event(t1, "Moscow warned Ukraine of more strikes", "THREATEN", "RUS", "UKR",
                                 "2024-07-03", KYIV, ["violence"], 0.6)])  # fmt: skip
    t2 = "An overnight missile attack by Russia hit the Ukrainian capital Kyiv, the mayor said."
    d2 = Document(id="kyiv-2", path="kyiv-2", title="Capital hit overnight", published="2024-07-02",
                  publisher="Paper B", text=t2,
                  events=[_event(t2, "An overnight missile attack by Russia hit the Ukrainian capital Kyiv",
                                 "ASSAULT", "RUS", "UKR", "2024-07-02", KYIV, ["aerial"], 0.7)])  # fmt: skip
    t3 = "Belarus moved troops toward its southern border near Minsk on Saturday."
    d3 = Document(id="folder/blr 1.txt", path="folder/blr 1.txt", title="Belarus moves troops",
                  published="2024-08-10", publisher="Paper C", text=t3,
                  events=[_event(t3, "Belarus moved troops toward its southern border", "MOBILIZE", "BLR", None,
                                 "2024-08-10", MINSK, ["troops"], 0.5)])  # fmt: skip
    d4 = Document(id="xss", path="xss", title=XSS_TITLE, published="2024-06-12", publisher="<i>Evil</i> Daily",
                  url=XSS_URL, text=XSS_TEXT,
                  removals=[Removal('<script>window.__pwned = 2</script>', "share")],
                  events=[_event(XSS_TEXT, XSS_TEXT[:XSS_TEXT.index(" on Wednesday")], "ASSAULT", "ISR", "LBN",
                                 "2024-06-12", BEIRUT, ["aerial"], 0.9, actor_text=XSS_ACTOR)])  # fmt: skip
    d5 = Document(id="kyiv-1-copy", path="kyiv-1-copy", title="Missiles strike Kyiv", published="2024-07-03",
                  publisher="Aggregator", text=t1, events=[
                      _event(t1, "Russian missiles struck Kyiv on Tuesday", "ASSAULT", "RUS", "UKR", "2024-07-02",
                             KYIV, ["aerial"], 0.8, context=["military"])])  # fmt: skip
    return [d1, d2, d3, d4, d5]


def build(path: Path) -> Path:
    """A store of :func:`documents` at ``path``."""
    with Store(path) as store:
        summary = ingest(documents(), store)
    assert summary.stored == 5, summary
    return path


class FakePipeline:
    """Codes "X attacked Y" as ASSAULT RUS -> UKR dated 2024-07-05; input errors pass through."""

    def process(self, raws: Iterable[RawInput]) -> Iterator[Document]:
        for raw in raws:
            if raw.error or raw.content is None:
                yield Document(id=raw.id, path=raw.path, error=raw.error or f"{raw.path}: empty")
                continue
            text = raw.content.strip()
            title, _, body = text.partition("\n")
            doc = Document(
                id=raw.id,
                path=raw.path,
                title=title,
                text=body.strip() or title,
                published=raw.meta.get("published") or raw.meta.get("published_default") or "2024-07-05",
            )
            if "attacked" in doc.text:
                doc.events.append(_event(doc.text, doc.text.split(".")[0], "ASSAULT", "RUS", "UKR", "2024-07-05",
                                         KYIV, ["aerial"], 0.7))  # fmt: skip
            yield doc
