"""What the book's pages must not pay for on their first rerun: the PDF machinery imported with
the alerts inbox's sentences, the plan warm-up of a household nobody is looking at, a full garbage
collection after every rerun (issue 17; the times are in artifacts/book-browser-timings.json)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_alert_sentences_do_not_import_the_pdf_machinery():
    code = ("import sys, proposal.book_text; "
            "print(' '.join(m for m in ('matplotlib', 'fpdf', 'proposal.builder') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_package_still_offers_the_proposal_on_first_use():
    import proposal
    from proposal.builder import SECTIONS, build_for
    from proposal.inputs import GoalLine

    assert proposal.build_for is build_for and proposal.SECTIONS is SECTIONS
    assert proposal.GoalLine is GoalLine
    assert set(proposal.__all__) <= set(dir(proposal))


def test_the_plan_is_warmed_only_after_a_household_page():
    from ui.shell import PAGES, warms_plan

    assert not any(warms_plan(p) for p in ("book", "alerts", "calls"))
    assert all(warms_plan(p) for p in PAGES if p not in ("book", "alerts", "calls"))


def test_no_full_garbage_collection_after_every_rerun():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
