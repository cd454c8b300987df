"""The shipped classifier: its weights match the training data; building a Pipeline writes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from redline.code.classifier import LR_ENCODERS, training_digest, training_examples, weights_resource


@pytest.mark.parametrize("encoder", LR_ENCODERS)
def test_shipped_weights_were_fitted_on_the_current_training_data(encoder):
    with weights_resource(encoder).open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        shipped = str(data["digest"])
        assert data["weights"].shape[0] == len(data["labels"]) == len(data["bias"]) == 17
    assert shipped == training_digest(training_examples()), (
        "the training data changed: rerun tools/fit_classifier.py (then tools/fit_calibration.py --write)"
    )


def test_building_and_running_a_pipeline_writes_nothing(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "REDLINE_ENCODER": "static"}
    code = (
        "from redline.pipeline import Pipeline\n"
        "doc = Pipeline().process_text('Gunmen killed ten villagers in Mali on Monday.', published='2024-03-05')\n"
        "print(doc.events[0].event)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ASSAULT"
    assert [str(p.relative_to(home)) for p in Path(home).rglob("*")] == []


def test_the_fine_tuned_model_matches_its_training_data_and_reads_plain_sentences():
    from redline.code.classifier import FineTunedClassifier, finetune_examples, finetuned_info

    assert finetuned_info()["digest"] == training_digest(finetune_examples()), (
        "the training data changed: rerun tools/train_event_model.py"
    )
    model = FineTunedClassifier.load()
    probabilities = model.predict([
        "Gunmen killed ten villagers in an attack on a market on Monday.",
        "Rain is expected across the northern provinces for the rest of the week.",
        "The foreign minister urged the neighbouring government to withdraw its troops.",
    ])
    assert [model.labels[int(row.argmax())] for row in probabilities] == ["ASSAULT", "NONE", "REQUEST"]
