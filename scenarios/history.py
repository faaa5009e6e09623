"""What the household file records of the past: lifetime gifts and spouses who died before today.

``gifts`` feed the add-back, taper and adjusted-taxable-gift rules at a death (TW two years, UK
seven years with annual exemptions, JP add-back, US adjusted taxable gifts); ``prior_deaths``
give the survivor the allowances the first spouse left unused (US DSUE, UK transferred nil-rate
and residence bands). Both are read at every death: death today, the scenarios and the Monte
Carlo succession.
"""

from __future__ import annotations

from household.facts import facts_of
from household.model import Household

from .tax import Carry, Gift


class HistoryError(ValueError):
    """A past gift or prior death that cannot be valued (a missing fx rate)."""


def _spouses(hh: Household, pid: str) -> set[str]:
    spouse = facts_of(hh).kinship.spouse_of(pid)
    return {spouse} if spouse is not None else set()


def _base(hh: Household, amount: float, currency: str, where: str) -> float:
    if currency != hh.base_currency and currency not in hh.fx:
        raise HistoryError(f"{where}: add fx.{currency} (units of {hh.base_currency} per one "
                           f"{currency}) to the household")
    return hh.to_base(amount, currency)


def household_gifts(hh: Household, donor: str | None = None) -> tuple[Gift, ...]:
    """The file's past gifts (of ``donor``, else everyone's) in the base currency, before
    ``as_of``."""
    out = []
    for i, g in enumerate(hh.gifts):
        if donor is not None and g.donor != donor:
            continue
        if g.date > hh.as_of:
            continue
        where = f"gifts[{i}]"
        out.append(Gift(donor=g.donor, to=g.to, amount=_base(hh, g.amount, g.currency, where),
                        date=g.date, spouse=g.to in _spouses(hh, g.donor),
                        tax_paid=_base(hh, g.gift_tax_paid, g.currency, where)))
    return tuple(out)


def household_carry(hh: Household, pid: str) -> Carry:
    """Allowances ``pid`` holds from spouses who died before ``as_of`` (``prior_deaths``).

    US: the DSUE of the LAST deceased spouse only (§2010(c)(4)), given in USD; UK: the transferred
    fractions add up to at most one extra band (s.8A(5), s.8G)."""
    if not hh.prior_deaths:  # most files: no family graph to read
        return Carry()
    spouses = _spouses(hh, pid)
    mine = sorted((d for d in hh.prior_deaths if d.person in spouses), key=lambda d: d.date)
    if not mine:
        return Carry()
    us = [d for d in mine if d.jurisdiction == "US"]
    dsue = 0.0
    if us and us[-1].unused_exclusion:
        dsue = _base(hh, us[-1].unused_exclusion, "USD",
                     f"prior_deaths ({us[-1].person}).unused_exclusion")
    nrb = min(1.0, sum(d.unused_nil_rate_band_fraction for d in mine))
    rnrb = min(1.0, sum(d.unused_residence_band_fraction for d in mine))
    return Carry(dsue=dsue, nrb_fraction=nrb, rnrb_fraction=rnrb)


__all__ = ["HistoryError", "household_carry", "household_gifts"]
