"""Times of the book pages in the real browser at 1280x800 (a measurement, not a test):

    python -m tests.ui.measure_book_browser BOOK [--results DIR] [--out FILE.json]

starts the app on the book folder (``KINFOLIO_BOOK``; ``KINFOLIO_BOOK_RESULTS`` when given, else
``BOOK.results`` beside it when present), and times in Chromium: My book drawn right after a
server start (the browser's cache empty, then filled), the cold first paint of My book once the
server's warm-up is done (an empty browser cache), warm first paints (a reload), a filter, a
sort, a search, the next page, the alerts inbox (first and second time), the calls page, and the
first paint after a new nightly run (the server reads it while no one waits). Each time is from
the user's action to the page drawn with Streamlit idle; beside it the server process's CPU
seconds spent meanwhile (from /proc) and the 1-minute load average of the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from tests.ui.test_browser import (
    ARGS,
    CHROMIUM,
    _free_port,
    _wait_health,
    _wait_interactive,
    server,
)

PREVIOUS = "‹ Previous"


def _cpu(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(folder: Path, results: Path | None) -> dict:
    from playwright.sync_api import sync_playwright

    os.environ["KINFOLIO_BOOK"] = str(folder)
    if results is not None:
        os.environ["KINFOLIO_BOOK_RESULTS"] = str(results)
    out: dict = {"book": str(folder), "results": str(results) if results else None}
    tmp = Path(tempfile.mkdtemp(prefix="kinfolio-measure-"))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        # a server start with the browser's cache empty, then one with it filled (the banker's
        # morning after the nightly run): from the server answering to My book drawn
        for name in ("server_start_browser_cold", "server_start_browser_warm"):
            with server(tmp, _free_port()) as (url, _started, proc):
                _wait_health(url, proc)
                c0, t0 = _cpu(proc.pid), time.perf_counter()
                page.goto(url, wait_until="domcontentloaded", timeout=600_000)
                _wait_interactive(page, "Open household", timeout_ms=600_000)
                out[name] = {"browser_s": round(time.perf_counter() - t0, 3),
                             "server_cpu_s": round(_cpu(proc.pid) - c0, 3)}
                print(name, out[name], flush=True)
                page.goto("about:blank")
        page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 800})  # an empty cache again
        with server(tmp, _free_port()) as (url, _started, proc):
            _wait_health(url, proc)
            time.sleep(3)  # let the warm-up import the app's code, as a banker's browser would

            def timed(name: str, action, wait_text: str, timeout_ms: int = 60_000) -> None:
                load = os.getloadavg()[0]
                c0, t0 = _cpu(proc.pid), time.perf_counter()
                action()
                page.wait_for_timeout(150)  # Streamlit marks the page stale before it reruns
                _wait_interactive(page, wait_text, timeout_ms=timeout_ms)
                out[name] = {"browser_s": round(time.perf_counter() - t0, 3),
                             "server_cpu_s": round(_cpu(proc.pid) - c0, 3),
                             "load_1min": round(load, 2)}
                print(name, out[name], flush=True)

            timed("first_paint_cold", lambda: page.goto(url, wait_until="domcontentloaded",
                                                        timeout=600_000),
                  "Open household", timeout_ms=600_000)
            for i in (1, 2, 3):
                timed(f"first_paint_warm_{i}",
                      lambda: page.reload(wait_until="domcontentloaded"), "Open household")
            timed("filter_alerts_open", lambda: page.get_by_text("Alerts open").first.click(),
                  "Open household")
            timed("filter_off", lambda: page.get_by_text("Alerts open").first.click(),
                  "Open household")

            def sort_by_name() -> None:
                page.locator('[data-testid="stSelectbox"]').filter(has_text="Sort by").click()
                page.get_by_role("option", name="Name", exact=True).click()

            timed("sort_name", sort_by_name, "Search by name")  # page 1 may hold no family

            def search(text: str):
                def go() -> None:
                    page.get_by_label("Search by name").fill(text)
                    page.keyboard.press("Enter")
                return go

            timed("search", search("陈"), "My book")
            timed("search_clear", search(""), "Search by name")  # sorted by name: maybe no family
            if page.get_by_role("button", name="Next ›").count():
                # page 2 may hold no family (no "Open household" button): wait for its caption
                timed("next_page", lambda: page.get_by_role("button", name="Next ›").click(),
                      "Page 2 of")
                timed("previous_page", lambda: page.get_by_role("button", name=PREVIOUS).click(),
                      "Page 1 of")
            for i in (1, 2):
                timed(f"alerts_inbox_{i}", lambda: page.get_by_role("link", name="Alerts").click(),
                      "Acknowledge", timeout_ms=600_000)
                timed(f"back_to_my_book_{i}",
                      lambda: page.get_by_role("link", name="My book").click(), "Search by name")
            timed("calls_page_1",
                  lambda: page.get_by_role("link", name="Calls, ledger, calendar").click(),
                  "Log a call", timeout_ms=600_000)
            timed("back_to_my_book_3", lambda: page.get_by_role("link", name="My book").click(),
                  "Search by name")
            timed("calls_page_2",
                  lambda: page.get_by_role("link", name="Calls, ledger, calendar").click(),
                  "Log a call", timeout_ms=600_000)
            # a new nightly run while the server runs (its manifest rewritten): the server reads
            # it within WATCH_S; the banker's next visit then only draws
            from ui.warmup import WATCH_S

            manifest = (results or folder.with_name(folder.name + ".results")) / "manifest.json"
            if manifest.exists():
                manifest.write_bytes(manifest.read_bytes())
                time.sleep(WATCH_S + 5)
                timed("first_paint_after_new_run", lambda: page.goto(
                    url, wait_until="domcontentloaded"), "Open household")
            out["server_cpu_total_s"] = round(_cpu(proc.pid), 2)
        browser.close()
    out["uptime"] = Path("/proc/loadavg").read_text().strip()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.ui.measure_book_browser")
    p.add_argument("book", type=Path)
    p.add_argument("--results", type=Path)
    p.add_argument("--out", type=Path)
    args = p.parse_args(argv)
    res = measure(args.book.resolve(), args.results)
    text = json.dumps(res, indent=2, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
