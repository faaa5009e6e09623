"""Start the app with its modules imported while the browser connects.

``python -m ui.serve [streamlit options]`` is ``streamlit run app.py`` plus a background thread that
imports the modules of the first page (pandas, the household model, the pages, plotly) as soon as
the server starts, so the first session does not pay for them. The options are passed on to
``streamlit run`` (e.g. ``--server.port 8501``).
"""

from __future__ import annotations

import importlib
import sys
import threading
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app.py"
WARM = ("pandas", "pyarrow", "household", "household.storage", "plotly.graph_objects",
        "ui.shell", "ui.views.household", "ui.views.edit", "ui.views.plan",
        "ui.views.succession", "ui.views.proposal", "ui.views.insights")


def warm() -> None:
    for name in WARM:
        try:
            importlib.import_module(name)
        except Exception:  # warming is an optimisation: the app imports for real when needed
            continue


def main(argv: list[str] | None = None) -> None:
    from streamlit.web import cli

    threading.Thread(target=warm, name="kinfolio-warm", daemon=True).start()
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
