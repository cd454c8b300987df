import os
from pathlib import Path

import pytest

from redline.records import Actor, MergedEvent

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# a time rule whose handler raises fails the test (production logs it and skips the match)
os.environ.setdefault("REDLINE_STRICT", "1")


def _pipeline():
    """The session's one real pipeline (the same one ``redline.extract`` and ``redline.ingest`` use)."""
    from redline.pipeline import shared_pipeline

    return shared_pipeline()


@pytest.fixture(scope="session")
def code_text():
    """Annotate and code a cleaned article body: ``code_text(text, published) -> Document``."""
    from redline.records import Document

    def run(text: str, published: str = "2025-03-13"):
        document = _pipeline().code_document(Document(id="t", path="t", text=text, published=published))
        assert document.error is None, document.error
        return document

    return run


@pytest.fixture
def shared_dir():
    if not (SHARED / "acceptance" / "gold.json").exists():
        pytest.skip("../shared is not available")
    return SHARED


def merged_event(
    eid: str,
    event: str,
    day: str | None,
    actors=("RUS",),
    recipients=("UKR",),
    mode=(),
    context=(),
    sources=1,
    confidence=0.8,
    score=None,
    granularity="day",
) -> MergedEvent:
    """A merged event for tests of the escalation index and alerts."""

    return MergedEvent(
        id=eid,
        event=event,
        actor=[Actor(entity_text=c, code=c) for c in actors],
        recipient=[Actor(entity_text=c, code=c) for c in recipients],
        date=day,
        date_granularity=granularity,
        reports=[],
        sources=sources,
        first_reported=day,
        best_evidence="",
        mode=list(mode),
        context=list(context),
        score=score,
        confidence=confidence,
    )
