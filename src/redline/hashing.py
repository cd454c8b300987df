"""Content hashes: the one test of "same content" shared by the pipeline, the store and the duplicate index.

Two texts have the same content when they are equal after lower-casing and collapsing white
space (:func:`normalise`): a repost in capitals or with other line breaks is an exact copy.
The pipeline sets ``Document.content_hash`` with :func:`content_hash`; the store keys "this very
document is stored already" on it; :class:`redline.corroborate.DedupIndex` links exact copies by
:func:`content_digest` (the same hash as bytes). :data:`HASH_SCHEME` names the scheme; a store
records it and rehashes its documents when it changes, and a saved duplicate index records it
and is rebuilt when it changes.
"""

from __future__ import annotations

import hashlib

#: Name of the hashing scheme (normalisation + algorithm); change it whenever either changes.
HASH_SCHEME = "sha256:lower-collapsed-space"
#: Bytes of a :func:`content_digest`.
DIGEST_SIZE = hashlib.sha256().digest_size


def normalise(text: str) -> str:
    """Lower case, white space collapsed: the text whose hash identifies exact copies."""
    return " ".join(text.lower().split())


def content_digest(text: str) -> bytes:
    """SHA-256 of the normalised text (:data:`DIGEST_SIZE` bytes)."""
    return hashlib.sha256(normalise(text).encode("utf-8")).digest()


def content_hash(text: str) -> str:
    """SHA-256 hex of the normalised text: :func:`content_digest` as text."""
    return content_digest(text).hex()
