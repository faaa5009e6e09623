"""Start the app's server: ``python -m ui.launch [streamlit options]``.

The same as ``streamlit run app.py [options]``, plus :mod:`ui.warmup`: the app's code (the
first page's and the planner's) is imported before the server listens, so a browser that finds
the server finds it ready; once it listens, a configured book is read into the pages' caches.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ui import warmup

APP = Path(__file__).resolve().parents[1] / "app.py"


def option(argv: list[str], name: str, default: str) -> str:
    """``--name value`` or ``--name=value`` from the command line, else Streamlit's environment
    variable (``server.port`` -> ``STREAMLIT_SERVER_PORT``), else the default."""
    for i, arg in enumerate(argv):
        if arg == f"--{name}" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(f"--{name}="):
            return arg.split("=", 1)[1]
    return os.environ.get("STREAMLIT_" + name.replace(".", "_").upper(), default)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    warmup.preload_code()
    # the defaults are .streamlit/config.toml's address and Streamlit's port
    warmup.start(option(argv, "server.address", "127.0.0.1"),
                 int(option(argv, "server.port", "8501")))
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
