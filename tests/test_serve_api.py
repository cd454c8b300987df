"""The JSON API of ``redline serve``: every route, filter and format, bad parameters, the write
token, limits and security headers (FastAPI's TestClient over a store of hand-coded documents)."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from urllib.parse import quote

import pytest
from serve_data import BEIRUT, XSS_TITLE, FakePipeline, build

from redline.serve import ServerState, create_app
from redline.serve.formats import acled_types
from redline.serve.pages import safe_url, segments
from redline.store import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "s3cret-token"


@pytest.fixture
def db(tmp_path):
    return build(tmp_path / "serve.duckdb")


@pytest.fixture
def client(db):
    with Store(db) as store:
        state = ServerState(store=store, token=TOKEN, pipeline=FakePipeline(), max_upload=200_000)
        yield TestClient(create_app(state))


def events(client, **params):
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ids(page):
    return [e["id"] for e in page["events"]]


# -- listing and filters ---------------------------------------------------------------------


def test_merged_events_page(client):
    page = events(client)
    assert page["total"] == 4 and page["offset"] == 0 and page["limit"] == 50 and page["next"] is None
    kyiv = next(e for e in page["events"] if e["event"] == "ASSAULT" and e["actor_codes"] == ["RUS"])
    assert kyiv["sources"] == 2 and kyiv["reports"] == 3  # the exact copy is a report, not a source
    assert sorted(kyiv["report_docs"]) == ["kyiv-1", "kyiv-1-copy", "kyiv-2"]
    assert kyiv["lat"] == pytest.approx(50.45) and kyiv["place_country"] == "UKR"
    assert [e["date"] for e in page["events"]] == sorted((e["date"] for e in page["events"]), reverse=True)


def test_paging_and_next_link(client):
    first = events(client, limit=3, sort="date")
    assert len(first["events"]) == 3 and first["total"] == 4
    assert first["next"] == "/api/events?sort=date&limit=3&offset=3"
    rest = client.get(first["next"]).json()
    assert len(rest["events"]) == 1 and rest["next"] is None
    assert set(ids(first)) | set(ids(rest)) == set(ids(events(client)))
    assert events(client, offset=10)["events"] == []


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"actor": "RUS"}, {("ASSAULT", "2024-07-02"), ("THREATEN", "2024-07-03")}),
        ({"actor": "blr, isr"}, {("MOBILIZE", "2024-08-10"), ("ASSAULT", "2024-06-12")}),
        ({"recipient": "LBN"}, {("ASSAULT", "2024-06-12")}),
        ({"country": "BLR"}, {("MOBILIZE", "2024-08-10")}),
        ({"event": "THREATEN,MOBILIZE"}, {("THREATEN", "2024-07-03"), ("MOBILIZE", "2024-08-10")}),
        ({"mode": "troops"}, {("MOBILIZE", "2024-08-10")}),
        ({"context": "military"}, {("ASSAULT", "2024-07-02")}),
        (
            {"since": "2024-07"},
            {("ASSAULT", "2024-07-02"), ("THREATEN", "2024-07-03"), ("MOBILIZE", "2024-08-10")},
        ),
        (
            {"until": "2024-W27"},
            {("ASSAULT", "2024-06-12"), ("ASSAULT", "2024-07-02"), ("THREATEN", "2024-07-03")},
        ),
        ({"since": "2024-07-03", "until": "2024-07-03"}, {("THREATEN", "2024-07-03")}),
        ({"q": "SOUTHERN border"}, {("MOBILIZE", "2024-08-10")}),
        ({"min_sources": 2}, {("ASSAULT", "2024-07-02")}),
        ({"actor": "RUS", "event": "ASSAULT", "min_sources": 3}, set()),
    ],
)
def test_merged_filters(client, params, expected):
    page = events(client, **params)
    assert {(e["event"], e["date"]) for e in page["events"]} == expected
    assert page["total"] == len(expected)


def test_per_report_view_and_its_filters(client):
    page = events(client, view="reports", sort="date")
    assert page["total"] == 6
    assert {e["id"] for e in page["events"]} >= {"kyiv-1#0", "kyiv-1#1", "folder/blr 1.txt#0"}
    first = page["events"][0]
    assert first["id"] == "xss#0" and first["title"] == XSS_TITLE and first["merged_id"].startswith("ev-")
    assert events(client, view="reports", min_sources=2)["total"] == 3  # the three reports of the Kyiv strike
    assert {e["doc_id"] for e in events(client, view="reports", q="capital")["events"]} == {"kyiv-2"}
    assert {e["doc_id"] for e in events(client, view="reports", q="belarus moves")["events"]} == {
        "folder/blr 1.txt"
    }


def test_updated_since_for_sync(client):
    page = events(client)
    assert events(client, updated_since="2000-01-01T00:00:00")["total"] == page["total"]
    assert events(client, updated_since="2999-01-01T00:00:00")["total"] == 0
    assert events(client, view="reports", updated_since="2999-01-01")["total"] == 0
    assert page["as_of"]


@pytest.mark.parametrize("sort", ["date", "-date", "confidence", "-confidence", "score", "-score", "sources",
                                  "-sources", "reported", "-reported"])  # fmt: skip
def test_sorts(client, sort):
    rows = events(client, sort=sort)["events"]
    key = {"date": "date", "confidence": "confidence", "sources": "sources", "reported": "first_reported",
           "score": "score"}[sort.lstrip("-")]  # fmt: skip
    values = [r[key] for r in rows if r[key] is not None]
    assert values == sorted(values, reverse=sort.startswith("-"))


@pytest.mark.parametrize(
    "params, message",
    [
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"offset": -1}, "offset"),
        ({"event": "BOMBED"}, "not a PLOVER event type"),
        ({"actor": "RUSSIA"}, "three-letter"),
        ({"recipient": "U1"}, "three-letter"),
        ({"mode": "lasers"}, "not a PLOVER mode"),
        ({"context": "<x>"}, "context"),
        ({"since": "2024-13-01"}, "since"),
        ({"until": "yesterday"}, "until"),
        ({"sort": "price"}, "sort"),
        ({"min_sources": 0}, "min_sources"),
        ({"updated_since": "soon"}, "updated_since"),
        ({"view": "tables"}, "view"),
        ({"format": "xml"}, "format"),
        ({"q": "x" * 300}, "q"),
    ],
)
def test_bad_parameters_get_400_with_a_message(client, params, message):
    response = client.get("/api/events", params=params)
    assert response.status_code == 400
    assert message in response.json()["error"]


# -- formats ---------------------------------------------------------------------------------


def test_csv_export_streams_every_match(client):
    response = client.get("/api/events", params={"format": "csv", "actor": "RUS"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 2 and {r["event"] for r in rows} == {"ASSAULT", "THREATEN"}
    assert rows[0]["actor_codes"] == "RUS" and "attachment" in response.headers["content-disposition"]
    paged = client.get("/api/events", params={"format": "csv", "limit": 1})
    assert len(list(csv.DictReader(io.StringIO(paged.text)))) == 1


def test_jsonl_export_per_report(client):
    response = client.get("/api/events", params={"format": "jsonl", "view": "reports"})
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert len(lines) == 6 and all("evidence_start" in r and "merged_id" in r for r in lines)


def test_parquet_export(client):
    import pyarrow.parquet as pq

    response = client.get("/api/events", params={"format": "parquet", "event": "ASSAULT"})
    assert response.status_code == 200 and response.content[:4] == b"PAR1"
    table = pq.read_table(io.BytesIO(response.content))
    assert table.num_rows == 2 and {"id", "event", "actor_codes", "report_docs"} <= set(table.column_names)
    reports = pq.read_table(io.BytesIO(client.get("/api/events?format=parquet&view=reports").content))
    assert reports.num_rows == 6
    assert client.get("/api/events", params={"format": "parquet", "limit": 2}).status_code == 400


def test_plover_json_export(client):
    records = client.get("/api/events", params={"format": "plover", "sort": "date"}).json()
    assert [r["event"] for r in records] == ["ASSAULT", "ASSAULT", "THREATEN", "MOBILIZE"]
    kyiv = records[1]
    assert kyiv["actor"][0]["code"] == "RUS" and kyiv["recipient"][0]["code"] == "UKR"
    assert kyiv["sources"] == 2 and len(kyiv["reports"]) == 3 and kyiv["mode"] == ["aerial"]
    per_report = client.get(
        "/api/events", params={"format": "plover", "view": "reports", "actor": "BLR"}
    ).json()
    assert per_report[0]["doc_id"] == "folder/blr 1.txt" and per_report[0]["evidence"]["start"] == 0


def test_acled_export(client):
    response = client.get("/api/events", params={"format": "acled", "sort": "date"})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["event_type"] for r in rows] == ["Explosions/Remote violence", "Explosions/Remote violence",
                                               "Strategic developments", "Strategic developments"]  # fmt: skip
    kyiv = rows[1]
    assert kyiv["sub_event_type"] == "Air/drone strike" and kyiv["disorder_type"] == "Political violence"
    assert kyiv["country"] == "Ukraine" and kyiv["location"] == "Kyiv" and kyiv["event_date"] == "2024-07-02"
    assert kyiv["actor1"] == "RUS (RUS GOV)" and kyiv["actor2"] == "UKR (UKR)" and kyiv["sources"] == "2"
    assert kyiv["source"] == "kyiv-1;kyiv-2"


def test_acled_types():
    assert acled_types("ASSAULT", ["aerial"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert acled_types("PROTEST", ["riot"]) == ("Riots", "Violent demonstration")
    assert acled_types("ASSAULT", []) == ("Battles", "Armed clash")
    assert acled_types("CONSULT", ["visit"]) == ("Strategic developments", "Other")


# -- one event, documents, stories, escalation, alerts, stats -------------------------------


def test_event_detail(client):
    kyiv = events(client, min_sources=2)["events"][0]
    detail = client.get(f"/api/events/{kyiv['id']}").json()
    assert detail["sources"] == 2 and len(detail["reports"]) == 3
    first = detail["reports"][0]
    assert (
        first["doc_id"] == "kyiv-1"
        and first["publisher"] == "Wire A"
        and first["url"] == "https://a.example/kyiv-1"
    )
    assert (first["evidence_start"], first["evidence_end"]) == (
        0,
        len("Russian missiles struck Kyiv on Tuesday"),
    )
    assert detail["record"]["actor"][0]["code"] == "RUS"
    missing = client.get("/api/events/ev-nope")
    assert missing.status_code == 404 and "ev-nope" in missing.json()["error"]


def test_document_detail_with_a_slash_in_its_id(client):
    doc = client.get("/api/documents/folder/blr 1.txt").json()
    assert doc["id"] == "folder/blr 1.txt" and doc["text"].startswith("Belarus moved troops")
    assert doc["events"][0]["event"] == "MOBILIZE" and doc["events"][0]["merged_id"].startswith("ev-")
    kyiv = client.get("/api/documents/kyiv-1").json()
    assert kyiv["removals"] == [{"text": "Subscribe to our newsletter", "reason": "solicitation"}]
    assert kyiv["entities"][0]["code"] == "UKR" and kyiv["places"] == [] and kyiv["quotes"] == []
    assert client.get("/api/documents/nope").status_code == 404


def test_stories(client):
    stories = client.get("/api/stories", params={"min_size": 2}).json()["stories"]
    assert [s["story"] for s in stories] == ["kyiv-1"] and stories[0]["kinds"] == ["exact"]
    story = client.get("/api/stories/kyiv-1").json()
    assert [d["id"] for d in story["documents"]] == ["kyiv-1", "kyiv-1-copy"]
    assert story["documents"][1]["duplicate_of"] == "kyiv-1"
    assert story["documents"][0]["removals"][0]["reason"] == "solicitation"
    assert client.get("/api/stories/nope").status_code == 404
    assert client.get("/api/stories", params={"min_size": 0}).status_code == 400


def test_escalation(client):
    data = client.get("/api/escalation", params={"dyad": "rus-ukr"}).json()
    assert data["dyad"] == "RUS-UKR" and [d["day"] for d in data["days"]] == ["2024-07-02", "2024-07-03"]
    assert all(d["score"] < 0 for d in data["days"]) and data["labels"][0]["label"].startswith(
        "ASSAULT RUS→UKR"
    )
    assert (
        client.get("/api/escalation", params={"dyad": "RUS", "since": "2024-07-03"}).json()["days"][0][
            "events"
        ]
        == 1
    )
    for bad in ({"dyad": "RUSSIA"}, {}, {"dyad": "RUS", "since": "never"}):
        response = client.get("/api/escalation", params=bad)
        assert response.status_code == 400 and response.json()["error"]
    dyads = client.get("/api/dyads").json()["dyads"]
    assert {"dyad": "RUS-UKR", "events": 2} in dyads


def test_alerts_stats_facets_and_map(client):
    alerts = client.get("/api/alerts").json()["alerts"]
    assert all(a["merged_events"] for a in alerts if a["merged_ids"])
    assert client.get("/api/alerts", params={"since": "bad"}).status_code == 400
    stats = client.get("/api/stats").json()
    assert (stats["documents"], stats["events"], stats["merged_events"]) == (5, 6, 4)
    assert stats["by_event"] == {"ASSAULT": 2, "THREATEN": 1, "MOBILIZE": 1}
    facets = client.get("/api/facets", params={"actor": "RUS"}).json()
    assert dict(map(tuple, facets["event"])) == {"ASSAULT": 1, "THREATEN": 1}
    assert facets["histogram"] == {"unit": "day", "bins": [["2024-07-02", 1], ["2024-07-03", 1]]}
    clusters = client.get("/api/map", params={"cell": 5}).json()["clusters"]
    assert sum(c["count"] for c in clusters) == 4
    beirut = next(c for c in clusters if c["places"] == ["Beirut"])
    assert beirut["lat"] == pytest.approx(BEIRUT["lat"]) and beirut["events"] == {"ASSAULT": 1}
    assert client.get("/api/map", params={"cell": 0}).status_code == 400


def test_openapi_and_docs_page(client):
    spec = client.get("/openapi.json").json()
    for route in ("/api/events", "/api/events/{event_id}", "/api/documents/{doc_id}", "/api/stories",
                  "/api/escalation", "/api/alerts", "/api/stats", "/api/ingest", "/api/map"):  # fmt: skip
        assert route in spec["paths"], route
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "recipient", "country", "event", "mode", "context", "since", "until", "q", "min_sources",
            "updated_since", "sort", "limit", "offset", "view", "format"} <= names  # fmt: skip
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/events" in docs.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", docs.text)  # nothing from a CDN


# -- writes ----------------------------------------------------------------------------------


def auth(token=TOKEN):
    return {"Authorization": f"Bearer {token}"}


def test_ingest_needs_the_token(client):
    for headers in ({}, auth("wrong"), {"Authorization": "Basic " + TOKEN}):
        response = client.post("/api/ingest", data={"text": "T\nRussia attacked Ukraine."}, headers=headers)
        assert response.status_code == 401 and "token" in response.json()["error"]
    assert events(client)["total"] == 4


def test_ingest_text_records_and_files(client):
    response = client.post(
        "/api/ingest",
        headers=auth(),
        data={"text": "Pasted\nRussia attacked Odesa at night.",
              "records": '{"id": "r1", "text": "Rec\\nRussia attacked Kharkiv."}\nnot json\n{"id": "r2"}\n'},
        files=[("files", ("up/one.txt", b"Upload\nRussia attacked Lviv.", "text/plain")),
               ("files", ("../../etc/passwd", b"Quiet\nNothing happened.", "text/plain"))],
    )  # fmt: skip
    assert response.status_code == 207, response.text
    result = response.json()
    assert result["stored"] == 4 and result["failed"] == 2
    assert any("line 2: malformed JSON" in e for e in result["errors"])
    assert any("r2" in e or "no text" in e for e in result["errors"])
    stored = {d["id"]: d for d in result["documents"] if not d["error"]}
    assert set(stored) == {"up/one.txt", "../../etc/passwd", "r1"} | {
        k for k in stored if k.startswith("pasted-")
    }
    assert stored["r1"]["events"][0]["event"] == "ASSAULT"
    label = client.get("/api/documents/" + quote("../../etc/passwd", safe="")).json()  # a label, never a file
    assert label["id"] == "../../etc/passwd" and label["text"] == "Nothing happened."
    assert client.get("/api/stats").json()["documents"] == 9


def test_ingest_page_needs_the_token(client):
    refused = client.post("/ingest", data={"token": "wrong", "text": "T\nRussia attacked Odesa."})
    assert refused.status_code == 401 and "token is missing or wrong" in refused.text
    done = client.post("/ingest", data={"token": TOKEN, "text": "T\nRussia attacked Odesa."},
                       files={"file": ("", b"")})  # fmt: skip
    assert done.status_code == 200 and 'id="ingest-result"' in done.text and "ASSAULT" in done.text
    assert client.get("/api/stats").json()["documents"] == 6


def test_ingest_published_and_empty_requests(client):
    bad = client.post("/api/ingest", headers=auth(), data={"text": "T\nx", "published": "someday"})
    assert bad.status_code == 400 and "published" in bad.json()["error"]
    empty = client.post("/api/ingest", headers=auth(), data={})
    assert empty.status_code == 400 and "nothing to ingest" in empty.json()["error"]
    ok = client.post(
        "/api/ingest",
        headers=auth(),
        data={"text": "Undated\nRussia attacked Sumy.", "published": "2024-09-01"},
    )
    assert ok.status_code == 200 and ok.json()["documents"][0]["published"] == "2024-09-01"


def test_upload_size_limit(client):
    response = client.post("/api/ingest", headers=auth(), files={"files": ("big.txt", b"x" * 1_300_000)})
    assert response.status_code == 413
    assert client.get("/api/events?q=" + "x" * 5000).status_code == 414


def test_read_only_has_no_write_routes(db):
    with Store(db, read_only=True) as store:
        client = TestClient(create_app(ServerState(store=store, token=None, read_only=True)))
        assert client.post("/api/ingest", data={"text": "x"}).status_code in (404, 405)
        assert client.get("/ingest").status_code == 404
        assert "/api/ingest" not in client.get("/openapi.json").json()["paths"]
        assert client.get("/api/stats").json()["read_only"] is True


# -- security headers and escaping -----------------------------------------------------------

PAGES = ["/events", "/events?view=reports", "/documents/xss", "/documents/folder%2Fblr%201.txt", "/map",
         "/timeline", "/timeline?dyad=RUS-UKR", "/stories", "/stories/kyiv-1", "/alerts", "/ingest", "/docs"]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_a_csp_and_no_inline_script_or_style(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'self'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    html = response.text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    assert not re.search(r"<[^>]+\sstyle=", html), "inline style attribute"
    assert not re.search(r"<[^>]+\son[a-z]+=", html), "event handler attribute"
    assert "<style" not in html and "javascript:" not in html.split("</title>")[0]


def test_article_payloads_are_escaped(client):
    event_id = events(client, actor="ISR")["events"][0]["id"]
    for path in ("/events", f"/events/{event_id}", "/documents/xss", "/events?view=reports"):
        html = client.get(path).text
        assert (
            "<script>window.__pwned" not in html and "<img src=x" not in html and "<b onmouseover" not in html
        )
        assert 'href="javascript:' not in html
    page = client.get(f"/events/{event_id}").text
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;Evil title" in page
    assert "&lt;img src=x onerror=" in page and "&lt;b onmouseover=" in page
    assert "&lt;i&gt;Evil&lt;/i&gt; Daily" in page
    assert (
        client.get("/api/events", headers={"Accept": "text/html"}).headers["content-type"]
        == "application/json"
    )


def test_page_errors_are_html_and_static_names_only(client):
    bad = client.get("/events", params={"event": "<b>NOPE</b>"})
    assert bad.status_code == 400 and "&lt;B&gt;NOPE&lt;/B&gt;" in bad.text
    assert client.get("/static/map.js").headers["content-type"].startswith("text/javascript")
    for path in (
        "/static/../app.py",
        "/static/%2e%2e%2fapp.py",
        "/static/redline.css/../../app.py",
        "/static/app.py",
    ):
        assert client.get(path).status_code == 404, path


def test_segments_and_safe_url():
    text = "Alpha beta gamma."
    assert [(s.text, s.marks) for s in segments(text, [(6, 10, 1), (0, 10, 2), (50, 60, 3), (None, 2, 4)])] == [
        ("Alpha ", (2,)), ("beta", (1, 2)), (" gamma.", ())]  # fmt: skip
    assert safe_url("https://x.example/a") == "https://x.example/a"
    for url in ("javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,x", "vbscript:x", "", None):
        assert safe_url(url) is None


def test_a_version_2_store_gains_merged_coordinates(tmp_path):
    import duckdb

    db = build(tmp_path / "v2.duckdb")
    conn = duckdb.connect(str(db))
    conn.execute("ALTER TABLE merged_events DROP COLUMN lat")
    conn.execute("ALTER TABLE merged_events DROP COLUMN lon")
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    conn.close()
    with Store(db) as store:  # opened for writing: migrated, coordinates filled from the records
        rows = store.conn.execute("SELECT place, lat, lon FROM merged_events ORDER BY place").fetchall()
        version = store.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    assert version == ("4",)
    assert ("Beirut", BEIRUT["lat"], BEIRUT["lon"]) in rows and all(lat is not None for _, lat, _ in rows)


def test_a_loopback_server_answers_only_to_loopback_names(db):
    from redline.serve.security import LOOPBACK, host_name

    assert [host_name(h) for h in ("127.0.0.1:8080", "[::1]:80", "LOCALHOST", "evil.example:8080")] == [
        "127.0.0.1", "::1", "localhost", "evil.example"]  # fmt: skip
    with Store(db) as store:
        client = TestClient(create_app(ServerState(store=store, token=TOKEN, hosts=LOOPBACK)))
        assert client.get("/api/stats", headers={"Host": "127.0.0.1:8080"}).status_code == 200
        assert client.get("/api/stats", headers={"Host": "localhost"}).status_code == 200
        rebound = client.get("/api/stats", headers={"Host": "attacker.example"})
        assert rebound.status_code == 421 and "own address" in rebound.json()["error"]
