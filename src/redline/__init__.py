"""redline: trustworthy, structured PLOVER event data from raw news reporting."""

__version__ = "0.1.0"
