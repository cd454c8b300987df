"""The learned event-type classifier (static encoder, fitted on our own training sentences)."""

import numpy as np

from redline.code import plover
from redline.code.classifier import NONE, EventTypeClassifier, training_examples


def test_training_set_covers_every_type_and_no_event():
    labels = {e.event for e in training_examples()}
    assert labels == set(plover.EVENT_TYPES) | {NONE}


def test_probabilities_over_all_types_and_plain_cases():
    classifier = EventTypeClassifier.load("static")
    assert set(classifier.labels) == set(plover.EVENT_TYPES) | {NONE}
    sentences = [
        "Artillery shells fired by rebel forces killed four villagers near the town on Sunday.",
        "Rain is expected across the northern provinces for the rest of the week.",
    ]
    probabilities = classifier.predict(sentences)
    assert probabilities.shape == (2, len(classifier.labels))
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    top = [classifier.labels[i] for i in probabilities.argmax(axis=1)]
    assert top[0] == "ASSAULT"
    assert top[1] == NONE
