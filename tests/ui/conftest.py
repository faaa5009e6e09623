"""AppTest fixtures: a fresh database per test and small Monte Carlo runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ("household", "plan", "succession", "proposal", "edit", "insights")


@pytest.fixture
def db(tmp_path, monkeypatch):
    path = tmp_path / "kinfolio.db"
    monkeypatch.setenv("KINFOLIO_DB", str(path))
    monkeypatch.setenv("KINFOLIO_UI_PATHS", "200")
    monkeypatch.setenv("KINFOLIO_USER", "test-banker")
    monkeypatch.delenv("KINFOLIO_BOOK", raising=False)  # no book unless a test loads one
    return path


@pytest.fixture
def app(db):
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    return at


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"ui/pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Everything the page would send to the browser, as text (protos include table data and
    chart specs)."""
    out: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(str(proto))
        children = getattr(node, "children", None) or {}
        for child in children.values():
            walk(child)

    walk(at._tree)
    return "\n".join(out)


def calm_errors(at: AppTest) -> list[str]:
    """Messages of the calm error guard (a page body raised)."""
    from ui.i18n import LANGS, tr

    calm = {tr("err.calm", lang) for lang in LANGS}
    return [w.value for w in at.warning if w.value in calm]
