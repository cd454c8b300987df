import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@functools.cache
def _coding_parts():
    from redline.code import EventCoder
    from redline.pipeline import load_nlp

    return load_nlp(), EventCoder.load()


@pytest.fixture(scope="session")
def code_text():
    """Annotate and code a cleaned article body: ``code_text(text, published) -> Document``."""
    from redline.annotate import annotate
    from redline.records import Document

    def run(text: str, published: str = "2025-03-13"):
        nlp, coder = _coding_parts()
        document = Document(id="t", path="t", text=text, published=published)
        sdoc = nlp(text)
        annotate(document, sdoc, coder.actors)
        document.events = coder.code(document, sdoc)
        return document

    return run


@pytest.fixture
def shared_dir():
    if not (SHARED / "acceptance" / "gold.json").exists():
        pytest.skip("../shared is not available")
    return SHARED
