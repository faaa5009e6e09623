"""Start the app's server: ``python -m ui.launch [streamlit options]``.

The same as ``streamlit run app.py [options]``, plus :mod:`ui.warmup`, which imports the app's
code once the server listens, while the browser is still loading Streamlit's JavaScript.
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
    # the defaults are .streamlit/config.toml's address and Streamlit's port
    warmup.start(option(argv, "server.address", "127.0.0.1"),
                 int(option(argv, "server.port", "8501")))
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())
