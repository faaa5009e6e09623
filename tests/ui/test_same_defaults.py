"""One default seed and path count (issue 10 item 10): the app, `kinfolio plan` / `kinfolio
proposal` and the PDF builder start from the same constants, so a banker who changes nothing sees
the same numbers on the screen, on the command line and on paper."""

from __future__ import annotations

import inspect
import json

import pytest

import household
from cli import build_parser, main
from planner import DEFAULT_PATHS, DEFAULT_SEED


def test_every_entry_point_has_the_same_default_seed_and_paths():
    import proposal
    from proposal.compute import results
    from ui import state

    parser = build_parser()
    for cmd in (["plan", "f.json"], ["proposal", "f.json", "-o", "x.pdf"]):
        args = parser.parse_args(cmd)
        assert (args.seed, args.paths) == (DEFAULT_SEED, DEFAULT_PATHS), cmd[0]
    assert state.seed() == DEFAULT_SEED
    assert state.DEFAULT_PATHS == DEFAULT_PATHS
    for fn in (results, proposal.build_for):
        params = inspect.signature(fn).parameters
        assert params["paths"].default == DEFAULT_PATHS
        assert params["seed"].default in (None, DEFAULT_SEED)  # None: planner.DEFAULT_SEED


@pytest.mark.parametrize("hid", household.DEMO_IDS)
def test_default_seed_gives_the_cli_and_the_apps_plan(hid, capsys):
    """The CLI's default seed and the app's default seed run the same plan (paths kept small)."""
    from planner import PlanConfig
    from scenarios import plan_household
    from ui import state

    assert main(["plan", str(household.demo_path(hid)), "--paths", "100", "--json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    app = json.loads(plan_household(household.demo(hid), None,
                                    PlanConfig(paths=100, seed=state.seed())).json_text())
    assert cli["seed"] == app["seed"] == DEFAULT_SEED
    assert cli["wealth"] == app["wealth"] and cli["success"] == app["success"]
