"""The golden results of the demo households: plan, death today of each principal, comparison.

``python -m tests.scenarios.golden_results`` rewrites the files in ``golden/``. They change only in
a commit that says why each number moved (a law fix, a new default): the golden test fails on any
other change, so a refactor that moves a figure is caught.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from household import DEMO_IDS, demo
from household.model import Household

GOLDEN_DIR = Path(__file__).parent / "golden"
PLAN_PATHS = 500  # small enough for the test run; the seed is the shared default


def principals(hh: Household) -> list[str]:
    """The principal (largest net worth) and their living spouse."""
    from scenarios import principal
    from scenarios.family import Kin

    pid = principal(hh)
    spouse = Kin.of(hh).living_spouse(pid)
    return [pid] + ([spouse] if spouse else [])


def documents(demo_id: str) -> dict[str, object]:
    """Every golden document of one demo: {file stem: JSON-ready object}."""
    from planner import DEFAULT_SEED, PlanConfig
    from scenarios import compare, death_today, plan_household, suggest_scenarios

    hh = demo(demo_id)
    out: dict[str, object] = {}
    plan = plan_household(hh, None, PlanConfig(paths=PLAN_PATHS, seed=DEFAULT_SEED))
    out["plan"] = json.loads(plan.json_text())
    for pid in principals(hh):
        out[f"succession-{pid}"] = death_today(hh, pid).to_json()
    pid = principals(hh)[0]
    scs = suggest_scenarios(hh, pid)[:4]
    out["comparison"] = compare(hh, scs, pid).to_json("en")
    return out


def dumps(doc: object) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True, allow_nan=False) + "\n"


def path(demo_id: str, stem: str) -> Path:
    return GOLDEN_DIR / f"{demo_id}.{stem}.json"


def write_all() -> list[Path]:
    GOLDEN_DIR.mkdir(exist_ok=True)
    written = []
    for d in DEMO_IDS:
        for stem, doc in documents(d).items():
            p = path(d, stem)
            p.write_text(dumps(doc), encoding="utf-8")
            written.append(p)
    return written


if __name__ == "__main__":
    for p in write_all():
        sys.stdout.write(f"wrote {p}\n")
