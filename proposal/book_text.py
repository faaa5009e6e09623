"""The sentences of the book watch (alerts, activation, ledger, calendar, 公私聯動) in English,
繁體中文 and 简体中文 (the catalog's ``book.*`` messages), made from the engines' codes and
parameters.

``sentence(code, params, lang)`` looks the code up (a code ``a.b.c`` falls back to ``a.b`` then
``a``) and fills the template with the parameters made printable first: amounts as people write
them (萬/億 in Chinese, :func:`household.locale.money`), fractions as percentages, words for the
small vocabularies. User text (names, notes) is only ever a value, never a template.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from household.locale import check_lang, money, pct
from i18n import catalog

T = catalog.table("book.")

# parameters that are amounts (formatted with the alert's or the book's currency)
_MONEY = {"amount", "usual", "now", "before", "after", "threshold", "largest", "net_worth",
          "known_assets"}
_FRACTION = {"fraction", "wallet_share", "share_of_liquid"}


def tr(key: str, lang: str) -> str:
    return catalog.text("book." + key, check_lang(lang))


def template(code: str, lang: str) -> str:
    """The template of ``code`` (``a.b.c`` falls back to ``a.b``, then ``a``)."""
    parts = code.split(".")
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n])
        if key in T:
            return tr(key, lang)
    raise KeyError(f"no sentence for '{code}'")


def _word(prefix: str, value: Any, lang: str) -> str:
    key = f"{prefix}.{value}"
    return tr(key, lang) if key in T else str(value)


def printable(params: Mapping[str, Any], lang: str, currency: str | None = None) -> dict:
    """Parameters made printable in ``lang``."""
    out: dict[str, Any] = {}
    for k, v in params.items():
        if v is None:
            out[k] = tr("word.none", lang)
        elif k in _MONEY and isinstance(v, (int, float)) and math.isfinite(v):
            cur = params.get("threshold_currency") if k == "threshold" else None
            out[k] = money(float(v), cur or params.get("currency") or currency, lang)
        elif k in _FRACTION and isinstance(v, (int, float)):
            out[k] = pct(float(v))
        elif isinstance(v, (list, tuple)):
            out[k] = "、".join(map(str, v)) if lang != "en" else ", ".join(map(str, v))
        elif isinstance(v, float):
            out[k] = f"{v:,.1f}".rstrip("0").rstrip(".")
        else:
            out[k] = v
    if "direction" in params:
        out["direction"] = tr(f"word.{params['direction']}", lang)
    for k, prefix in (("txn_kind", "txn"), ("account_kind", "acct"), ("festival", "festival"),
                      ("rule", "rule")):
        if k in params and params[k] is not None:
            out[k] = _word(prefix, params[k], lang)
    if "rule" in params:
        out["rule_name"] = out["rule"]
    if "verified" in params:
        out["unverified"] = "" if params["verified"] else tr("word.unverified", lang)
    return out


def sentence(code: str, params: Mapping[str, Any], lang: str, currency: str | None = None
             ) -> str:
    return template(code, lang).format_map(_Strict(printable(params, lang, currency)))


class _Strict(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(f"sentence parameter '{key}' missing")


def alert_sentence(alert_json: Mapping[str, Any], client_name: str, lang: str) -> str:
    """The one plain sentence of an alert (its ``as_json()`` form)."""
    p = dict(alert_json["params"])
    p.update({"client": client_name, "date": alert_json["date"],
              "amount": alert_json.get("amount"), "currency": alert_json.get("currency"),
              "account": alert_json.get("account_id") or ""})
    return sentence(alert_json["code"], p, lang)
