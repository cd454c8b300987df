"""The dashboard in a real browser (Debian's Chromium, headless, driven by Selenium through
chromedriver) over the bundled examples and an article of XSS payloads: filter the events table,
open an event and find its evidence highlighted, see the map and the timeline drawn, find the
payloads inert, ingest through the page. Skipped when Chromium or chromedriver is absent."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from serve_data import TOKEN_NAME, XSS_TITLE, documents

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = next((p for p in ("/usr/lib/chromium/chromium", shutil.which("chromium"), shutil.which("chromium-browser"))
                 if p and os.path.exists(p)), None)  # fmt: skip
DRIVER = shutil.which("chromedriver") or ("/usr/lib/chromium/chromedriver" if os.path.exists(
    "/usr/lib/chromium/chromedriver") else None)  # fmt: skip
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER), reason="Chromium and chromedriver are not installed"
)
TOKEN = "browser-token"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,1000")  # fmt: skip
assert TOKEN_NAME == "REDLINE_TOKEN"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A server (uvicorn in a thread) over the ingested examples and the XSS article."""
    import uvicorn

    import redline
    from redline.ingestion import ingest
    from redline.serve import ServerState, create_app
    from redline.store import Store

    db = tmp_path_factory.mktemp("site") / "examples.duckdb"
    summary = redline.ingest([str(ROOT / "examples")], db)
    assert summary.stored >= 8 and summary.ok
    with Store(db) as store:
        ingest(documents(), store)
    store = Store(db)
    port = _free_port()
    app = create_app(ServerState(store=store, token=TOKEN))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(30)
    store.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def wait(driver, condition, timeout: float = 20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def css(driver, selector):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def api(site: str, path: str) -> dict:
    with urllib.request.urlopen(site + path, timeout=30) as response:
        return json.loads(response.read())


def screenshot(driver, name: str) -> None:
    """Save the page as ``dashboard-NAME.png`` in $REDLINE_SCREENSHOTS when set (the README's pictures)."""
    folder = os.environ.get("REDLINE_SCREENSHOTS")
    if folder:
        driver.save_screenshot(str(Path(folder) / f"dashboard-{name}.png"))


def csp_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]


def test_events_filter_and_event_page(site, browser):
    from selenium.webdriver.support.ui import Select

    browser.get(site + "/events")
    rows = css(browser, "#events tbody tr")
    assert len(rows) >= 20
    assert css(browser, "#histogram rect.bar") and css(browser, "#facet-event li")
    screenshot(browser, "events")
    Select(css(browser, "select[name=event]")[0]).select_by_value("ASSAULT")
    css(browser, "#filters button[type=submit]")[0].click()
    wait(browser, lambda d: "event=ASSAULT" in d.current_url)
    types = [e.text for e in css(browser, "#events tbody tr .type")]
    assert types and set(types) == {"ASSAULT"}
    assert f"{len(types)} merged events" in css(browser, "#total")[0].text
    shared = browser.current_url  # the filters live in the URL: the same view again
    browser.get(shared)
    assert [e.text for e in css(browser, "#events tbody tr .type")] == types

    link = css(browser, "a.event-link")[0]
    event_id = link.get_attribute("href").rsplit("/", 1)[1]
    link.click()
    wait(browser, lambda d: "/events/ev-" in d.current_url)
    detail = api(site, "/api/events/" + event_id)
    report = detail["reports"][0]
    text = api(site, "/api/documents/" + quote(report["doc_id"], safe=""))["text"]
    marks = [m.text for m in css(browser, "mark.evidence")]
    assert marks and marks[0] == text[report["evidence_start"] : report["evidence_end"]].strip()
    assert css(browser, "#sources")[0].text == str(detail["sources"])
    assert len(css(browser, "article.report")) == len(detail["reports"])
    screenshot(browser, "event")
    assert csp_errors(browser) == []


def test_map_draws_countries_and_clusters(site, browser):
    browser.get(site + "/map")
    wait(browser, lambda d: d.find_element("id", "map").get_attribute("data-clusters"))
    assert len(css(browser, "#map path.country")) >= 150
    clusters = css(browser, "#map circle.cluster")
    assert len(clusters) == int(browser.find_element("id", "map").get_attribute("data-clusters")) >= 5
    assert any("q-mconf" in c.get_attribute("class") for c in clusters)
    screenshot(browser, "map")
    browser.get(site + "/map?event=MOBILIZE")  # filtered like the table
    wait(browser, lambda d: d.find_element("id", "map").get_attribute("data-clusters"))
    assert 1 <= len(css(browser, "#map circle.cluster")) < len(clusters)
    assert csp_errors(browser) == []


def test_timeline_draws_and_zooms(site, browser):
    dyad = next(d["dyad"] for d in api(site, "/api/dyads")["dyads"] if d["dyad"] == "RUS-UKR")
    browser.get(site + "/timeline?dyad=" + dyad)
    wait(browser, lambda d: css(d, "#timeline rect.bar"))
    assert css(browser, "#timeline path.rolling") and css(browser, "#timeline text.peak")
    assert css(browser, "#timeline-labels li a")[0].get_attribute("href").startswith(site + "/events/ev-")
    days = len(api(site, f"/api/escalation?dyad={dyad}")["days"])
    svg = browser.find_element("id", "timeline")
    assert days > 14 and int(svg.get_attribute("data-shown")) == days
    screenshot(browser, "timeline")
    css(browser, "#zoom-in")[0].click()
    assert int(svg.get_attribute("data-shown")) == round(days / 2)
    css(browser, "#zoom-reset")[0].click()
    assert int(svg.get_attribute("data-shown")) == days
    browser.get(site + "/timeline")  # the busiest dyad by default
    wait(browser, lambda d: css(d, "#timeline rect.bar"))
    assert csp_errors(browser) == []


def test_article_payloads_render_inert(site, browser):
    event_id = api(site, "/api/events?actor=ISR&recipient=LBN&since=2024-06-12&until=2024-06-12")["events"]
    xss = next(e["id"] for e in event_id if "xss" in e["report_docs"])
    for path in ("/documents/xss", f"/events/{xss}", "/events?view=reports&q=targets", "/stories/xss"):
        browser.get(site + path)
        assert browser.execute_script("return window.__pwned === undefined"), path
        assert not css(browser, "a[href^='javascript']"), path
        assert not css(browser, "img[src=x]"), path
    browser.get(site + "/documents/xss")
    assert browser.find_element("id", "doc-title").text == XSS_TITLE
    assert '<img src=x onerror="window.__pwned = 1">' in browser.find_element("id", "article").text
    assert css(browser, "#article mark.evidence")
    assert csp_errors(browser) == []


def test_ingest_page(site, browser):
    browser.get(site + "/ingest")
    css(browser, "input[name=token]")[0].send_keys(TOKEN)
    css(browser, "textarea[name=text]")[0].send_keys(
        "Protest in Tbilisi\nThousands of protesters marched in Tbilisi on Sunday to demand new elections."
    )
    css(browser, "input[name=published]")[0].send_keys("2024-12-01")
    css(browser, "form.ingest button")[0].click()
    wait(browser, lambda d: css(d, "#ingest-result") or css(d, "#error"), timeout=120)
    result = css(browser, "#ingest-result")[0].text
    assert "1 stored" in result and "PROTEST" in result
    css(browser, "#ingest-result h2 a")[0].click()
    wait(browser, lambda d: "/documents/pasted-" in d.current_url)
    assert "Thousands of protesters" in browser.find_element("id", "article").text
    assert csp_errors(browser) == []
