"""Allegations: one side's account of the other's acts is an accusation when the account is disputed."""

from __future__ import annotations

from redline.code.allegations import disputed
from redline.records import Actor, Event


def _accuses(accuser: str, accused: str) -> Event:
    return Event("ACCUSE", [Actor(accuser, accuser, None)], [Actor(accused, accused, None)], "2026-05-11", "x",
                 {"start": 0, "end": 1})


def test_accounts_told_both_ways_are_disputed_and_one_sided_ones_are_not():
    assert disputed([_accuses("PAK", "AFG"), _accuses("UKR", "RUS"), _accuses("AFG", "PAK")]) == [True, False, True]
    assert disputed([]) == []
