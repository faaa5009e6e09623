"""``python -m cli.house_sets [FOLDER]``: rewrite the generated house assumption sets
(:func:`assets.house_method.write_house_sets`; a maintenance tool) and print the files written."""

from __future__ import annotations

import sys
from pathlib import Path

from assets.house_method import write_house_sets


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    for p in write_house_sets(Path(args[0]) if args else None):
        print(p)
    return 0


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    sys.exit(main())
