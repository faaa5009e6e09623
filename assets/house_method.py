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

``python -m cli.house_sets`` rewrites the HKD, TWD and USD set files; the CNY set
(``house-cny-2026``) was written first by hand with the same return and correlation method and keeps
its own FX table (zero drift, one US-dollar factor) unchanged.
"""

from __future__ import annotations

import json
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
_CURRENCY_NOTE = {"zh-Hant": "幣別參數：{file}（{vintage} 版）。",
                  "zh-Hans": "币种参数：{file}（{vintage} 版）。"}


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


def chinese_texts(currency: str, diff: float, usd_cash: float, cash: float, inflation: float,
                  unverified: bool, source: dict[str, str]) -> dict[str, dict[str, str]]:
    """The set's source and method in 繁體 and 简体 (the client's proposal prints them)."""
    out: dict[str, dict[str, str]] = {"source": dict(source), "method": {}}
    for lang, w in (("zh-Hant", _ZH_HANT), ("zh-Hans", _ZH_HANS)):
        if diff:
            adj = w["adj"].format(ccy=currency, diff=diff * 100, usd=usd_cash * 100,
                                  cash=cash * 100)
        else:
            adj = w["unchanged"]
        out["method"][lang] = w["method"].format(ccy=currency, adj=adj, infl=inflation * 100) + (
            w["unverified"] if unverified else "")
    return out


_ZH_HANT = {
    "method": "{ccy} 行內觀點：各資產類別的預期報酬（算術平均）= "
              "代理資產類別的美元長期資本市場假設報酬{adj}；波動度採代理資產類別的公布值。"
              "報酬為以 {ccy} 計價的稅後總報酬。通膨假設每年 {infl:.1f}%。",
    "adj": "，減去美元與 {ccy} 短期利差 {diff:.1f} 個百分點（美元現金 {usd:.1f}%，{ccy} 現金"
           " {cash:.1f}%；依拋補利率平價，即匯率避險後的 {ccy} 投資人）",
    "unchanged": "（美元表，不作調整）",
    "unverified": "現金報酬或通膨屬行內假設，未經核實。",
}
_ZH_HANS = {
    "method": "{ccy} 行内观点：各资产类别的预期收益（算术平均）= "
              "代理资产类别的美元长期资本市场假设收益{adj}；波动率采用代理资产类别的公布值。"
              "收益为以 {ccy} 计价的税后总收益。通胀假设每年 {infl:.1f}%。",
    "adj": "，减去美元与 {ccy} 短期利差 {diff:.1f} 个百分点（美元现金 {usd:.1f}%，{ccy} 现金"
           " {cash:.1f}%；依抛补利率平价，即汇率对冲后的 {ccy} 投资者）",
    "unchanged": "（美元表，不作调整）",
    "unverified": "现金收益或通胀属行内假设，未经核实。",
}


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
        "texts": chinese_texts(
            currency, diff, usd_cash, params["cash_return"], params["inflation"]["mean"],
            "UNVERIFIED" in params["cash_source"] + params["inflation_source"],
            {lang: text + _CURRENCY_NOTE[lang].format(file=CURRENCY_FILE, vintage=cur["vintage"])
             for lang, text in ltcma["texts"]["source"].items()}),
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

