"""spaCy's attribute ruler, matched with numpy: the same results, a sixth of the time.

The English pipeline's ``attribute_ruler`` (tag map, morphology and lemma exceptions: 179
rules of one or two tokens that test ``TAG``, ``DEP``, ``LOWER`` (three by regex) and ``IS_SPACE``) runs a
generic ``Matcher`` over every token; that was about a tenth of the whole extract. Here each
rule is a boolean test over the Doc's attribute arrays, and the rules are applied as the
ruler applies them: every match of every rule, in rule order, a later rule's value of an
attribute replacing an earlier one's (all matching is done before anything is set).

:func:`compile_rules` returns None for a ruler using anything else (other attributes,
operators, longer patterns): the stock component then stays. ``tests/test_pipeline.py``
checks that both give the same tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

COLUMNS = ("TAG", "DEP", "LOWER", "IS_SPACE")  # what the rules may test, in to_array order
MAX_TOKENS = 2


@dataclass(frozen=True)
class Test:
    column: int
    values: np.ndarray  # hashes (or 0/1 for IS_SPACE)
    negated: bool
    regex: re.Pattern[str] | None = None  # instead of values: ``search`` in the string
    seen: dict[int, bool] = field(default_factory=dict, compare=False)  # regex result per hash

    def __call__(self, column: np.ndarray, strings: Any) -> np.ndarray:
        if self.regex is not None:
            search, seen = self.regex.search, self.seen
            for h in set(column.tolist()) - seen.keys():
                seen[h] = bool(search(strings[h]))
            found = np.fromiter((seen[h] for h in column.tolist()), dtype=bool, count=len(column))
        elif len(self.values) == 1:
            found = column == self.values[0]
        else:
            found = np.isin(column, self.values)
        return ~found if self.negated else found


@dataclass(frozen=True)
class Rule:
    tokens: tuple[tuple[Test, ...], ...]  # one pattern: a test list per token
    index: int  # the token of the match that takes the attributes (>= 0)
    attrs: int  # the rule's number: its attributes in ``FastAttributeRuler.attrs``


def _test(vocab: Any, key: str, value: Any) -> Test | None:
    if key not in COLUMNS:
        return None
    column = COLUMNS.index(key)
    negated = False
    if isinstance(value, dict) and set(value) == {"REGEX"} and key != "IS_SPACE":
        empty = np.zeros(0, dtype=np.uint64)
        return Test(column, empty, False, re.compile(value["REGEX"]))
    if isinstance(value, dict):
        if len(value) != 1 or next(iter(value)) not in {"IN", "NOT_IN"}:
            return None
        op, items = next(iter(value.items()))
        negated = op == "NOT_IN"
    else:
        items = [value]
    if key == "IS_SPACE":
        if not all(isinstance(v, bool) for v in items):
            return None
        hashes = [int(v) for v in items]
    else:
        if not all(isinstance(v, str) for v in items):
            return None
        hashes = [vocab.strings[v] for v in items]
    return Test(column, np.array(hashes, dtype=np.uint64), negated)


def compile_rules(ruler: AttributeRuler) -> list[Rule] | None:
    """The ruler's rules as array tests, or None when one uses something not handled here."""
    rules: list[Rule] = []
    for number, entry in enumerate(ruler.patterns):
        index = int(entry.get("index", 0))
        for pattern in entry["patterns"]:
            if not isinstance(pattern, list) or not 1 <= len(pattern) <= MAX_TOKENS:
                return None
            tokens = []
            for spec in pattern:
                tests = [_test(ruler.vocab, key, value) for key, value in spec.items()]
                if any(t is None for t in tests):
                    return None
                tokens.append(tuple(t for t in tests if t is not None))
            position = index if index >= 0 else len(pattern) + index
            if not 0 <= position < len(pattern):
                return None
            rules.append(Rule(tuple(tokens), position, number))
    return rules


class FastAttributeRuler:
    """A drop-in for a compiled ``AttributeRuler`` inside a pipeline (same name, same effect)."""

    def __init__(self, ruler: AttributeRuler, rules: list[Rule]):
        from spacy.attrs import IDS

        self.rules = rules
        self.attrs = list(ruler.attrs)  # normalised: attribute id -> value
        self.columns = [IDS[c] for c in COLUMNS]

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        n = len(doc)
        if n == 0:
            return doc
        table = doc.to_array(self.columns)
        strings = doc.vocab.strings
        merged: dict[int, dict[Any, Any]] = {}
        for rule in self.rules:  # rule order: a later rule's value wins, as in the ruler
            width = len(rule.tokens)
            if width > n:
                continue
            hits = np.ones(n - width + 1, dtype=bool)
            for offset, tests in enumerate(rule.tokens):
                for test in tests:
                    hits &= test(table[offset : n - width + 1 + offset, test.column], strings)
            attrs = self.attrs[rule.attrs]
            for start in np.flatnonzero(hits).tolist():
                merged.setdefault(start + rule.index, {}).update(attrs)
        for i, attrs in merged.items():
            set_token_attrs(doc[i], attrs)
        return doc


def speed_up(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Replace the pipeline's attribute ruler by a :class:`FastAttributeRuler` when its rules
    compile; True when replaced."""
    if name not in nlp.component_names:
        return False
    ruler = nlp.get_pipe(name)
    if isinstance(ruler, FastAttributeRuler):
        return True
    rules = compile_rules(ruler)  # type: ignore[arg-type]
    if rules is None:
        return False
    fast = FastAttributeRuler(ruler, rules)  # type: ignore[arg-type]
    components = nlp._components  # spaCy keeps (name, component) pairs; same name, same place
    components[nlp.component_names.index(name)] = (name, fast)
    return True
