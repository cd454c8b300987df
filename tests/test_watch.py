"""``redline watch`` end to end against a local site on 127.0.0.1: storing, state, delivery, resuming."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest
from watch_site import RULES, FakePipeline, Page, Site, article, news_site, rss

from redline.cli import main
from redline.store import Store
from redline.store.watching import WatchState
from redline.watch import Watcher
from redline.watch.guard import system_resolver
from redline.watch.runner import start_watcher
from redline.watch.sources import parse_sources

ROOT = Path(__file__).resolve().parents[1]
FEEDS = ["/feeds/main.xml", "/feeds/evil.xml", "/feeds/atom.xml", "/feeds/feed.json", "/sitemap.xml", "/urls.txt",
         "/feeds/bad.xml", "/feeds/latin1.xml"]  # fmt: skip
ARTICLES = ["/news/1", "/news/2", "/news/3", "/news/4", "/news/5", "/news/6", "/news/7", "/news/8", "/news/calm",
            "/slow/1"]  # fmt: skip


def resolver(host: str, port: int) -> list[str]:
    return ["10.0.0.1"] if host == "evil.test" else system_resolver(host, port)


@pytest.fixture
def site():
    s = news_site()
    yield s
    s.stop()


@pytest.fixture
def rules(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(RULES, encoding="utf-8")
    return path


def config(site: Site, paths=FEEDS, deliver=(), **extra):
    return parse_sources({
        "allow": ["127.0.0.1"], "fetch": {"timeout": 3, "backoff": 0.01, "retries": 1},
        "deliver": list(deliver), "sources": [{"url": site.base + p} for p in paths], **extra,
    })  # fmt: skip


def watcher(site, store, rules, paths=FEEDS, deliver=(), **extra) -> tuple[Watcher, list[str]]:
    said: list[str] = []
    w = Watcher(config(site, paths, deliver, **extra), store, pipeline=FakePipeline(), alerts=rules,
                resolver=resolver, say=said.append, stdout=io.StringIO())  # fmt: skip
    return w, said


def doc_ids(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT id FROM documents ORDER BY id").fetchall()]


def statuses(store: Store) -> dict[str, str]:
    return dict(store.conn.execute("SELECT url, status FROM watch_urls").fetchall())


def test_one_cycle_stores_every_article_once_and_refuses_private_targets(site, tmp_path, rules):
    alerts_file = tmp_path / "alerts.jsonl"
    with Store(tmp_path / "w.duckdb") as store:
        w, said = watcher(site, store, rules, deliver=[{"type": "jsonl", "path": str(alerts_file)}])
        report = w.cycle(force=True)
        assert doc_ids(store) == sorted(site.base + p for p in ARTICLES)
        state = statuses(store)
        base = site.base
        assert state[base + "/meta"] == "refused" and state["http://evil.test/x"] == "refused"
        assert state[base + "/private/1"] == "refused"  # robots.txt
        assert state[base + "/gone/404"] == "failed" and state[base + "/huge"] == "failed"
        assert state[base + "/loop/1"] == "failed" and state[base + "/broken/500"] == "retry"
        assert state[base + "/hop/1"] == "stored" and state[base + "/news/7"] == "stored"
        assert report.stored == 10 and report.refused == 3 and report.alerts == 1 and report.delivered == 1
        errors = "\n".join(said)
        assert (
            f"error: {base}/meta: refused: 169.254.169.254 is a link-local address (cloud metadata)" in errors
        )
        assert (
            "error: http://evil.test/x: refused: evil.test resolves to 10.0.0.1, a private address" in errors
        )
        assert f"error: {base}/feeds/bad.xml: malformed XML" in errors
        sources = {s["id"]: s for s in WatchState(store).sources()}
        assert sources[base + "/feeds/bad.xml"]["last_error"].startswith("malformed XML")
        assert sources[base + "/feeds/latin1.xml"]["last_error"] is None
        assert (
            sources[base + "/feeds/main.xml"]["kind"] == "rss"
            and sources[base + "/sitemap.xml"]["kind"] == "sitemap"
        )
        assert site.hits("/news/3") == [200] and site.hits("/news/1") == [
            200
        ]  # in two feeds each: fetched once
    lines = [json.loads(line) for line in alerts_file.read_text(encoding="utf-8").splitlines()]
    assert [a["rule_id"] for a in lines] == ["assault-any"]
    assert lines[0]["merged_events"][0]["event"] == "ASSAULT" and lines[0]["merged_events"][0]["documents"]


def test_second_cycle_uses_conditional_gets_and_refetches_nothing_unchanged(site, tmp_path, rules):
    with Store(tmp_path / "w.duckdb") as store:
        w, _ = watcher(site, store, rules)
        w.cycle(force=True)
        site.log.clear()
        report = w.cycle(force=True)
        feeds = {p: site.hits(p) for p in FEEDS}
        assert feeds["/feeds/main.xml"] == [304] and feeds["/feeds/atom.xml"] == [304]  # ETag; Last-Modified
        assert feeds["/sitemap.xml"] == [200]  # no validators: its unchanged body hash counts
        assert report.not_modified == 7  # every feed but the malformed one
        articles = [p for p, _, _ in site.log if not p.startswith(("/feeds", "/sitemap", "/urls", "/robots"))]
        assert articles == ["/broken/500", "/broken/500"]  # only the transient failure, retried
        assert report.stored == 0 and report.alerts == 0


def test_a_new_item_is_fetched_in_the_next_cycle_and_a_changed_page_source_is_reingested(
    site, tmp_path, rules
):
    site.routes["/live"] = Page(article(60, title="Live page"))
    with Store(tmp_path / "w.duckdb") as store:
        w, _ = watcher(site, store, rules, paths=["/feeds/feed.json", "/live"])
        w.cycle(force=True)
        assert len(doc_ids(store)) == 2
        site.routes["/news/9"] = Page(article(9))
        site.routes["/feeds/feed.json"] = Page(json.dumps({"version": "1.1", "items": [
            {"url": site.base + "/news/5"}, {"url": site.base + "/news/9"}]}).encode(), content_type="application/json")  # fmt: skip
        site.routes["/live"] = Page(article(61, title="Live page"))
        site.log.clear()
        w.cycle(force=True)
        assert site.hits("/news/9") == [200] and site.hits("/news/5") == [] and site.hits("/live") == [200]
        assert len(doc_ids(store)) == 3
        text = store.conn.execute(
            "SELECT text FROM documents WHERE id = ?", [site.base + "/live"]
        ).fetchone()[0]
        assert "Village61" in text  # the new version replaced the old one
        site.log.clear()
        w.cycle(force=True)
        assert site.hits("/live") == [304]


def test_a_failing_source_is_backed_off_not_dropped(site, tmp_path, rules):
    site.routes["/down.xml"] = Page(b"no", 503, "text/plain")
    with Store(tmp_path / "w.duckdb") as store:
        w, _ = watcher(site, store, rules, paths=["/down.xml"])
        waits = []
        for _ in range(3):
            w.cycle(force=True)
            row = store.conn.execute("SELECT failures, next_due, last_fetch FROM watch_sources").fetchone()
            waits.append((row[0], (row[1] - row[2]).total_seconds()))
        assert [f for f, _ in waits] == [1, 2, 3]
        assert waits[0][1] == pytest.approx(900, abs=2) and waits[1][1] == pytest.approx(1800, abs=2)
        assert waits[2][1] == pytest.approx(3600, abs=2)
        assert w.cycle().sources == 0  # not due while backed off
        site.routes["/down.xml"] = Page(
            rss(site.base, ["/news/1"]).encode(), content_type="application/rss+xml"
        )
        w.cycle(force=True)
        row = store.conn.execute("SELECT failures, last_error, errors FROM watch_sources").fetchone()
        assert row == (0, None, 3) and doc_ids(store) == [site.base + "/news/1"]


def test_drop_folder_ingests_new_and_changed_files_once(tmp_path, rules):
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a.txt").write_text(
        "Strike on Village1\n\nRussian forces attacked Village1 on Tuesday.\n", encoding="utf-8"
    )
    (drop / "b.jsonl").write_text(
        json.dumps({"id": "rec-1", "text": "Talks went on in Geneva on Monday."}) + "\n"
    )
    cfg = parse_sources({"sources": [{"path": str(drop), "every": "1m"}]})
    with Store(tmp_path / "w.duckdb") as store:
        w = Watcher(cfg, store, pipeline=FakePipeline(), alerts=rules, say=lambda m: None)
        first = w.cycle(force=True)
        assert first.stored == 2 and sorted(doc_ids(store)) == sorted([str(drop / "a.txt"), "rec-1"])
        assert w.cycle(force=True).stored == 0
        (drop / "a.txt").write_text("Strike on Village2\n\nRussian forces attacked Village2 on Tuesday.\n")
        (drop / "c.txt").write_text("More\n\nNothing happened in Village3 on Tuesday at all.\n")
        third = w.cycle(force=True)
        assert third.stored == 2 and len(doc_ids(store)) == 3


class Receiver:
    """A local webhook receiver: answers ``codes`` in turn (then 200) and keeps what it got."""

    def __init__(self, codes=()):
        self.codes = list(codes)
        self.got: list[tuple[dict[str, str], bytes, int]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                code = receiver.codes.pop(0) if receiver.codes else 200
                receiver.got.append(({k.lower(): v for k, v in self.headers.items()}, body, code))
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_webhook_is_signed_and_each_alert_delivered_once(site, tmp_path, rules, monkeypatch):
    receiver = Receiver(codes=[500, 500, 500])  # the first cycle's three attempts fail
    monkeypatch.setenv("HOOK_SECRET", "s3cret")
    hook = {"type": "webhook", "url": receiver.url, "secret_env": "HOOK_SECRET", "backoff": 0.01}
    try:
        with Store(tmp_path / "w.duckdb") as store:
            w, said = watcher(
                site, store, rules, paths=["/feeds/main.xml"], deliver=[hook, {"type": "stdout"}]
            )
            first = w.cycle(force=True)
            assert first.alerts == 1 and first.delivered == 1  # stdout took it, the webhook did not
            assert any("webhook" in m and "HTTP 500" in m for m in said)
            log = {(d["channel"], d["status"], d["attempts"]) for d in WatchState(store).deliveries()}
            assert log == {("stdout", "sent", 1), (f"webhook:{receiver.url}", "retry", 1)}
            second = w.cycle(force=True)
            assert second.delivered == 1
            third = w.cycle(force=True)
            assert third.delivered == 0  # nothing twice
            assert w.deliverer.stdout.getvalue().count("ALERT assault-any") == 1
        assert [code for _, _, code in receiver.got] == [500, 500, 500, 200]
        headers, body, _ = receiver.got[-1]
        expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
        assert headers["x-redline-signature"] == expected and headers["content-type"] == "application/json"
        assert json.loads(body)["rule_id"] == "assault-any"
    finally:
        receiver.close()


def test_email_goes_to_a_local_smtp_server(site, tmp_path, rules):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    got = []

    class Keep(Message):
        def handle_message(self, message):
            got.append(message)

    import socket

    with socket.socket() as probe:  # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        mail = {
            "type": "email",
            "host": "127.0.0.1",
            "port": port,
            "from": "redline@localhost",
            "to": "desk@localhost",
        }
        with Store(tmp_path / "w.duckdb") as store:
            w, _ = watcher(site, store, rules, paths=["/feeds/main.xml"], deliver=[mail])
            assert w.cycle(force=True).delivered == 1
            assert w.cycle(force=True).delivered == 0
    finally:
        controller.stop()
    assert len(got) == 1
    assert got[0]["To"] == "desk@localhost" and "assault-any" in got[0]["Subject"]
    assert "ASSAULT" in got[0].get_payload()


def test_a_stored_but_unmarked_article_is_not_fetched_again(site, tmp_path, rules):
    """What a watcher killed between storing a document and marking its URL leaves behind."""
    with Store(tmp_path / "w.duckdb") as store:
        w, _ = watcher(site, store, rules, paths=["/feeds/feed.json"])
        w.cycle(force=True)
        store.conn.execute("UPDATE watch_urls SET status = 'pending'")
        site.log.clear()
        report = w.cycle(force=True)
        assert (
            report.skipped == 1
            and site.hits("/news/5") == []
            and statuses(store)[site.base + "/news/5"] == "stored"
        )


KILLED = """
import sys, time
sys.path.insert(0, {tests!r})
from watch_site import FakePipeline
from redline.store import Store
from redline.watch import Watcher
from redline.watch.sources import parse_sources

class Slow(FakePipeline):
    def process(self, raws):
        for doc in super().process(raws):
            time.sleep(0.2)
            yield doc
            print("coded", doc.id, flush=True)

config = parse_sources({{"allow": ["127.0.0.1"], "fetch": {{"backoff": 0.01}}, "sources": [{{"url": {feed!r}}}]}})
with Store({db!r}) as store:
    Watcher(config, store, pipeline=Slow(), alerts={rules!r}, batch=3, say=lambda m: None).run(once=True)
print("finished", flush=True)
"""


def test_kill_9_mid_run_then_resume_loses_nothing_and_stores_nothing_twice(tmp_path, rules):
    site = Site().start()
    try:
        paths = [f"/k/{n}" for n in range(12)]
        for n, path in enumerate(paths):
            site.routes[path] = Page(article(100 + n))
        site.routes["/kill.xml"] = Page(rss(site.base, paths).encode(), content_type="application/rss+xml")
        db = tmp_path / "k.duckdb"
        script = KILLED.format(
            tests=str(ROOT / "tests"), feed=site.base + "/kill.xml", db=str(db), rules=str(rules)
        )
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
        coded = 0
        deadline = time.monotonic() + 120
        while coded < 5 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            coded += line.startswith("coded")
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert coded >= 5, "the watcher did not get going"
        fetched_before = [p for p, status, _ in site.log if p.startswith("/k/") and status == 200]
        with Store(db) as store:
            stored_before = set(doc_ids(store))
        assert 0 < len(stored_before) < 12
        site.log.clear()
        with Store(db) as store:
            cfg = parse_sources({"allow": ["127.0.0.1"], "sources": [{"url": site.base + "/kill.xml"}]})
            Watcher(cfg, store, pipeline=FakePipeline(), alerts=rules, say=lambda m: None).run(once=True)
            ids = store.conn.execute("SELECT id FROM documents").fetchall()
            assert len(ids) == len(set(ids)) == 12  # nothing lost, nothing twice
            assert store.count("merged_events") >= 1
        assert site.hits("/kill.xml") == [304]  # its items were saved with its validators
        refetched = {site.base + p for p, status, _ in site.log if p.startswith("/k/")}
        assert not refetched & stored_before  # nothing stored before the kill is fetched again
        assert len(refetched) == 12 - len(stored_before)
        assert len(fetched_before) >= len(stored_before)
    finally:
        site.stop()


def test_cli_watch_once_and_sources(site, tmp_path, rules, capsys):
    sources = tmp_path / "sources.yaml"
    out = tmp_path / "alerts.jsonl"
    sources.write_text(
        "allow: [127.0.0.1]\nfetch: {backoff: 0.01, retries: 1}\n"
        f"deliver:\n  - {{type: jsonl, path: {out}}}\n"
        f"sources:\n  - url: {site.base}/feeds/main.xml\n    every: 15m\n    publisher: Main Paper\n"
        f"  - {{url: {site.base}/urls.txt, kind: urls}}\n",
        encoding="utf-8",
    )
    db = tmp_path / "cli.duckdb"
    code = main(["watch", str(sources), "--db", str(db), "--once", "--alerts", str(rules)],
                pipeline_factory=lambda workers: FakePipeline())  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1  # some articles failed (refused, 404...)
    assert "refused: 169.254.169.254 is a link-local address" in err and "watch: 2 sources" in err
    assert len(out.read_text().splitlines()) == 1
    with Store(db, read_only=True) as store:
        assert store.count("documents") == 7  # 6 from the feed (one via redirects), 1 more from the list
        publishers = store.conn.execute(
            "SELECT DISTINCT publisher FROM documents WHERE url LIKE '%/news/2'"
        ).fetchall()
        assert publishers == [("Main Paper",)]
    assert main(["sources", "--db", str(db)]) == 0
    table = capsys.readouterr().out
    assert f"{site.base}/feeds/main.xml" in table and "(2 sources)" in table and "refused 2" in table
    assert main(["sources", "--db", str(db), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["kind"] for r in rows} == {"rss", "urls"} and all(r["fetches"] == 1 for r in rows)
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources: [{url: 'http://h/f', evry: 1m}]\n")
    assert main(["watch", str(bad), "--db", str(db)]) == 2
    assert "unknown key(s) evry" in capsys.readouterr().err


def test_watcher_inside_the_server_writes_under_its_lock(site, tmp_path, rules):
    lock = threading.Lock()
    entered = []
    with Store(tmp_path / "s.duckdb") as store:

        @contextmanager
        def writing():
            with lock:
                entered.append(threading.current_thread().name)
                yield store

        watching = start_watcher(config(site, ["/feeds/feed.json"]), writing, pipeline=FakePipeline(), alerts=str(rules),
                                 resolver=resolver, say=lambda m: None)  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with lock:
                if store.count("documents"):
                    break
            time.sleep(0.05)
        watching.stop()
        assert not watching.thread.is_alive()
        with lock:
            assert doc_ids(store) == [site.base + "/news/5"]
        assert set(entered) == {"redline-watch"}


def test_a_version_3_store_gains_the_watch_tables(tmp_path):
    path = tmp_path / "old.duckdb"
    Store(path).close()
    conn = duckdb.connect(str(path))
    for table in ("watch_sources", "watch_urls", "watch_channels", "watch_deliveries"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    conn.close()
    with Store(path) as store:
        assert store.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("4",)
        assert store.count("watch_urls") == 0 and store.count("watch_deliveries") == 0


def test_watch_once_with_the_real_pipeline_stores_alerts_delivers_and_refuses(site, tmp_path, rules, capsys):
    """The issue's acceptance run: ``redline watch sources.yaml --once`` over the fixture site."""
    site.routes["/feeds/private.xml"] = Page(
        rss(site.base, ["/news/8"]).replace("</channel>", "<item><link>http://10.0.0.1/admin</link></item></channel>")
        .encode(), content_type="application/rss+xml",
    )  # fmt: skip
    sources = tmp_path / "sources.yaml"
    out = tmp_path / "alerts.jsonl"
    feeds = "".join(
        f"  - url: {site.base}{p}\n" for p in ["/feeds/main.xml", "/feeds/atom.xml", "/feeds/private.xml"]
    )
    sources.write_text(f"allow: [127.0.0.1]\nfetch: {{backoff: 0.01}}\ndeliver: [{{type: jsonl, path: {out}}}]\n"
                       f"sources:\n{feeds}", encoding="utf-8")  # fmt: skip
    db = tmp_path / "real.duckdb"
    assert main(["watch", str(sources), "--db", str(db), "--once", "--alerts", str(rules)]) == 1
    err = capsys.readouterr().err
    assert "error: http://10.0.0.1/admin: refused: 10.0.0.1 is a private address" in err
    assert "refused: 169.254.169.254 is a link-local address (cloud metadata)" in err
    with Store(db, read_only=True) as store:
        ids = [r[0] for r in store.conn.execute("SELECT id FROM documents").fetchall()]
        events = store.conn.execute("SELECT DISTINCT event FROM events").fetchall()
        fired = store.alerts()
    expected = {site.base + p for p in ["/news/1", "/news/2", "/news/3", "/news/4", "/news/7", "/news/8",
                                        "/news/calm", "/slow/1"]}  # fmt: skip
    assert sorted(ids) == sorted(expected)
    assert ("ASSAULT",) in events and fired
    delivered = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(a["key"] for a in delivered) == sorted(a["key"] for a in fired)


def test_the_first_cycle_merges_documents_a_killed_run_stored_but_did_not_merge(site, tmp_path, rules):
    from redline.inputs import raw_from_record

    raw = raw_from_record({"id": "left-behind", "html": article(70).decode(), "published": "2024-07-02"})
    doc = next(FakePipeline().process([raw]))
    with Store(tmp_path / "w.duckdb") as store:
        assert store.add(doc) == "stored" and store.count("merged_events") == 0
        w, _ = watcher(site, store, rules, paths=["/feeds/bad.xml"])  # nothing new to ingest
        report = w.cycle(force=True)
        merged = store.conn.execute("SELECT list(doc_id) FROM merged_reports").fetchone()[0]
        assert "left-behind" in merged and report.alerts == 1
