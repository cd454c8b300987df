"""``redline watch``: continuous ingest from feeds, sitemaps, URL lists, pages and drop folders.

:mod:`sources` reads the sources file, :mod:`guard` is the SSRF guard, :mod:`fetch` the polite
HTTP client (robots.txt, conditional GET, size limit, redirects re-checked, retries),
:mod:`feeds` parses RSS/Atom/JSON Feed/sitemaps/URL lists, :mod:`urls` makes canonical URLs,
:mod:`deliver` sends alerts (stdout, JSON Lines, webhook, e-mail) and :mod:`runner` runs the
cycles against the store (state in :mod:`redline.store.watching`).
"""

from redline.watch.runner import CycleReport, Watcher
from redline.watch.sources import Source, WatchConfig, load_sources

__all__ = ["CycleReport", "Source", "WatchConfig", "Watcher", "load_sources"]
