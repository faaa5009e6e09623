"""`kinfolio succession FILE --deceased ID [--jurisdiction CODE] [--scenario ID] [--then ID]`."""

from __future__ import annotations

import argparse
import json
import sys

from household import load
from household.errors import HouseholdError, Problem
from scenarios.rules import RuleError
from scenarios.structures import StructureError, applied
from scenarios.succession import SuccessionError, death_today


def succession_command(args: argparse.Namespace) -> int:
    hh = load(args.file)
    ids = {p.id for p in hh.people}
    for flag, pid in (("--deceased", args.deceased), ("--then", getattr(args, "then", None))):
        if pid is not None and pid not in ids:
            raise HouseholdError([Problem(flag, f"'{pid}' is not a person of household {hh.id} "
                                                f"(people: {', '.join(sorted(ids))})")])
    scenario = getattr(args, "scenario", None)
    try:
        if scenario:
            known = {s.id for s in hh.scenarios}
            if scenario not in known:
                raise HouseholdError([Problem("--scenario", f"no scenario '{scenario}' in "
                                              f"household {hh.id} (saved: "
                                              f"{', '.join(sorted(known)) or 'none'})")])
            ap = applied(hh, scenario)
            hh = ap.household
            res = death_today(hh, args.deceased, args.jurisdiction, ap.on, gifts=ap.gifts,
                              then=getattr(args, "then", None))
        else:
            res = death_today(hh, args.deceased, args.jurisdiction,
                              then=getattr(args, "then", None))
    except (SuccessionError, RuleError, StructureError) as e:
        raise HouseholdError([Problem("succession", str(e))]) from None
    if args.json:
        sys.stdout.write(json.dumps(res.to_json(), ensure_ascii=False, indent=2,
                                    allow_nan=False) + "\n")
    else:
        from cli.succession_text import succession_text

        sys.stdout.write(succession_text(hh, res, getattr(args, "lang", "en")) + "\n")
    return 0

