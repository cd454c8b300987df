"""Calibrated event confidence: the probability that a coded event's type is right.

The coder describes each event by a few facts known when it is coded (``features``): where
the reading comes from (our curated rules, a confirmed CAMEO pattern, a bare CAMEO verb
default, or the classifier alone), the classifier's probability for the event's type and
whether that type is its first choice (when the sentence was classified), whether the
trigger is in the sentence's main clause (or in what its main reporting verb reports), and
whether the event has a recipient and a claimant. A logistic map (Platt scaling over these
features) turns them into a probability. The classifier's probabilities mean different things
for each classifier, so each has its map: ``data/coder/calibration-<encoder>.json`` (a
classifier without one uses the static classifier's), refitted by ``tools/fit_calibration.py``
(how: the file's ``comment``);
``bench/calibration.py`` measures the result on the development gold.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from redline.data import load_json, names_in

#: The features the coder provides; the shipped map weighs those listed in its file.
FEATURES = (
    "lexicon",  # a confirmed CAMEO pattern (not our curated rules)
    "cameo_default",  # a bare CAMEO verb default, kept because the classifier agreed
    "learned",  # no rule: the classifier's reading alone
    "classified",  # the sentence was classified (a probability below is available)
    "logit",  # logit of the classifier's probability for the event's type (0 if unclassified)
    "top",  # the event's type is the classifier's first choice
    "main",  # the trigger heads the main clause, or the clause the main report verb reports
    "own_date",  # the event has a date stated with it or its report
    "recipient",  # a recipient was found
    "claimed",  # someone other than the actor claims it happened
)
PROBABILITY_CLIP = 1e-3


@dataclass(frozen=True)
class Calibration:
    """A logistic map from event features to the probability that the event type is right."""

    weights: dict[str, float]
    bias: float
    comment: str = ""

    def probability(self, features: Mapping[str, float]) -> float:
        z = self.bias + sum(self.weights.get(name, 0.0) * float(value) for name, value in features.items())
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)

    def to_json(self) -> dict:
        return {
            "comment": self.comment,
            "features": [name for name in FEATURES if name in self.weights],
            "weights": [round(self.weights[name], 6) for name in FEATURES if name in self.weights],
            "bias": round(self.bias, 6),
        }

    @classmethod
    def from_json(cls, data: Mapping) -> Calibration:
        names, weights = data["features"], data["weights"]
        if len(names) != len(weights):
            raise ValueError("calibration: features and weights differ in length")
        unknown = set(names) - set(FEATURES)
        if unknown:
            raise ValueError(f"calibration: unknown features {sorted(unknown)}")
        weights = dict(zip(names, map(float, weights), strict=True))
        return cls(weights, float(data["bias"]), data.get("comment", ""))


DEFAULT_MAP = "static"


def map_file(encoder: str) -> str:
    """The packaged file of *encoder*'s calibration map."""
    return f"coder/calibration-{encoder}.json"


@cache
def load(encoder: str = DEFAULT_MAP) -> Calibration:
    """The shipped calibration for the classifier of *encoder* (``data/coder/calibration-<encoder>.json``)."""
    if map_file(encoder) not in names_in("coder", ".json"):
        encoder = DEFAULT_MAP
    return Calibration.from_json(load_json(map_file(encoder)))


def logit(p: float) -> float:
    p = min(max(p, PROBABILITY_CLIP), 1 - PROBABILITY_CLIP)
    return math.log(p / (1 - p))


def main_clause(clause, report_verbs) -> bool:
    """Whether *clause* (a spaCy token heading a clause) is the sentence's main clause, or the
    complement of a main-clause report verb ("X said that Y attacked Z": "attacked")."""
    if clause.dep_ == "ROOT":
        return True
    head = clause.head
    return clause.dep_ in {"ccomp", "xcomp"} and head.dep_ == "ROOT" and head.lemma_.lower() in report_verbs


def features(
    spec: Mapping,
    event_type: str,
    own_date: bool,
    recipient: bool,
    claimed: bool,
    belief: Mapping[str, float] | None = None,
    main: bool = True,
) -> dict[str, float]:
    """The calibration features of one event; *spec* is its trigger's rule spec, *belief*
    the classifier's probabilities for its sentence (None when it was not classified),
    *main* whether its trigger is in the sentence's main clause (``main_clause``)."""
    learned = bool(spec.get("learned"))
    lexicon = bool(spec.get("lexicon")) and not learned
    default = lexicon and bool(spec.get("unconfirmed"))
    values = {
        "lexicon": float(lexicon and not default),
        "cameo_default": float(default),
        "learned": float(learned),
        "classified": 0.0,
        "logit": 0.0,
        "top": 0.0,
        "main": float(main),
        "own_date": float(own_date),
        "recipient": float(recipient),
        "claimed": float(claimed),
    }
    if belief:
        values["classified"] = 1.0
        values["logit"] = logit(belief.get(event_type, 0.0))
        values["top"] = float(max(belief, key=belief.get) == event_type)
    return values


def confidence(
    values: Mapping[str, float], calibration: Calibration | None = None, encoder: str = DEFAULT_MAP
) -> float:
    """The calibrated confidence of an event with these features (by *encoder*'s map unless a
    *calibration* is given), rounded to 3 places."""
    return round((calibration or load(encoder)).probability(values), 3)


def merged(a: float, b: float) -> float:
    """Confidence of an event mentioned twice in one article (same type, actors, date).

    The larger of the two: repeated mentions mostly restate one sentence's reading, and
    the noisy-or of the two would count the same evidence twice."""
    return max(a, b)


# -- measuring ------------------------------------------------------------------------------
#: Reliability bins of ``bench/calibration.py`` and ``tools/fit_calibration.py``.
BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def reliability(pairs: list[tuple[float, bool]], bins: tuple[float, ...] = BINS) -> list[tuple]:
    """Per confidence bin: (low, high, events, mean confidence, share right); empty bins left out."""
    rows = []
    for low, high in zip(bins, bins[1:], strict=False):
        chunk = [(c, r) for c, r in pairs if low <= c < high]
        if chunk:
            mean = sum(c for c, _ in chunk) / len(chunk)
            right = sum(r for _, r in chunk) / len(chunk)
            rows.append((low, min(high, 1.0), len(chunk), mean, right))
    return rows


def ece(pairs: list[tuple[float, bool]], bins: tuple[float, ...] = BINS) -> float:
    """Expected calibration error: the event-weighted gap between mean confidence and share right."""
    if not pairs:
        return 0.0
    return sum(n / len(pairs) * abs(mean - right) for _, _, n, mean, right in reliability(pairs, bins))


def brier(pairs: list[tuple[float, bool]]) -> float:
    """Mean squared difference between confidence and outcome (1 right, 0 wrong)."""
    if not pairs:
        return 0.0
    return sum((c - float(r)) ** 2 for c, r in pairs) / len(pairs)
