"""Coding stage: PLOVER events (type, mode, context, actors, date, place) from annotated articles."""

from redline.code.coder import EventCoder

__all__ = ["EventCoder"]
