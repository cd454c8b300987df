"""The ingestion service: inputs -> pipeline -> stories -> store -> merged events -> alerts.

:func:`ingest` is the use-case behind ``redline ingest`` and ``redline.ingest``; the CLI only
parses arguments and prints its :class:`IngestSummary`. It accepts paths (files, folders,
``-`` for stdin), :class:`RawInput` records, JSON news records (dicts as a JSONL line would
hold them) and Documents already made by a pipeline (stored as they are).

The pure parts live in :mod:`redline.corroborate` (near-duplicate index, event merging,
escalation index, alert rules). This module feeds them from the store and writes back:

1. :class:`StoryTracker` loads the near-duplicate index (saved in the store, else rebuilt
   from the stored documents), gives each new document its ``duplicate_of``, kind and story
   before it is stored, and reports earlier documents whose earliest copy changed;
   The index stays in memory for the next ingest of the same process (a watcher) and is
   saved now and then; a saved index behind the store catches up with the missing documents;
2. :func:`refresh` (:mod:`redline.corroboration`) merges the new event reports into the
   stored merged events -- incrementally, with the result of merging everything again (the
   merge is a function of the set of reports, so ingest order does not matter) -- and fires
   the alert rules on what changed, each (rule, key) once.
"""

from __future__ import annotations

import dataclasses
import gc
import io
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np

from redline.corroborate.alerts import Alert, load_rules
from redline.corroborate.dedup import Assignment, DedupConfig, DedupIndex, DocKey
from redline.corroborate.merge import MergeConfig
from redline.corroboration import refresh
from redline.inputs import MAX_BYTES, default_published, iter_inputs, raw_from_record
from redline.records import Document, PipelineFactory, PipelineLike, RawInput
from redline.store import Store, document_hash

__all__ = [
    "IngestSummary",
    "InputItem",
    "Settings",
    "StoryTracker",
    "ingest",
    "load_settings",
    "refresh",
]

InputItem: TypeAlias = str | os.PathLike[str] | RawInput | Mapping[str, Any] | Document
"""One thing to ingest: a path (file, folder, ``-``), a RawInput, a JSON news record or a Document."""
Settings: TypeAlias = tuple[DedupConfig, MergeConfig]


@dataclass
class IngestSummary:
    """What one :func:`ingest` call did.

    ``stored``, ``duplicate`` and ``failed`` count this call's documents (``duplicate``: the
    very same document was stored before; copies of a story under other ids are stored);
    ``stories``, ``copies`` (documents that copy or rewrite an earlier one) and
    ``merged_events`` describe the whole store afterwards; ``alerts`` are the alerts fired
    now; ``errors`` the messages of failed documents and of a failed corroboration step.
    """

    stored: int = 0
    duplicate: int = 0
    failed: int = 0
    stories: int = 0
    copies: int = 0
    merged_events: int = 0
    alerts: list[Alert] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def documents(self) -> int:
        """How many documents this call saw (stored, duplicate or failed)."""
        return self.stored + self.duplicate + self.failed

    @property
    def ok(self) -> bool:
        """True when nothing failed (no document and no corroboration step)."""
        return not self.errors


def ingest(
    inputs: InputItem | Iterable[InputItem],
    store: Store | str | os.PathLike[str],
    *,
    pipeline: PipelineLike | PipelineFactory | None = None,
    workers: int = 1,
    alerts: str | os.PathLike[str] | None = None,
    settings: str | os.PathLike[str] | Settings | None = None,
    max_bytes: int = MAX_BYTES,
    published: str | None = None,
    on_error: Callable[[str], None] | None = None,
    on_alert: Callable[[Alert], None] | None = None,
    progress: Callable[[Iterator[Document]], Iterable[Document]] | None = None,
    recompute: bool = False,
    totals: bool = True,
) -> IngestSummary:
    """Code, store and corroborate ``inputs``; return what happened.

    ``inputs``: one item or an iterable of items (:data:`InputItem`), read lazily in order.
    ``store``: an open :class:`Store` (left open) or a database path (opened and closed here).
    ``pipeline``: what codes RawInputs -- a pipeline, a factory called with ``workers`` when
    the first input needs coding, or None for the process's shared
    :func:`redline.pipeline.shared_pipeline`. ``alerts``: a rule file (default: the packaged
    rules); ``settings``: a ``{dedup: ..., merge: ...}`` YAML file or ``(DedupConfig,
    MergeConfig)``. ``max_bytes`` limits each file read; ``published`` is the publication date
    of inputs that state none (never of one that does). ``on_error(message)`` hears each
    failure, ``on_alert(alert)`` each new alert as they happen; ``progress`` wraps the stream
    of documents (e.g. a progress bar). ``recompute``: merge every stored report again
    instead of only the new ones (the same result; the escape hatch). ``totals=False`` leaves
    the summary's whole-store counts (``stories``, ``copies``, ``merged_events``) at 0: counting
    the stories reads every stored document (a watcher, which does not report them, skips it).

    A bad rule or settings file raises ValueError and a database that cannot be used raises
    :class:`~redline.store.StoreError`, both before any work. Bad inputs never raise: each
    becomes a failed document (in ``errors`` and the store's errors table) and the rest goes
    on. A failing corroboration step leaves the documents stored (the next ingest merges again).
    """
    # a bad rule or settings file fails before any work is done
    rules = load_rules(None if alerts is None else os.fspath(alerts))
    dedup_config, merge_config = settings if isinstance(settings, tuple) else load_settings(settings)
    if not isinstance(store, Store):
        with Store(Path(store)) as opened:
            return ingest(
                inputs, opened, pipeline=pipeline, workers=workers, alerts=alerts,
                settings=(dedup_config, merge_config), max_bytes=max_bytes, published=published,
                on_error=on_error, on_alert=on_alert, progress=progress, recompute=recompute,
                totals=totals,
            )
    summary = IngestSummary()

    def failed(message: str) -> None:
        summary.errors.append(message)
        if on_error is not None:
            on_error(message)

    tracker = StoryTracker.open(store, dedup_config)

    def stored(doc: Document) -> bool:
        return store.has_document(doc.id, document_hash(doc))

    documents = _documents(_stream(inputs, max_bytes, published), pipeline, workers, stored)
    for doc in progress(documents) if progress is not None else documents:
        try:
            if not doc.error and not store.has_document(doc.id, document_hash(doc)):
                tracker.assign(doc)
            status = store.add(doc)
        except Exception as exc:  # one bad record must not sink the batch; add() rolled back
            status = "error"
            doc.error = f"{doc.path}: could not store ({type(exc).__name__}: {exc})"
            store.record_error(doc.path or doc.id, doc.error)
        if status == "stored":
            summary.stored += 1
        elif status == "duplicate":
            summary.duplicate += 1
        else:
            summary.failed += 1
            tracker.refused(doc)
            failed(doc.error or f"{doc.path}: not stored")
    try:
        tracker.save()
    except Exception as exc:  # the documents are stored; the next ingest assigns them again
        StoryTracker.forget(store)
        failed(f"story assignment failed ({type(exc).__name__}: {exc}); documents are stored")
    try:
        summary.alerts = refresh(store, rules, merge_config, full=recompute)
    except Exception as exc:  # the documents are stored; the next ingest merges again
        failed(f"corroboration failed ({type(exc).__name__}: {exc}); documents are stored")
    if on_alert is not None:
        for alert in summary.alerts:
            on_alert(alert)
    if totals:
        summary.merged_events = store.count("merged_events")
        summary.stories, summary.copies = store.story_counts()
    return summary


def _items(inputs: InputItem | Iterable[InputItem]) -> Iterator[Any]:
    if isinstance(inputs, str | os.PathLike | RawInput | Document | Mapping):
        yield inputs
    else:
        yield from inputs


def _stream(
    inputs: InputItem | Iterable[InputItem], max_bytes: int, published: str | None = None
) -> Iterator[RawInput | Document]:
    """RawInputs (paths read, records converted) and ready Documents, in input order."""
    for item in _raw_stream(inputs, max_bytes):
        yield default_published(item, published) if isinstance(item, RawInput) else item


def _raw_stream(inputs: InputItem | Iterable[InputItem], max_bytes: int) -> Iterator[RawInput | Document]:
    records = 0
    for item in _items(inputs):
        if isinstance(item, RawInput | Document):
            yield item
        elif isinstance(item, Mapping):
            records += 1
            yield raw_from_record(item, f"<record {records}>")
        elif isinstance(item, str | os.PathLike):
            yield from iter_inputs([os.fspath(item)], max_bytes=max_bytes)
        else:
            name = f"<{type(item).__name__}>"
            reason = f"{name}: cannot ingest a {type(item).__name__} (give a path, a record or a Document)"
            yield RawInput(id=name, path=name, format="record", error=reason)


def _documents(
    stream: Iterator[RawInput | Document],
    pipeline: PipelineLike | PipelineFactory | None,
    workers: int,
    stored: Callable[[Document], bool] | None = None,
) -> Iterator[Document]:
    """Documents in input order: RawInputs coded by the pipeline (made on first need), Documents as given.

    A pipeline whose ``process`` takes ``skip`` (:class:`redline.pipeline.Pipeline`) is asked
    to skip documents ``stored`` already: they are cleaned but not parsed again."""
    made: list[PipelineLike] = []

    def coder() -> PipelineLike:
        if not made:
            if isinstance(pipeline, PipelineLike):
                made.append(pipeline)
            elif pipeline is not None:
                made.append(pipeline(workers))
            else:
                from redline.pipeline import shared_pipeline

                made.append(shared_pipeline(workers))
        return made[0]

    for ready, group in itertools.groupby(stream, key=lambda item: isinstance(item, Document)):
        if ready:
            yield from (item for item in group if isinstance(item, Document))
        else:
            raws = (item for item in group if isinstance(item, RawInput))
            made_coder = coder()
            if stored is not None and getattr(made_coder, "skips", False):
                yield from made_coder.process(raws, skip=stored)  # type: ignore[call-arg]
            else:
                yield from made_coder.process(raws)


def load_settings(path: str | os.PathLike[str] | None) -> Settings:
    """Thresholds from a YAML file ``{dedup: {field: value}, merge: {field: value}}`` (fields of
    :class:`DedupConfig` and :class:`MergeConfig`; anything left out keeps its default)."""
    if path is None:
        return DedupConfig(), MergeConfig()
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read settings ({exc})") from exc
    if not isinstance(data, dict) or set(data) - {"dedup", "merge"}:
        raise ValueError(f"{path}: expected a mapping with 'dedup' and/or 'merge'")
    given = {name: data.get(name) or {} for name in ("dedup", "merge")}
    for name, cls in (("dedup", DedupConfig), ("merge", MergeConfig)):
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(given[name]) - known if isinstance(given[name], dict) else {"?"}
        if unknown:
            raise ValueError(f"{path}: unknown {name} settings {sorted(unknown)}; known: {sorted(known)}")
    return DedupConfig(**given["dedup"]), MergeConfig(**given["merge"])


def state_to_bytes(state: dict[str, Any]) -> bytes:
    """A :meth:`DedupIndex.to_state` dict as one ``.npz`` blob (lists and config as JSON)."""
    arrays: dict[str, Any] = {k: v for k, v in state.items() if isinstance(v, np.ndarray)}
    arrays["__plain__"] = np.frombuffer(
        json.dumps({k: v for k, v in state.items() if not isinstance(v, np.ndarray)}).encode("utf-8"),
        dtype=np.uint8,
    )
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def state_from_bytes(blob: bytes) -> dict[str, Any]:
    with np.load(io.BytesIO(blob), allow_pickle=False) as data:
        state = {k: data[k] for k in data.files if k != "__plain__"}
        state.update(json.loads(bytes(data["__plain__"]).decode("utf-8")))
    return state


def _inode(store: Store) -> int | None:
    try:
        return store.path.stat().st_ino
    except OSError:
        return None


class StoryTracker:
    """Assigns new documents to stories against everything already stored.

    :meth:`open` keeps one tracker per store and settings for the life of the process, so a
    process that ingests again (a watcher) neither reloads nor rebuilds the index; the index
    is saved to the store when it has grown by a twentieth since it was last saved (and on
    the first save of a process), and a saved index that misses documents stored later is
    brought up to date from them when loaded.
    """

    _open: dict[tuple[str, DedupConfig], StoryTracker] = {}

    @classmethod
    def open(cls, store: Store, config: DedupConfig | None = None) -> StoryTracker:
        """The process's tracker of this store (made, or checked against the store and reused)."""
        config = config or DedupConfig()
        key = (str(store.path.resolve()), config)
        tracker = cls._open.get(key)
        if tracker is not None and tracker.inode != _inode(store):
            tracker = None  # another database at the same path
        if tracker is not None and tracker.consistent and tracker.seen == store.last_document():
            tracker.store = store
            return tracker
        tracker = cls(store, config)
        cls._open[key] = tracker
        return tracker

    @classmethod
    def forget(cls, store: Store) -> None:
        """Drop the kept trackers of a store (after a failure: the next ingest loads again)."""
        path = str(store.path.resolve())
        for key in [k for k in cls._open if k[0] == path]:
            del cls._open[key]

    def __init__(self, store: Store, config: DedupConfig | None = None):
        self.store = store
        self.config = config or DedupConfig()
        self.changed: dict[str, Assignment] = {}
        # False once the index and the store disagree (a refused document, a new version of a
        # stored one): the index is then rebuilt from the store when saved.
        self.consistent = True
        self.saved = 0  # documents in the index when it was last saved by this process
        self.index = self._load()
        # The index lives as long as the process: its millions of objects are moved out of the
        # cycle collector's reach, or a full collection now and then (about a second at 100,000
        # documents) stalls whichever article happens to trigger it.
        gc.freeze()
        self.seen = store.last_document()
        self.inode = _inode(store)

    def _load(self, use_saved: bool = True) -> DedupIndex:
        ids = self.store.document_ids()
        saved = self.store.load_dedup_state() if use_saved else None
        if saved is not None and saved[0] <= len(ids):
            try:
                index = DedupIndex.from_state(state_from_bytes(saved[1]))
                missing = set(ids) - set(index.ids)
                if index.config == self.config and len(index) + len(missing) == len(ids):
                    self.saved = len(index)
                    if missing:  # stored after the index was saved: add them now
                        self._add_stored(index, missing)
                    return index
            except (ValueError, KeyError, OSError, TypeError):
                pass  # an unreadable or outdated state: rebuild it
        index = DedupIndex(self.config)
        if ids:
            # rebuilt (first use, other thresholds, or an index that fell behind the store):
            # its assignments replace the stored ones
            self._add_stored(index, None)
        return index

    def _add_stored(self, index: DedupIndex, only: set[str] | None) -> None:
        stored = self.store.dedup_inputs()
        keys = [DocKey(i, text or "", title, published) for i, text, title, published in stored
                if only is None or i in only]  # fmt: skip
        if keys:
            result = index.add_many(keys)
            self.changed.update((a.id, a) for a in result.assignments)

    def assign(self, document: Document) -> None:
        """Set the document's ``duplicate_of``, ``duplicate_kind`` and ``story_id``."""
        if document.error:
            return
        if document.id in self.index:  # a new version of a stored document: rebuild at the end
            self.consistent = False
            return
        match = self.index.add(DocKey(document.id, document.text, document.title, document.published))
        document.duplicate_of = match.duplicate_of
        document.duplicate_kind = match.kind
        document.story_id = match.story
        for earlier in match.changed:
            self.changed[earlier.id] = earlier

    def refused(self, document: Document) -> None:
        """The store did not take a document the index now holds."""
        if document.id in self.index:
            self.consistent = False

    def save(self) -> None:
        """Write changed assignments of earlier documents (noting them for the next merge) and,
        now and then, the index itself."""
        if not self.consistent:
            self.changed.clear()
            self.index = self._load(use_saved=False)
            gc.freeze()
            self.consistent = True
            self.saved = 0
        if self.changed:
            stored_ids = set(self.store.document_ids())
            self.store.set_duplicates_pending(
                [(a.id, a.duplicate_of, a.kind, a.story) for a in self.changed.values() if a.id in stored_ids]
            )
        self.changed.clear()
        self.seen = self.store.last_document()
        if self.seen[0] == len(self.index) and (not self.saved or len(self.index) >= self.saved * 1.05):
            self.store.save_dedup_state(len(self.index), state_to_bytes(self.index.to_state()))
            self.saved = len(self.index)
