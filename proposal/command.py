"""`kinfolio proposal FILE --lang en|zh-Hant|zh-Hans -o OUT.pdf [--paths N --seed S --cma F]`."""

from __future__ import annotations

import argparse
import sys

from household import HouseholdError, Problem, load
from household.model import MAX_YEAR
from household.outfile import OutputError, check_destination, write_bytes
from scenarios.rules import RuleError

from .builder import ProposalError, build_for

# the insurance illustration pays premiums for ten years from as_of (scenarios.compare)
PROPOSAL_YEARS_AHEAD = 9


def proposal_command(args: argparse.Namespace) -> int:
    from planner.command import config_from_args, load_cma

    hh = load(args.file)
    config = config_from_args(args)  # same checks of --paths and --seed as `kinfolio plan`
    a = load_cma(getattr(args, "cma", None), hh.base_currency)
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
        pdf = build_for(hh, args.lang, paths=config.paths, seed=config.seed, assumptions=a)
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
