"""Issue 7 item 6: a proposal for a household beyond ``MAX_PROPOSAL_PEOPLE`` is refused at once
with a message naming its size (never a run of many minutes); a household of a few dozen people
still gets its PDF."""

from __future__ import annotations

import numpy as np
import pytest

from household.synthetic import company_web
from proposal import build_for
from proposal.builder import ProposalError
from proposal.compute import MAX_PROPOSAL_PEOPLE


def _web(n_people: int, n_companies: int, n_holdings: int, n_trusts: int):
    return company_web(np.random.default_rng(np.random.SeedSequence(1000)), n_people=n_people,
                       n_companies=n_companies, n_holdings=n_holdings, n_trusts=n_trusts)


def test_1000_people_proposal_is_refused_naming_the_size():
    big = _web(1000, 200, 5000, 10)
    with pytest.raises(ProposalError) as e:
        build_for(big, "en", paths=10)
    assert "1,000 people" in str(e.value) and str(MAX_PROPOSAL_PEOPLE) in str(e.value)


def test_a_household_of_forty_people_gets_its_proposal():
    pdf = build_for(_web(40, 8, 200, 2), "zh-Hant", paths=10)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
