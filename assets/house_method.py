"""How the shipped house assumption sets are built (one documented method for every currency).

Inputs are data files in ``assets/data``: the USD long-term capital-market assumptions table
(``ltcma-jpm-2026-usd.json``), the per-currency inputs (``house-currencies-2026.json``: short rate,
inflation, FX volatility against USD and FX factor loadings, each with its source or labelled as an
assumption) and the asset-class factor loadings written down in ``house-cny-2026.json``.

For a base currency B:

* expected return of class k = USD arithmetic return of its proxy - (USD cash - B cash): covered
  interest parity, i.e. the return of a currency-hedged investor in B; volatility as published;
* correlations of the classes from the factor loadings (the same for every currency, since hedged
  returns differ only by a constant);
* inflation of B as given in the currency inputs;
* FX: ``x_c`` = log value of currency c in USD, covariance from the volatilities against USD and
  the FX factor loadings; the value of c in B is ``x_c - x_B`` (change of numeraire), so each set's
  FX volatilities and correlations follow from one USD covariance, PSD by construction.

``python -m assets.house_method`` rewrites the HKD, TWD and USD set files; the CNY set
(``house-cny-2026``) was written first by hand with the same return and correlation method and keeps
its own FX table (zero drift, one US-dollar factor) unchanged.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

LTCMA_FILE = "ltcma-jpm-2026-usd.json"
CURRENCY_FILE = "house-currencies-2026.json"
LOADINGS_FILE = "house-cny-2026.json"
#: currencies with a generated house set (CNY is shipped as written)
GENERATED = ("HKD", "TWD", "USD")
_VINTAGE_YEAR = "2026"


def _data(name: str) -> dict[str, Any]:
    return json.loads((resources.files("assets") / "data" / name).read_text(encoding="utf-8"))


def class_correlation(loadings: dict[str, list[float]], classes: list[str]) -> np.ndarray:
    """``L L'`` off the diagonal, 1 on it (PSD when each row's sum of squares is at most 1)."""
    lm = np.array([loadings[c] for c in classes], dtype=np.float64)
    c = lm @ lm.T
    np.fill_diagonal(c, 1.0)
    return np.round(c, 4)


def fx_table(base: str, currencies: dict[str, dict]) -> tuple[list[dict], dict[str, dict]]:
    """FX factors of every other currency in ``base`` by change of numeraire from USD."""
    names = list(currencies)
    vol = np.array([currencies[c]["fx_vol_vs_usd"] for c in names], dtype=np.float64)
    lm = np.array([currencies[c]["fx_loadings"] for c in names], dtype=np.float64)
    corr = lm @ lm.T
    np.fill_diagonal(corr, 1.0)
    cov_usd = corr * np.outer(vol, vol)
    b = names.index(base)
    # y_c = x_c - x_b for every c != base
    others = [i for i in range(len(names)) if i != b]
    t = np.zeros((len(others), len(names)))
    for r, i in enumerate(others):
        t[r, i] += 1.0
        t[r, b] -= 1.0
    cov = t @ cov_usd @ t.T
    sd = np.sqrt(np.diag(cov))
    rho = cov / np.outer(sd, sd)
    fx = [{"currency": names[i], "drift": 0.0, "volatility": round(float(sd[r]), 4)}
          for r, i in enumerate(others)]
    fx_corr: dict[str, dict] = {}
    for r in range(1, len(others)):
        fx_corr[names[others[r]]] = {names[others[s]]: round(float(rho[r, s]), 4)
                                     for s in range(r)}
    return fx, fx_corr


def house_set_document(currency: str) -> dict[str, Any]:
    """The assumption-set document (as shipped) of the house view in ``currency``."""
    ltcma, cur, cny = _data(LTCMA_FILE), _data(CURRENCY_FILE), _data(LOADINGS_FILE)
    params = cur["currencies"][currency]
    diff = round(ltcma["cash_return"] - params["cash_return"], 6)
    classes = [{"id": c["id"],
                "expected_return": round(c["expected_return"] - diff, 6),
                "volatility": c["volatility"], "proxy": c["proxy"]}
               for c in ltcma["classes"]]
    ids = [c["id"] for c in classes]
    cm = cny["correlation_method"]
    corr = class_correlation(cm["loadings"], ids)
    fx, fx_corr = fx_table(currency, cur["currencies"])
    usd_cash = ltcma["cash_return"]
    if diff:
        adj = (f"minus the USD-{currency} short-rate differential of {diff * 100:.1f} percentage "
               f"points (USD cash {usd_cash * 100:.1f}% vs {currency} cash "
               f"{params['cash_return'] * 100:.1f}%, covered interest parity: a currency-hedged "
               f"{currency} investor)")
    else:
        adj = "unchanged (the table is in USD)"
    return {
        "id": f"house-{currency.lower()}-{_VINTAGE_YEAR}",
        "vintage": ltcma["vintage"],
        "currency": currency,
        "source": ltcma["source"] + f" Currency inputs: {CURRENCY_FILE} (vintage "
                                    f"{cur['vintage']}).",
        "method": (f"{currency} house view built by assets/house_method.py: arithmetic mean = the "
                   f"USD LTCMA arithmetic return of the proxy class {adj}; volatility as "
                   f"published for the proxy. Returns are after-tax total returns in {currency}. "
                   f"{currency} cash: {params['cash_source']} Inflation: "
                   f"{params['inflation_source']}"),
        "unverified": ["volatilities of the LTCMA table",
                       *(["short-rate assumption"] if "UNVERIFIED" in params["cash_source"]
                         else []),
                       *(["inflation assumption"] if "UNVERIFIED" in params["inflation_source"]
                         else []),
                       "FX volatilities and correlations"],
        "inflation": dict(params["inflation"]),
        "classes": classes,
        "correlation_method": {**cm, "description": cm["description"] + " Same loadings as "
                               "house-cny-2026 (hedged returns in any currency differ from the "
                               "USD ones by a constant, so their correlations are the same)."},
        "correlation": corr.tolist(),
        "fx": fx,
        "fx_note": (f"Each currency's value in {currency} is a lognormal factor with zero expected "
                    "drift (house view). Volatilities and correlations by change of numeraire from "
                    f"one covariance of currencies against USD ({CURRENCY_FILE}): "
                    + cur["fx_note"]),
        "fx_correlation": fx_corr,
        "company_market_correlation": dict(cny["company_market_correlation"]),
        "company_market_note": cny["company_market_note"],
    }


def write_house_sets(folder: Path | None = None) -> list[Path]:
    """Write the generated sets (HKD, TWD, USD) as JSON files; returns their paths."""
    folder = folder or Path(str(resources.files("assets") / "data"))
    out = []
    for c in GENERATED:
        doc = house_set_document(c)
        p = folder / f"{doc['id']}.json"
        p.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        out.append(p)
    return out


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    for p in write_house_sets(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(p)
