"""`kinfolio proposal FILE --lang en|zh-Hant|zh-Hans -o OUT.pdf [--paths N --seed S --cma F]
[--bank PROFILE.toml] [--appendix]`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from household import HouseholdError, Problem, load

from .builder import ProposalError, build_for


def proposal_command(args: argparse.Namespace) -> int:
    from planner.command import config_from_args, load_cma

    hh = load(args.file)
    config = config_from_args(args)  # same checks of --paths and --seed as `kinfolio plan`
    a = load_cma(getattr(args, "cma", None), hh.base_currency)
    out = Path(args.output)
    if out.is_dir():
        raise HouseholdError([Problem("-o", f"{out} is a directory; give a file name")])
    try:
        options = {"bank": getattr(args, "bank", None),
                   "appendix": bool(getattr(args, "appendix", False)),
                   "override": parse_override(args)}
        pdf = build_for(hh, args.lang, paths=config.paths, seed=config.seed, assumptions=a,
                        options=options)
    except ProposalError as e:
        raise HouseholdError([Problem("proposal", str(e))]) from None
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(pdf)
        os.replace(tmp, out)  # never leave a half-written PDF under the requested name
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise HouseholdError([Problem("-o", f"cannot write {out}: {e.strerror}")]) from None
    sys.stderr.write(f"{out}: {len(pdf) // 1024} KB, {args.lang}\n")
    return 0


def parse_override(args: argparse.Namespace) -> dict | None:
    """``--weights cash=0.2,dm_equity=0.8`` and ``--products gov_bond=ust-fund+cgb-fund`` ->
    the banker's override, or None when neither is given."""
    out: dict = {}
    spec = getattr(args, "weights", None)
    if spec:
        w = {}
        for part in spec.split(","):
            name, _, value = part.partition("=")
            try:
                w[name.strip()] = float(value)
            except ValueError:
                raise HouseholdError([Problem("--weights", f"{part!r}: expected CLASS=NUMBER")]
                                     ) from None
        out["weights"] = w
    spec = getattr(args, "products", None)
    if spec:
        pr = {}
        for part in spec.split(","):
            name, _, ids = part.partition("=")
            if not ids:
                raise HouseholdError([Problem("--products", f"{part!r}: expected "
                                              "CLASS=PRODUCT[+PRODUCT...]")])
            pr[name.strip()] = tuple(x.strip() for x in ids.split("+") if x.strip())
        out["products"] = pr
    return out or None
