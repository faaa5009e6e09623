"""Quality of the watch on a generated book with planted events (``BOOK.planted.json``).

- recall per kind: a planted event is found when an alert of its kind names its client (for
  ``dormant_high_potential``: the client is in the top 2k of the activation list, k planted);
- false abnormal rate: clients with nothing planted that get an alert of a statistical kind in
  the last 90 days, over the number of clients with nothing planted;
- what each library adds: the same measures with STL, ruptures or the isolation forest turned
  off (``ablations``).

``python -m benchmarks.watch_quality BOOK [--ablations]`` prints the figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

WINDOW_DAYS = 90

ABLATIONS = {
    "all": {},
    "no_stl (same month last year only)": {"seasonality": {"method": "last_year"}},
    "no_seasonality": {"seasonality": {"method": "none"}},
    "no_recurrence": {"recurrence": {"min_count": 10_000}},
    "no_isolation_forest": {"isolation_forest": {"enabled": False}},
    "no_ruptures": {"payroll_change": {"change_points": False}},
}


def planted(book: Path) -> dict:
    return json.loads(book.with_name(book.name + ".planted.json").read_text(encoding="utf-8"))


def score(frames, plant: dict, **overrides) -> dict:
    from book.activation import activation
    from book.alerts import ABNORMAL_KINDS, alerts

    t0 = time.perf_counter()
    got = alerts(frames, window_days=WINDOW_DAYS, **overrides)
    seconds = time.perf_counter() - t0
    by_kind: dict[str, set[str]] = defaultdict(set)
    for a in got.alerts:
        by_kind[a.kind].add(a.client_id)
    found: Counter = Counter()
    total: Counter = Counter()
    missed: dict[str, list] = defaultdict(list)
    dormant = [e for e in plant["events"] if e["kind"] == "dormant_high_potential"]
    top: set[str] = set()
    if dormant:
        act = activation(frames)
        top = {c.client_id for c in act.clients[:2 * len(dormant)]}
    for e in plant["events"]:
        total[e["kind"]] += 1
        hit = (e["client_id"] in top) if e["kind"] == "dormant_high_potential" else \
            e["client_id"] in by_kind[e["kind"]]
        if hit:
            found[e["kind"]] += 1
        elif len(missed[e["kind"]]) < 5:
            missed[e["kind"]].append(e)
    clean = set(plant["nothing_planted_clients"])
    false_by_kind: Counter = Counter()
    false_clients: set[str] = set()
    for a in got.alerts:
        if a.kind in ABNORMAL_KINDS and a.client_id in clean:
            false_clients.add(a.client_id)
            false_by_kind[a.kind] += 1
    return {
        "seconds": round(seconds, 2),
        "recall": {k: round(found[k] / total[k], 3) for k in sorted(total)},
        "planted": dict(sorted(total.items())),
        "false_abnormal_clients": len(false_clients),
        "clean_clients": len(clean),
        "false_abnormal_rate": round(len(false_clients) / max(len(clean), 1), 4),
        "false_by_kind": dict(false_by_kind),
        "alerts": len(got.alerts),
        "missed_examples": {k: v for k, v in missed.items() if v},
    }


def main(argv: list[str] | None = None) -> int:
    from book import read_book

    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("book")
    p.add_argument("--ablations", action="store_true")
    args = p.parse_args(argv)
    book = Path(args.book)
    frames = read_book(book)
    plant = planted(book)
    runs = ABLATIONS if args.ablations else {"all": {}}
    out = {name: score(frames, plant, **ov) for name, ov in runs.items()}
    sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
