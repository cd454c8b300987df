"""The corroborate step of ``redline ingest``, at the edge where the store is.

The pure parts live in :mod:`redline.corroborate` (near-duplicate index, event merging,
escalation index, alert rules). This module feeds them from the store and writes back:

1. :class:`StoryTracker` loads the near-duplicate index (saved in the store, else rebuilt
   from the stored documents), gives each new document its ``duplicate_of``, kind and story
   before it is stored, and reports earlier documents whose earliest copy changed;
2. :func:`refresh` merges every stored event report into merged events (the merge is a
   function of the set of reports, so ingest order does not matter) and fires the alert
   rules on them, each (rule, key) once.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np

from redline.corroborate.alerts import Alert, evaluate_alerts, load_rules
from redline.corroborate.dedup import Assignment, DedupConfig, DedupIndex, DocKey
from redline.corroborate.merge import MergeConfig, merge_reports
from redline.records import Document
from redline.store import Store


def load_settings(path: str | Path | None) -> tuple[DedupConfig, MergeConfig]:
    """Thresholds from a YAML file ``{dedup: {field: value}, merge: {field: value}}`` (fields of
    :class:`DedupConfig` and :class:`MergeConfig`; anything left out keeps its default)."""
    if path is None:
        return DedupConfig(), MergeConfig()
    import dataclasses

    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read settings ({exc})") from exc
    if not isinstance(data, dict) or set(data) - {"dedup", "merge"}:
        raise ValueError(f"{path}: expected a mapping with 'dedup' and/or 'merge'")
    configs = []
    for name, cls in (("dedup", DedupConfig), ("merge", MergeConfig)):
        given = data.get(name) or {}
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(given) - known if isinstance(given, dict) else {"?"}
        if unknown:
            raise ValueError(f"{path}: unknown {name} settings {sorted(unknown)}; known: {sorted(known)}")
        configs.append(cls(**given))
    return configs[0], configs[1]


def state_to_bytes(state: dict) -> bytes:
    """A :meth:`DedupIndex.to_state` dict as one ``.npz`` blob (lists and config as JSON)."""
    arrays = {k: v for k, v in state.items() if isinstance(v, np.ndarray)}
    plain = {k: v for k, v in state.items() if not isinstance(v, np.ndarray)}
    buffer = io.BytesIO()
    np.savez(buffer, __plain__=np.frombuffer(json.dumps(plain).encode("utf-8"), dtype=np.uint8), **arrays)
    return buffer.getvalue()


def state_from_bytes(blob: bytes) -> dict:
    with np.load(io.BytesIO(blob), allow_pickle=False) as data:
        state = {k: data[k] for k in data.files if k != "__plain__"}
        state.update(json.loads(bytes(data["__plain__"]).decode("utf-8")))
    return state


class StoryTracker:
    """Assigns new documents to stories against everything already stored."""

    def __init__(self, store: Store, config: DedupConfig | None = None):
        self.store = store
        self.config = config or DedupConfig()
        self.changed: dict[str, Assignment] = {}
        # False once the index and the store disagree (a refused document, a new version of a
        # stored one): the index is then rebuilt from the store when saved.
        self.consistent = True
        self.index = self._load()

    def _load(self, use_saved: bool = True) -> DedupIndex:
        ids = self.store.document_ids()
        saved = self.store.load_dedup_state() if use_saved else None
        if saved is not None and saved[0] == len(ids):
            try:
                index = DedupIndex.from_state(state_from_bytes(saved[1]))
                if index.config == self.config and set(index.ids) == set(ids):
                    return index
            except (ValueError, KeyError, OSError, TypeError):
                pass  # an unreadable or outdated state: rebuild it
        index = DedupIndex(self.config)
        stored = self.store.dedup_inputs() if ids else []
        if stored:
            # rebuilt (first use, other thresholds, or an index that fell behind the store):
            # its assignments replace the stored ones
            keys = [DocKey(i, text or "", title, published) for i, text, title, published in stored]
            result = index.add_many(keys)
            self.changed.update((a.id, a) for a in result.assignments)
        return index

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
        """Write changed assignments of earlier documents and the index itself."""
        if not self.consistent:
            self.changed.clear()
            self.index = self._load(use_saved=False)
            self.consistent = True
        stored_ids = set(self.store.document_ids())
        self.store.set_duplicates(
            [(a.id, a.duplicate_of, a.kind, a.story) for a in self.changed.values() if a.id in stored_ids]
        )
        self.changed.clear()
        if len(stored_ids) == len(self.index):
            self.store.save_dedup_state(len(self.index), state_to_bytes(self.index.to_state()))


def refresh(
    store: Store, rules_path: str | Path | None = None, config: MergeConfig | None = None
) -> list[Alert]:
    """Re-merge all stored event reports and fire new alerts; returns the alerts fired now."""
    merged = merge_reports(store.event_reports(), config)
    store.replace_merged(merged)
    alerts = evaluate_alerts(load_rules(rules_path), merged, already_fired=store.fired_alerts())
    # A merged event is renamed when an older report of it arrives; an event rule that fired
    # on any of its reports has fired for it already.
    reports = {m.id: [f"{r.doc_id}#{r.idx}" for r in m.reports] for m in merged}
    fired = store.fired_alert_reports()
    fresh = [a for a in alerts if not any((a.rule_id, k) in fired for k in reports.get(a.key, ()))]
    store.add_alerts(fresh, reports)
    return fresh
