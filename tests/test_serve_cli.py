"""The single writer: ``redline serve`` in a subprocess owns the database while the CLI, in other
processes, reads through it (``events``, ``stories``, ``escalation``, ``alerts``) and ingests
through it (``ingest --server URL``, or ``ingest --db`` of the held database), with no lock
errors and no lost writes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from serve_data import build

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
TOKEN = "cli-test-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redline(*args: str, token: str | None = TOKEN, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("REDLINE_TOKEN", None)
    if token:
        env["REDLINE_TOKEN"] = token
    return subprocess.run([sys.executable, "-m", "redline", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)  # fmt: skip


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def server(tmp_path):
    db = build(tmp_path / "live.duckdb")
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC), "REDLINE_TOKEN": TOKEN}
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "redline", "serve", "--db", str(db), "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            get_json(url + "/api/stats")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("the server did not start: " + (tmp_path / "server.log").read_text())
            time.sleep(0.3)
    yield url, db, proc
    if proc.poll() is None:
        proc.terminate()
        proc.wait(30)
    log.close()


def test_cli_reads_and_ingests_through_the_running_server(server, tmp_path):
    url, db, proc = server
    announced = db.with_name(db.name + ".server.json")
    assert json.loads(announced.read_text())["url"] == url

    # reads while the server holds the write lock
    merged = redline("events", "--db", str(db), "--merged", "--format", "jsonl")
    assert merged.returncode == 0, merged.stderr
    assert len(merged.stdout.splitlines()) == 4 and "lock" not in merged.stderr.lower()
    table = redline("events", "--db", str(db))
    assert table.returncode == 0 and "(6 events)" in table.stdout
    assert "1 stories" not in redline("stories", "--db", str(db)).stdout
    escalation = redline("escalation", "--db", str(db), "--dyad", "RUS-UKR", "--format", "csv")
    assert escalation.returncode == 0 and escalation.stdout.splitlines()[1].startswith("2024-07-02,RUS-UKR")
    assert redline("alerts", "--db", str(db)).returncode == 0
    csv_out = tmp_path / "events.csv"
    assert redline("events", "--db", str(db), "--format", "csv", "--output", str(csv_out)).returncode == 0
    assert len(csv_out.read_text().splitlines()) == 7

    # writes: without the token refused; with it through --server, and through --db of the held store
    article = tmp_path / "odesa.txt"
    article.write_text(
        "Drones hit Odesa\nRussian drones struck the port of Odesa on Monday, the governor said.\n"
    )
    refused = redline("ingest", "--server", url, str(article), token=None)
    assert refused.returncode == 1 and "token" in refused.stderr
    writer = subprocess.Popen(
        [sys.executable, "-m", "redline", "ingest", "--server", url, str(article), "--published", "2024-07-08"],
        env={**os.environ, "PYTHONPATH": str(SRC), "REDLINE_TOKEN": TOKEN}, cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    while writer.poll() is None:  # reads go on while the ingest runs
        assert redline("events", "--db", str(db), "--format", "jsonl").returncode == 0
    _, err = writer.communicate()
    assert writer.returncode == 0, err
    assert "1 stored" in err
    forwarded = redline("ingest", "--db", str(db), str(ROOT / "examples" / "wire-story.txt"))
    assert forwarded.returncode == 0, forwarded.stderr
    assert "held by `redline serve`" in forwarded.stderr and "1 stored" in forwarded.stderr
    stats = get_json(url + "/api/stats")
    assert stats["documents"] == 7
    through_server = redline("events", "--db", str(db), "--merged", "--format", "jsonl").stdout

    # after the server stops, the CLI opens the database itself and finds every write
    proc.terminate()
    assert proc.wait(30) == 0
    assert not announced.exists()
    local = redline("events", "--db", str(db), "--merged", "--format", "jsonl")
    assert local.returncode == 0 and local.stdout == through_server
    stories = redline("stories", "--db", str(db), "--format", "jsonl").stdout.splitlines()
    stored = {i for line in stories for i in json.loads(line)["ids"]}
    assert {str(article), str(ROOT / "examples" / "wire-story.txt"), "kyiv-1", "xss"} <= stored


def test_read_only_server_refuses_writes(tmp_path):
    db = build(tmp_path / "ro.duckdb")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "redline", "serve", "--db", str(db), "--port", str(port),
                             "--read-only"], env={**os.environ, "PYTHONPATH": str(SRC)}, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                stats = get_json(url + "/api/stats")
                break
            except OSError:
                time.sleep(0.2)
        assert stats["read_only"] is True
        refused = redline("ingest", "--server", url, str(ROOT / "examples" / "wire-story.txt"))
        assert refused.returncode == 1 and ("405" in refused.stderr or "404" in refused.stderr)
        # a read-only server shares the file with other readers
        assert redline("events", "--db", str(db), "--merged").returncode == 0
    finally:
        proc.terminate()
        proc.wait(30)


def test_serve_arguments_are_checked(capsys):
    from redline.cli import main

    assert main(["serve", "--port", "70000"]) == 2
    assert main(["serve", "--memory-limit", "lots"]) == 2
    assert "not a size" in capsys.readouterr().err


def test_reads_of_a_locked_store_without_a_server_say_so(tmp_path, capsys):
    from redline.cli import main
    from redline.store import Store

    db = build(tmp_path / "held.duckdb")
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(60)", str(db)],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert main(["events", "--db", str(db)]) == 1
        assert "lock" in capsys.readouterr().err.lower()
    finally:
        holder.kill()
        holder.wait()
    with Store(db, read_only=True):
        pass
