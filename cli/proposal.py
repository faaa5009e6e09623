"""`kinfolio proposal FILE --lang en|zh-Hant|zh-Hans -o OUT.pdf [--paths N --seed S --cma F]
[--bank PROFILE.toml] [--appendix]`."""

from __future__ import annotations

import argparse
import sys

from household import HouseholdError, Problem, load
from household.model import MAX_YEAR
from household.outfile import OutputError, check_destination, write_bytes
from proposal.builder import ProposalError, build_for
from scenarios.rules import RuleError

# the insurance illustration pays premiums for ten years from as_of (scenarios.compare)
PROPOSAL_YEARS_AHEAD = 9


def proposal_command(args: argparse.Namespace) -> int:
    from cli.plan import config_from_args, load_cma
    from planner import PlanInputError, check_household_work

    hh = getattr(args, "household", None) or load(args.file)  # the CLI may have loaded it
    config = config_from_args(args)  # same checks of --paths and --seed as `kinfolio plan`
    a = load_cma(getattr(args, "cma", None), hh.base_currency)
    try:  # refused at once, before the PDF's plans start (issue 18.5)
        check_household_work(hh, config.paths)
    except PlanInputError as e:
        raise HouseholdError([Problem(f"--{e.field}" if e.field == "paths" else e.field,
                                      e.message)]) from None
    if hh.as_of.year > MAX_YEAR - PROPOSAL_YEARS_AHEAD:
        raise HouseholdError([Problem("as_of", f"{hh.as_of.isoformat()} is too late for a "
                                      f"proposal: its illustrations run {PROPOSAL_YEARS_AHEAD} "
                                      f"years ahead and the format ends in {MAX_YEAR}")])
    force = bool(getattr(args, "force", False))
    try:
        out = check_destination(args.output, force)  # before the long computation
    except OutputError as e:
        raise HouseholdError([Problem("-o", str(e))]) from None
    try:
        options = {"bank": getattr(args, "bank", None),
                   "appendix": bool(getattr(args, "appendix", False)),
                   "override": parse_override(args)}
        pdf = build_for(hh, args.lang, paths=config.paths, seed=config.seed, assumptions=a,
                        options=options)
    except ProposalError as e:
        raise HouseholdError([Problem("proposal", str(e))]) from None
    except RuleError as e:  # an as_of before the first date a rule set is encoded for
        raise HouseholdError([Problem("as_of", f"{hh.as_of.isoformat()} is outside the dates "
                                      f"the succession rules cover: {e}")]) from None
    try:
        write_bytes(out, pdf, force=force)  # exclusive temporary file, atomic rename
    except OutputError as e:
        raise HouseholdError([Problem("-o", str(e))]) from None
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
