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


def test_a_sentence_reads_the_same_alone_and_among_others():
    """The int8 model scales its activations per run: batched, a sentence's reading would
    depend on the sentences (and padding) beside it."""
    from redline.code.classifier import FineTunedClassifier

    classifier = FineTunedClassifier.load()
    target = "Police detained four opposition activists outside the electoral commission on Monday."
    others = [
        "The talks ended without an agreement.",
        "Officials said the long and complicated negotiations over the border, the water rights and "
        "the return of displaced families would continue in the capital next month, with mediators present.",
        "Prices rose.",
    ]
    alone = classifier.predict([target])[0]
    among = classifier.predict([*others, target])[-1]
    assert np.allclose(alone, among, atol=1e-6)


def test_threads_spin_only_when_a_core_is_free_and_read_the_same(monkeypatch):
    from redline.code import classifier as module

    model = module.FineTunedClassifier.load()
    assert model.spinning is not None  # two intra-op threads: a spinning twin exists
    sentences = ["Police detained four opposition activists on Monday.", "Prices rose."]
    used = []
    for name in ("session", "spinning"):
        session = getattr(model, name)
        monkeypatch.setattr(session, "run", lambda *a, _r=session.run, _n=name, **k: used.append(_n) or _r(*a, **k),
                            raising=False)
    monkeypatch.setattr(module.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(module.os, "getloadavg", lambda: (1.5, 3.0, 3.0))
    busy = model.predict(sentences)
    monkeypatch.setattr(module.os, "getloadavg", lambda: (0.2, 0.2, 0.2))
    free = model.predict(sentences)
    assert used == ["session", "session", "spinning", "spinning"]
    assert np.array_equal(busy, free)
