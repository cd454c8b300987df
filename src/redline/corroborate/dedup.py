"""Near-duplicate detection: exact copies, reposts and light rewrites of the same story.

A :class:`DedupIndex` takes documents one at a time (:meth:`DedupIndex.add`) or in batches
(:meth:`DedupIndex.add_many`, much faster) and links two documents when

* **exact**: their bodies are equal after lower-casing and collapsing white space (the
  content hash of :mod:`redline.hashing`, the one the store uses too);
* **near**: the MinHash estimate of the Jaccard similarity of their sets of word
  ``shingle_size``-grams is at least ``jaccard``, or one body is (by the estimate) mostly
  contained in the other (``containment``, guarded by ``containment_min_jaccard``), or the
  estimate is at least ``reworded_jaccard`` and the content-word and date tests of
  rewrites (below) pass. Signatures are computed with numpy for whole batches
  (bit-identical to ``datasketch.MinHash(scheme="affine32")`` updated with the same
  shingle hashes; :meth:`DedupIndex.minhash` gives them as ``LeanMinHash``). Candidate
  pairs come from LSH banding with the buckets of ``datasketch.MinHashLSH(params=(bands,
  rows))``, held in sorted numpy arrays (:class:`_Bands`; ``MinHashLSH`` itself costs
  ~350 µs per document at 42 bands, a third of the time budget at 100,000 documents);
* **rewrite**: the cosine similarity of the static (model2vec) embeddings of title + lead
  (first two sentences) is at least ``embed_cosine`` **and** the Jaccard similarity of
  the bodies' content words (capitalised words and numbers: names, places, figures) is at
  least ``content_jaccard`` **and** the two were published at most ``window_days`` apart
  (undated documents pass the date test). The content-word test keeps apart different
  stories with similar leads ("Russian forces struck Kharkiv ..." vs "... Odesa ...").

Stories are the connected components of these links. Every decision is symmetric and LSH
bucketing does not depend on insertion order, so the components -- and with them each
document's ``duplicate_of`` (the story's earliest document: earliest ``published``, then
smallest id; undated documents count as later than every dated one) -- are the same
whatever order the documents are added in. When a new document changes the assignment of
documents added earlier (it is older than the story's previous earliest document, or it
joins two stories), the result lists those documents in ``changed``.

The index keeps only compact state (a uint32 MinHash signature, a float32 embedding and
a few numbers per document); :meth:`DedupIndex.to_state` / :meth:`DedupIndex.from_state`
save and restore it as plain numpy arrays and lists. Rebuilding by re-adding the stored
documents gives the same result.
"""

from __future__ import annotations

import hashlib
import math
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from redline.hashing import DIGEST_SIZE, HASH_SCHEME, content_digest
from redline.records import DuplicateKind

if TYPE_CHECKING:
    from datasketch import LeanMinHash

MatchKind = DuplicateKind  # the kinds are listed once, in redline.records
KINDS: tuple[MatchKind, ...] = ("rewrite", "near", "exact")  # weakest first; rank = index + 1
_RANK = {kind: rank for rank, kind in enumerate(KINDS, start=1)}

# Words are what remains between white space once punctuation is turned into spaces
# (str.translate + split is twice as fast as a regular expression).
_PUNCTUATION = str.maketrans({c: " " for c in string.punctuation + "‘’“”«»—–…·•|"})
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+")
# Capitalised words that start sentences rather than name things.
_CONTENT_STOP = frozenset(
    """a an the this that these those there then than and but or nor so yet for of in on at to by from with
    as after before during while when where which who whom whose what why how if although though because
    since until unless he she it its they them their his her we our us you your i me my mr mrs ms dr
    mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday
    also meanwhile however earlier later some many most all both each one no not other others another
    according last next more several such over under about into""".split()
)
_SHINGLE_MIX = np.uint64(0x9E3779B97F4A7C15)


class Encoder(Protocol):
    def encode(self, sentences: list[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class DedupConfig:
    """Thresholds of the duplicate detector.

    ``shingle_size`` (4): words per shingle. Each changed word breaks up to this many
        shingles, so smaller tolerates rewording better; larger keeps stories written
        from the same stock phrases apart. 4 is the best trade-off on ``bench/dedup.py``.
    ``num_perm`` (128): MinHash permutations; the Jaccard estimate has a standard error of
        about 0.044 at J = 0.5.
    ``seed`` (1): seed of the MinHash permutations (signatures of different seeds, shingle
        sizes or ``num_perm`` cannot be compared).
    ``lsh_bands`` (42) × ``lsh_rows`` (3): LSH banding of the signature (as
        ``MinHashLSH(params=(42, 3))``): a pair with Jaccard J becomes a candidate with
        probability 1 - (1 - J³)^42: 0.996 at J = 0.5, 0.94 at 0.4, 0.68 at 0.3, and 0.04 at
        the ~0.1 of unrelated stories on the same war.
    ``jaccard`` (0.5): estimated Jaccard similarity of shingle sets at or above which two
        bodies are near-duplicates. Different stories written from the same phrases stay
        below about 0.2; a repost with header and footer or 5 % changed words is above 0.6.
    ``containment`` (0.8) and ``containment_min_jaccard`` (0.3): a body whose shingles are
        (estimated) at least 80 % inside another one is a near-duplicate (truncated copies,
        reposts with long boilerplate), provided the Jaccard estimate is at least 0.3, so
        that a short text quoted by two different long articles does not join them.
    ``reworded_jaccard`` (0.35): a lower Jaccard estimate that is enough for a near-duplicate
        when the content-word test of rewrites (``content_jaccard``) and the date window
        also pass: reworded copies with paragraphs moved, boilerplate and a new title
        (J 0.4-0.5 and leads too changed for the embedding), while different stories of the
        same day stay below J 0.2 and content-word Jaccard 0.3.
    ``min_words`` (8): bodies with fewer words only match exact copies.
    ``rewrites`` (True): detect light rewrites with embeddings (needs the encoder).
    ``embed_cosine`` (0.85): cosine similarity of title + lead embeddings for a rewrite.
        Copies with 5-10 % of words changed and a new title are above 0.87 (5th
        percentile on the benchmark); different same-day stories reach 0.89, which is why
        the content-word test is required as well.
    ``content_jaccard`` (0.5): Jaccard similarity of the bodies' content words (names,
        places, numbers) for a rewrite; different attacks reported the same day by the same
        sources share the actors but not the places, names and figures.
    ``window_days`` (3.0): a rewrite must be published at most this many days from the
        other copy (documents without a date are not constrained).
    ``lead_sentences`` (2): sentences of the body that make the lead.
    """

    shingle_size: int = 4
    num_perm: int = 128
    seed: int = 1
    lsh_bands: int = 42
    lsh_rows: int = 3
    jaccard: float = 0.5
    containment: float = 0.8
    containment_min_jaccard: float = 0.3
    reworded_jaccard: float = 0.35
    min_words: int = 8
    rewrites: bool = True
    embed_cosine: float = 0.85
    content_jaccard: float = 0.5
    window_days: float = 3.0
    lead_sentences: int = 2


@dataclass(frozen=True)
class DocKey:
    """What the detector needs of a document: cleaned body, title and publication date (ISO)."""

    id: str
    body: str
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class Assignment:
    """Where a document stands: its story and what it duplicates.

    ``duplicate_of`` is the id of the story's earliest document (``None`` for that document
    itself and for documents with no duplicate); ``story`` is the same id (the document's own
    id when it is the earliest); ``kind`` is the strongest kind of link the document has to
    another one of its story (``None`` for the earliest document) and ``similarity`` the
    highest similarity of a link of that kind (1.0 for exact, estimated Jaccard for near,
    embedding cosine for rewrite).
    """

    id: str
    duplicate_of: str | None
    kind: MatchKind | None
    story: str
    similarity: float | None = None


@dataclass(frozen=True)
class Match:
    """The result of :meth:`DedupIndex.add`: the new document's assignment and the documents
    added earlier whose assignment changed because of it."""

    assignment: Assignment
    changed: tuple[Assignment, ...] = ()

    @property
    def duplicate_of(self) -> str | None:
        return self.assignment.duplicate_of

    @property
    def kind(self) -> MatchKind | None:
        return self.assignment.kind

    @property
    def story(self) -> str:
        return self.assignment.story


@dataclass(frozen=True)
class BatchResult:
    """The result of :meth:`DedupIndex.add_many`: one assignment per added document (in the
    order given) and the earlier documents whose assignment changed."""

    assignments: list[Assignment]
    changed: list[Assignment]


# ---------------------------------------------------------------------------- features


def published_seconds(published: str | None) -> float | None:
    """POSIX seconds of an ISO date or datetime (naive ones taken as UTC); ``None`` if absent
    or unparsable."""
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def lead_text(title: str | None, body: str, sentences: int = 2) -> str:
    """Title and the first ``sentences`` sentences of the body (at most ~600 characters)."""
    head = body[:1200].strip()
    parts = _SENTENCE_END.split(head, maxsplit=sentences)
    lead = " ".join(p.strip() for p in parts[:sentences])[:600]
    return f"{title.strip()}. {lead}" if title and title.strip() else lead


class _TokenHasher(dict):
    """Stable 64-bit hashes of tokens, memoised (vocabularies are small next to token counts)."""

    def __missing__(self, token: str) -> int:
        value = int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")
        if len(self) > 2_000_000:
            self.clear()
        self[token] = value
        return value


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


class Featurizer:
    """Tokens, shingle hashes and MinHash signatures, vectorised over batches of bodies."""

    def __init__(self, config: DedupConfig):
        self.config = config
        from datasketch import MinHash  # imported here: it takes ~0.4 s (scipy)

        template = MinHash(num_perm=config.num_perm, seed=config.seed, scheme="affine32")
        a, b = template.permutations
        self.a = np.asarray(a, dtype=np.uint32)
        self.b = np.asarray(b, dtype=np.uint32)
        self.tokens = _TokenHasher()

    def words(self, body: str) -> list[str]:
        return body.translate(_PUNCTUATION).split()

    def token_hashes(self, words: list[str]) -> np.ndarray:
        """Stable 64-bit hashes of the lower-cased words."""
        lower = [w.lower() for w in words]
        return np.fromiter(map(self.tokens.__getitem__, lower), dtype=np.uint64, count=len(lower))

    def content_words(self, words: list[str]) -> np.ndarray:
        """Sorted distinct hashes of the capitalised words and numbers (names, places, figures)."""
        content = {w.lower() for w in words if w[0].isupper() or w[0].isdigit()} - _CONTENT_STOP
        hashes = np.fromiter(map(self.tokens.__getitem__, content), dtype=np.uint64, count=len(content))
        hashes.sort()
        return hashes

    def shingles(self, tokens: np.ndarray) -> np.ndarray:
        """32-bit hashes of the word k-grams of one body (one shingle of all words when shorter)."""
        k = self.config.shingle_size
        if len(tokens) == 0:
            return np.zeros(0, dtype=np.uint32)
        if len(tokens) < k:
            tokens = np.concatenate([tokens, np.zeros(k - len(tokens), dtype=np.uint64)])
        n = len(tokens) - k + 1
        h = tokens[:n].copy()
        with np.errstate(over="ignore"):
            for j in range(1, k):
                h = h * _SHINGLE_MIX + tokens[j : j + n]
        return ((h ^ (h >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)

    def signatures(self, shingle_sets: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """MinHash signatures (n × num_perm, uint32) and numbers of distinct shingles (n)."""
        n = len(shingle_sets)
        sigs = np.full((n, self.config.num_perm), np.uint32(0xFFFFFFFF), dtype=np.uint32)
        sizes = np.zeros(n, dtype=np.int32)
        budget = 1 << 17  # shingles per block: a block's permuted matrix is 64 MB at 128 permutations
        start = 0
        while start < n:
            stop, total = start, 0
            while stop < n and (stop == start or total + len(shingle_sets[stop]) <= budget):
                total += len(shingle_sets[stop])
                stop += 1
            self._block(shingle_sets, start, stop, sigs, sizes)
            start = stop
        return sigs, sizes

    def _block(self, shingle_sets, start, stop, sigs, sizes) -> None:
        keys = [
            (np.uint64(i) << np.uint64(32)) | s.astype(np.uint64)
            for i, s in enumerate(shingle_sets[start:stop])
            if len(s)
        ]
        if not keys:
            return
        unique = _sorted_unique(np.concatenate(keys))  # distinct shingles, grouped by document
        owner = (unique >> np.uint64(32)).astype(np.int64)
        values = _fmix32((unique & np.uint64(0xFFFFFFFF)).astype(np.uint32))
        boundaries = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        rows = start + owner[boundaries]
        permuted = np.empty_like(values)
        block = np.empty((len(boundaries), len(self.a)), dtype=np.uint32)
        # One permutation at a time: 1-d reductions are ~30x faster than one 2-d reduceat.
        for k in range(len(self.a)):
            np.multiply(values, self.a[k], out=permuted)
            permuted += self.b[k]
            block[:, k] = np.minimum.reduceat(permuted, boundaries)
        sigs[rows] = block
        sizes[rows] = np.diff(np.r_[boundaries, len(owner)])


class _Bands:
    """LSH banding of MinHash signatures, held in sorted numpy arrays.

    The same buckets as ``datasketch.MinHashLSH(params=(bands, rows))`` (each band of
    ``rows`` hash values is one bucket key, here a 64-bit hash of them), but candidate
    pairs of a whole batch are found with sorting and binary search instead of one Python
    call per band and document, and the index takes ~8 bytes per band and document.
    Documents added since the last merge (``recent``) are kept unsorted and merged in when
    there are many of them.
    """

    def __init__(self, bands: int, rows: int):
        self.bands, self.rows = bands, rows
        self.sorted_keys = [np.zeros(0, dtype=np.uint64) for _ in range(bands)]
        self.sorted_pos = [np.zeros(0, dtype=np.int64) for _ in range(bands)]
        self.recent_keys = np.zeros((0, bands), dtype=np.uint64)
        self.recent_pos = np.zeros(0, dtype=np.int64)

    def band_keys(self, sigs: np.ndarray) -> np.ndarray:
        n = len(sigs)
        parts = sigs[:, : self.bands * self.rows].astype(np.uint64).reshape(n, self.bands, self.rows)
        keys = np.zeros((n, self.bands), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(self.rows):
                keys = keys * _SHINGLE_MIX + parts[:, :, j] + np.uint64(j + 1)
        return keys

    def add(self, positions: np.ndarray, keys: np.ndarray) -> np.ndarray:
        """Index ``positions`` (ascending, after every indexed one) and return the candidate
        pairs ``(earlier, later)`` that share a bucket and involve one of them, as an (m, 2) array."""
        codes = np.zeros(0, dtype=np.int64)
        if len(positions):
            self.recent_keys = np.concatenate([self.recent_keys, keys])
            self.recent_pos = np.concatenate([self.recent_pos, positions])
            found, size = [codes], 0
            for band in range(self.bands):
                for pairs in (
                    self._frozen_pairs(band, positions, keys[:, band]),
                    self._recent_pairs(band, positions[0]),
                ):
                    found.append(pairs[:, 0] * (1 << 32) + pairs[:, 1])
                    size += len(pairs)
                if size > 4_000_000 or band == self.bands - 1:  # a pair is found in many bands
                    codes, size = _sorted_unique(np.concatenate(found)), 0
                    found = [codes]
            # Merging costs a sort of everything: do it when ~sqrt(n) documents wait (single adds)
            # or after every large batch.
            indexed = len(self.sorted_pos[0])
            if len(self.recent_pos) > max(1024, 4 * math.isqrt(indexed)):
                self._merge()
        return np.stack([codes >> 32, codes & 0xFFFFFFFF], axis=1)

    def _frozen_pairs(self, band: int, positions: np.ndarray, queries: np.ndarray) -> np.ndarray:
        sk, sp = self.sorted_keys[band], self.sorted_pos[band]
        lo = np.searchsorted(sk, queries, "left")
        counts = np.searchsorted(sk, queries, "right") - lo
        return _expand(lo, counts, sp, positions)

    def _recent_pairs(self, band: int, first_new: int) -> np.ndarray:
        keys = self.recent_keys[:, band]
        order = np.argsort(keys, kind="stable")  # equal keys stay in position order
        sk, sp = keys[order], self.recent_pos[order]
        run = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]])
        run_start = np.repeat(run, np.diff(np.r_[run, len(sk)]))
        counts = np.arange(len(sk)) - run_start  # earlier members of the same bucket
        counts[sp < first_new] = 0  # pairs of two old documents are known already
        return _expand(run_start, counts, sp, sp)

    def _merge(self) -> None:
        for band in range(self.bands):
            keys = np.concatenate([self.sorted_keys[band], self.recent_keys[:, band]])
            pos = np.concatenate([self.sorted_pos[band], self.recent_pos])
            order = np.argsort(keys, kind="stable")
            self.sorted_keys[band], self.sorted_pos[band] = keys[order], pos[order]
        self.recent_keys = self.recent_keys[:0]
        self.recent_pos = self.recent_pos[:0]


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` by sorting (numpy 2's hash-based unique is several times slower here)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _expand(starts: np.ndarray, counts: np.ndarray, pool: np.ndarray, owners: np.ndarray) -> np.ndarray:
    """Pairs (pool[starts[k] + t], owners[k]) for t < counts[k], as an (m, 2) array."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros((0, 2), dtype=np.int64)
    offsets = np.repeat(np.cumsum(counts) - counts, counts)
    index = np.repeat(starts, counts) + (np.arange(total) - offsets)
    return np.stack([pool[index], np.repeat(owners, counts)], axis=1)


# ------------------------------------------------------------------------------- index


class _Grow:
    """A numpy array that grows along its first axis with amortised doubling."""

    def __init__(self, shape_tail: tuple[int, ...], dtype, fill=0):
        self.data = np.full((1024, *shape_tail), fill, dtype=dtype)
        self.fill = fill
        self.size = 0

    def extend(self, rows: np.ndarray) -> None:
        need = self.size + len(rows)
        if need > len(self.data):
            grown = np.full((max(need, 2 * len(self.data)), *self.data.shape[1:]), self.fill, self.data.dtype)
            grown[: self.size] = self.data[: self.size]
            self.data = grown
        self.data[self.size : need] = rows
        self.size = need

    @property
    def view(self) -> np.ndarray:
        return self.data[: self.size]


class DedupIndex:
    """An incremental, order-independent index of documents and their story clusters.

    ``encoder`` embeds title + lead for rewrite detection (anything with
    ``encode(list[str]) -> array``); by default the project's static model2vec encoder is
    loaded on first use. With ``config.rewrites=False`` no encoder is needed.

    Costs: a dated document's lead is compared with every document published within
    ``window_days`` (one matrix product per day), an undated one with every document;
    k exact copies of a text give k² candidate pairs. Ids must be unique; documents cannot
    be removed.
    """

    def __init__(self, config: DedupConfig | None = None, encoder: Encoder | None = None):
        self.config = config or DedupConfig()
        self._encoder = encoder
        self.features = Featurizer(self.config)
        self.bands = _Bands(self.config.lsh_bands, self.config.lsh_rows)
        self.ids: list[str] = []
        self.position: dict[str, int] = {}
        self.exact: dict[bytes, int] = {}  # content hash -> first document with it
        self.hashes: list[bytes] = []
        self.content: list[np.ndarray] = []
        self.seconds = _Grow((), np.float64, np.nan)
        self.words = _Grow((), np.int32)
        self.sizes = _Grow((), np.int32)
        self.sigs = _Grow((self.config.num_perm,), np.uint32)
        self.embeddings = _Grow((0,), np.float32)
        self.kind = _Grow((), np.int8)  # rank of the strongest link, 0 = none
        self.similarity = _Grow((), np.float32, np.nan)
        self.cluster = _Grow((), np.int64)  # cluster label: a member's position
        self.members: dict[int, list[int]] = {}
        self.earliest: dict[int, int] = {}  # cluster label -> position of its earliest document
        self.days: dict[int, list[int]] = {}  # UTC day -> positions published that day
        self.undated: list[int] = []
        self.edges: list[tuple[int, int, int, float]] = []  # (i, j, kind rank, similarity), i < j
        self._before: dict[int, Assignment] | None = None

    # ------------------------------------------------------------------ public API

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.position

    def add(self, doc: DocKey) -> Match:
        """Add one document; see :meth:`add_many` (which is much faster for many documents)."""
        result = self.add_many([doc])
        return Match(result.assignments[0], tuple(result.changed))

    def add_many(self, docs: Iterable[DocKey], batch_size: int = 20_000) -> BatchResult:
        """Add documents (ids must be new and distinct); features and embeddings are computed
        ``batch_size`` documents at a time."""
        docs = list(docs)
        seen = set()
        for doc in docs:
            if doc.id in self.position or doc.id in seen:
                raise ValueError(f"document {doc.id!r} is already in the index")
            seen.add(doc.id)
        first = len(self.ids)
        self._before = {}
        for start in range(0, len(docs), batch_size):
            self._add_batch(docs[start : start + batch_size])
        new = range(first, len(self.ids))
        assignments = [self._assignment(i) for i in new]
        changed = []
        for i, before in sorted(self._before.items()):
            if i < first:
                now = self._assignment(i)
                if now != before:
                    changed.append(now)
        self._before = None
        return BatchResult(assignments, changed)

    def assignment(self, doc_id: str) -> Assignment:
        return self._assignment(self.position[doc_id])

    def assignments(self) -> list[Assignment]:
        return [self._assignment(i) for i in range(len(self.ids))]

    def clusters(self, min_size: int = 2) -> dict[str, list[str]]:
        """Stories with at least ``min_size`` documents: earliest document's id -> member ids,
        earliest first, then by date and id."""
        out = {}
        for label, members in self.members.items():
            if len(members) >= min_size:
                ordered = sorted(members, key=self._order_key)
                out[self.ids[self.earliest[label]]] = [self.ids[i] for i in ordered]
        return dict(sorted(out.items()))

    # ------------------------------------------------------------------ state

    def to_state(self) -> dict[str, Any]:
        """The index as numpy arrays and lists (for ``np.savez``/pickle); see :meth:`from_state`."""
        content_sizes = np.array([len(c) for c in self.content], dtype=np.int64)
        edges = np.array(self.edges, dtype=np.float64).reshape(-1, 4)
        return {
            "config": asdict(self.config),
            "ids": list(self.ids),
            "hash_scheme": HASH_SCHEME,
            "hashes": np.frombuffer(b"".join(self.hashes), dtype=np.uint8).reshape(-1, DIGEST_SIZE).copy(),
            "seconds": self.seconds.view.copy(),
            "words": self.words.view.copy(),
            "sizes": self.sizes.view.copy(),
            "sigs": self.sigs.view.copy(),
            "embeddings": self.embeddings.view.copy(),
            "content": np.concatenate(self.content) if self.content else np.zeros(0, np.uint64),
            "content_sizes": content_sizes,
            "edges": edges,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], encoder: Encoder | None = None) -> DedupIndex:
        """The index :meth:`to_state` saved; ValueError when its content hashes are of another
        scheme than :data:`redline.hashing.HASH_SCHEME` (rebuild it from the documents then)."""
        scheme = state.get("hash_scheme")
        if scheme != HASH_SCHEME:
            found = scheme or "blake2b:lower-collapsed-space (before schemes were recorded)"
            raise ValueError(f"the saved index hashes content as {found!r}, not {HASH_SCHEME!r}")
        index = cls(DedupConfig(**state["config"]), encoder)
        n = len(state["ids"])
        offsets = np.r_[0, np.cumsum(state["content_sizes"])]
        content = [state["content"][offsets[i] : offsets[i + 1]] for i in range(n)]
        hashes = [bytes(row) for row in state["hashes"]]
        embeddings = state["embeddings"] if len(state["embeddings"]) else None
        index._append(
            list(state["ids"]), hashes, state["seconds"], state["words"], state["sizes"],
            state["sigs"], embeddings, content,
        )  # fmt: skip
        for i in range(n):
            index.exact.setdefault(hashes[i], i)
        index._index_near(index._near_members(0, n))
        for i, j, rank, sim in state["edges"]:
            index._link(int(i), int(j), int(rank), float(sim))
        return index

    # ------------------------------------------------------------------ internals

    def _order_key(self, i: int) -> tuple[int, float, str]:
        seconds = self.seconds.data[i]
        return (1, 0.0, self.ids[i]) if math.isnan(seconds) else (0, float(seconds), self.ids[i])

    def _assignment(self, i: int) -> Assignment:
        label = int(self.cluster.data[i])
        root = self.earliest[label]
        story = self.ids[root]
        if root == i or len(self.members[label]) == 1:
            return Assignment(self.ids[i], None, None, story, None)
        rank = int(self.kind.data[i])
        sim = float(self.similarity.data[i])
        return Assignment(self.ids[i], story, KINDS[rank - 1] if rank else None, story, round(sim, 4))

    def _encoder_or_load(self) -> Encoder:
        if self._encoder is None:
            from redline.code.classifier import load_static_encoder

            self._encoder = load_static_encoder()
        return self._encoder

    def _embed(self, texts: list[str]) -> np.ndarray:
        vectors = np.asarray(self._encoder_or_load().encode(texts), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        return vectors

    def minhash(self, doc_id: str) -> LeanMinHash:
        """The document's MinHash (``datasketch.LeanMinHash``, scheme ``affine32``)."""
        from datasketch import LeanMinHash

        i = self.position[doc_id]
        return LeanMinHash(seed=self.config.seed, hashvalues=self.sigs.data[i].copy(), scheme="affine32")

    def _append(self, ids, hashes, seconds, words, sizes, sigs, embeddings, content) -> None:
        first = len(self.ids)
        for offset, doc_id in enumerate(ids):
            self.position[doc_id] = first + offset
        self.ids.extend(ids)
        self.hashes.extend(hashes)
        self.content.extend(content)
        self.seconds.extend(np.asarray(seconds, dtype=np.float64))
        self.words.extend(np.asarray(words, dtype=np.int32))
        self.sizes.extend(np.asarray(sizes, dtype=np.int32))
        self.sigs.extend(sigs)
        if embeddings is not None:
            if self.embeddings.data.shape[1] != embeddings.shape[1]:
                if self.embeddings.size:
                    raise ValueError("embedding width changed")
                self.embeddings = _Grow((embeddings.shape[1],), np.float32)
            self.embeddings.extend(embeddings)
        n = len(ids)
        self.kind.extend(np.zeros(n, dtype=np.int8))
        self.similarity.extend(np.full(n, np.nan, dtype=np.float32))
        self.cluster.extend(np.arange(first, first + n, dtype=np.int64))
        for i in range(first, first + n):
            self.members[i] = [i]
            self.earliest[i] = i
            if math.isnan(self.seconds.data[i]):
                self.undated.append(i)
            else:
                self.days.setdefault(int(self.seconds.data[i] // 86400), []).append(i)

    def _add_batch(self, docs: list[DocKey]) -> None:
        cfg = self.config
        features = self.features
        first = len(self.ids)
        sigs, sizes, counts, content = [], [], [], []
        for start in range(0, len(docs), 2000):  # word lists are big: keep only 2,000 at a time
            words = [features.words(d.body) for d in docs[start : start + 2000]]
            sig, size = features.signatures([features.shingles(features.token_hashes(w)) for w in words])
            sigs.append(sig)
            sizes.append(size)
            counts.extend(len(w) for w in words)
            content.extend(features.content_words(w) for w in words)
        embeddings = None
        if cfg.rewrites:
            embeddings = self._embed([lead_text(d.title, d.body, cfg.lead_sentences) for d in docs])
        secs = [published_seconds(d.published) for d in docs]
        self._append(
            [d.id for d in docs],
            [content_digest(d.body) for d in docs],
            [np.nan if s is None else s for s in secs],
            counts,
            np.concatenate(sizes),
            np.concatenate(sigs),
            embeddings,
            content,
        )
        positions = range(first, first + len(docs))
        # exact copies
        for i in positions:
            if self.words.data[i] == 0:
                continue
            other = self.exact.setdefault(self.hashes[i], i)
            if other != i:
                self._link(other, i, _RANK["exact"], 1.0)
        # near-duplicates
        self._verify_near(self._index_near(self._near_members(first, len(self.ids))))
        if cfg.rewrites:
            self._rewrites(first, len(self.ids))

    def _near_members(self, first: int, stop: int) -> np.ndarray:
        """Documents ``first..stop`` that take part in near-duplicate search (long enough).

        Exact copies take part too: they share the signature but not the date or the
        capitalisation the reworded test looks at, so leaving them out would make the result
        depend on which copy came first."""
        keep = [i for i in range(first, stop) if self.words.data[i] >= self.config.min_words]
        return np.asarray(keep, dtype=np.int64)

    def _index_near(self, positions: np.ndarray) -> np.ndarray:
        return self.bands.add(positions, self.bands.band_keys(self.sigs.data[positions]))

    def _verify_near(self, pairs: np.ndarray) -> None:
        cfg = self.config
        sigs, sizes = self.sigs.data, self.sizes.data
        for start in range(0, len(pairs), 1 << 16):
            i, j = pairs[start : start + (1 << 16)].T
            jac = np.count_nonzero(sigs[i] == sigs[j], axis=1) / sigs.shape[1]
            na, nb = sizes[i].astype(np.float64), sizes[j].astype(np.float64)
            contained = jac * (na + nb) / (1.0 + jac) / np.maximum(np.minimum(na, nb), 1.0)
            accept = (jac >= cfg.jaccard) | (
                (contained >= cfg.containment) & (jac >= cfg.containment_min_jaccard)
            )
            maybe = ~accept & (jac >= cfg.reworded_jaccard) & self._within_window(i, j)
            reworded = np.zeros_like(accept)
            for k in np.flatnonzero(maybe).tolist():
                reworded[k] = self._content_jaccard(int(i[k]), int(j[k])) >= cfg.content_jaccard
            accept |= reworded
            for x, y, sim in zip(i[accept].tolist(), j[accept].tolist(), jac[accept].tolist(), strict=True):
                self._link(x, y, _RANK["near"], sim)

    def _within_window(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        a, b = self.seconds.data[i], self.seconds.data[j]
        return np.isnan(a) | np.isnan(b) | (np.abs(a - b) <= self.config.window_days * 86400)

    def _content_jaccard(self, i: int, j: int) -> float:
        ca, cb = self.content[i], self.content[j]
        if not len(ca) or not len(cb):
            return 0.0
        shared = len(np.intersect1d(ca, cb, assume_unique=True))
        return shared / (len(ca) + len(cb) - shared)

    def _rewrites(self, first: int, stop: int) -> None:
        """Rewrite links of the documents ``first..stop`` with every document within the window."""
        cfg = self.config
        emb = self.embeddings.data
        window = int(math.ceil(cfg.window_days))
        groups: dict[int | None, list[int]] = {}
        for i in range(first, stop):
            seconds = self.seconds.data[i]
            groups.setdefault(None if math.isnan(seconds) else int(seconds // 86400), []).append(i)
        found = []
        for day, queries in groups.items():
            if day is None:
                others = np.arange(stop, dtype=np.int64)
            else:
                parts = [self.days.get(d, []) for d in range(day - window, day + window + 1)]
                others = np.fromiter((j for part in parts for j in part), dtype=np.int64)
                others = np.concatenate([others, np.asarray(self.undated, dtype=np.int64)])
            if not len(others):
                continue
            keys = emb[others]
            q = np.asarray(queries, dtype=np.int64)
            for start in range(0, len(q), 1024):
                block = q[start : start + 1024]
                sims = emb[block] @ keys.T
                rows, cols = np.nonzero(sims >= cfg.embed_cosine - 0.01)
                later, earlier = block[rows], others[cols]
                keep = earlier < later  # each pair once: from its later-added document
                found.append(np.stack([earlier[keep], later[keep]], axis=1))
        if found:
            self._verify_rewrites(np.concatenate(found))

    def _verify_rewrites(self, pairs: np.ndarray) -> None:
        cfg = self.config
        i, j = pairs.T
        emb = self.embeddings.data
        cosine = np.einsum("ij,ij->i", emb[i].astype(np.float64), emb[j].astype(np.float64))
        words = self.words.data
        ok = (cosine >= cfg.embed_cosine) & self._within_window(i, j)
        ok &= (words[i] >= cfg.min_words) & (words[j] >= cfg.min_words)
        for x, y, cos in zip(i[ok].tolist(), j[ok].tolist(), cosine[ok].tolist(), strict=True):
            if self.hashes[x] != self.hashes[y] and self._content_jaccard(x, y) >= cfg.content_jaccard:
                self._link(x, y, _RANK["rewrite"], cos)

    def _remember(self, i: int) -> None:
        if self._before is not None and i not in self._before:
            self._before[i] = self._assignment(i)

    def _link(self, i: int, j: int, rank: int, sim: float) -> None:
        """Record a link of kind ``rank`` between documents ``i`` and ``j`` and merge their stories."""
        self.edges.append((min(i, j), max(i, j), rank, sim))
        kind, similarity = self.kind.data, self.similarity.data
        for x in (i, j):
            if rank > kind[x] or (rank == kind[x] and sim > similarity[x]):
                self._remember(x)
                kind[x] = rank
                similarity[x] = sim
        a, b = int(self.cluster.data[i]), int(self.cluster.data[j])
        if a == b:
            return
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a  # merge the smaller cluster b into a
        ea, eb = self.earliest[a], self.earliest[b]
        keep_a = self._order_key(ea) <= self._order_key(eb)
        for x in self.members[b] if keep_a else self.members[a]:
            self._remember(x)
        self.cluster.data[self.members[b]] = a
        self.members[a].extend(self.members.pop(b))
        self.earliest[a] = ea if keep_a else eb
        del self.earliest[b]
