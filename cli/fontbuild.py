"""``python -m cli.fontbuild [--source DIR] [--extra]``: rebuild the CJK font subsets shipped in
``proposal/fonts`` (a developer tool; see :mod:`proposal.fontbuild`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from proposal.fontbuild import __doc__ as FONTBUILD_DOC
from proposal.fontbuild import build, build_extra


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m cli.fontbuild", description=FONTBUILD_DOC,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--source", default="/usr/share/fonts/opentype/noto", type=Path)
    ap.add_argument("--extra", action="store_true", help="only rebuild the small font of "
                    "characters missing from both main subsets")
    args = ap.parse_args(argv)
    if not args.extra:
        for line in build(args.source):
            print(line)
    print(build_extra(args.source))


if __name__ == "__main__":
    main()
