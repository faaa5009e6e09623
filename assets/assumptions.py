"""Capital-market assumption sets: dated data files read into a frozen, checked value.

A set gives, in its own currency, the arithmetic annual mean and volatility of each asset class's
after-tax total return, a correlation matrix (checked symmetric, unit diagonal, positive
semi-definite), inflation, and FX factors: for each currency, its value in the set's currency as a
lognormal factor with a drift and a volatility, correlated with other currencies as stated.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from .classes import ASSET_CLASS_IDS

DEFAULT_ID = "house-cny-2026"
_PSD_TOLERANCE = 1e-10
_DEFAULT_COMPANY_CORRELATION = {"listed": 0.8, "private": 0.5}


class AssumptionError(ValueError):
    """An assumption set that cannot be used; ``field`` names where the problem is."""

    def __init__(self, field_name: str, message: str, source: str = ""):
        self.field = field_name
        self.message = message
        self.source = source
        where = f"{source}: " if source else ""
        super().__init__(f"{where}{field_name}: {message}")


@dataclass(frozen=True)
class FxFactor:
    """Value of one unit of ``currency`` in the set's currency: lognormal, arithmetic yearly
    change ``drift`` and volatility ``volatility``."""

    currency: str
    drift: float
    volatility: float


@dataclass(frozen=True)
class Assumptions:
    """One assumption set. Arrays are read-only and follow the order of ``classes``."""

    id: str
    vintage: str
    source: str
    currency: str
    inflation_mean: float
    inflation_vol: float
    classes: tuple[str, ...]
    means: np.ndarray = field(repr=False)
    vols: np.ndarray = field(repr=False)
    correlation: np.ndarray = field(repr=False)
    fx: Mapping[str, FxFactor] = field(default_factory=dict, repr=False)
    fx_correlation: Mapping[tuple[str, str], float] = field(default_factory=dict, repr=False)
    method: str = ""
    correlation_method: str = ""
    company_correlation: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(dict(_DEFAULT_COMPANY_CORRELATION)), repr=False
    )
    #: figures the set's authors could not check (e.g. "volatilities of the LTCMA table")
    unverified: tuple[str, ...] = ()
    #: why this set was chosen when it is not the household's own (see :func:`assumptions_for`)
    note: str = ""
    #: ``source`` and ``method`` in other languages: {"method": {"zh-Hant": ...}, ...}
    texts: Mapping[str, Mapping[str, str]] = field(default_factory=dict, repr=False)

    def text(self, name: str, lang: str = "en") -> str:
        """``source`` or ``method`` in ``lang``, else in English."""
        return self.texts.get(name, {}).get(lang) or str(getattr(self, name))

    def __post_init__(self) -> None:
        for a in (self.means, self.vols, self.correlation):
            a.setflags(write=False)

    def index(self, asset_class: str) -> int:
        try:
            return self.classes.index(asset_class)
        except ValueError:
            raise AssumptionError("classes", f"the set '{self.id}' has no assumption for asset "
                                  f"class '{asset_class}'") from None

    def mean(self, asset_class: str) -> float:
        return float(self.means[self.index(asset_class)])

    def vol(self, asset_class: str) -> float:
        return float(self.vols[self.index(asset_class)])

    def fx_corr(self, a: str, b: str) -> float:
        if a == b:
            return 1.0
        return self.fx_correlation.get((a, b), self.fx_correlation.get((b, a), 0.0))

    def covariance(self) -> np.ndarray:
        return self.correlation * np.outer(self.vols, self.vols)


#: the shipped house sets by currency (a file ``assets/data/<id>.json`` each)
HOUSE_SETS: Mapping[str, str] = MappingProxyType({
    "CNY": "house-cny-2026", "HKD": "house-hkd-2026", "TWD": "house-twd-2026",
    "USD": "house-usd-2026",
})
#: set used for a base currency without a house set of its own
FALLBACK_CURRENCY = "USD"


def _shipped_path(set_id: str) -> Path:
    return Path(str(resources.files("assets") / "data" / f"{set_id}.json"))


def _default_path() -> Path:
    return _shipped_path(DEFAULT_ID)


def _num(doc: Any, key: str, where: str, lo: float, hi: float, src: str) -> float:
    if not isinstance(doc, dict) or key not in doc:
        raise AssumptionError(f"{where}{key}", "missing", src)
    v = doc[key]
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise AssumptionError(f"{where}{key}", f"must be a number (got {v!r})", src)
    if not lo <= v <= hi:
        raise AssumptionError(f"{where}{key}", f"must be between {lo} and {hi} (got {v})", src)
    return float(v)


def _text(doc: dict, key: str, src: str, default: str | None = None) -> str:
    v = doc.get(key, default)
    if v is None:
        raise AssumptionError(key, "missing", src)
    if not isinstance(v, str):
        raise AssumptionError(key, f"must be text (got {v!r})", src)
    return v


def check_correlation(c: np.ndarray, name: str = "correlation", src: str = "") -> None:
    """Symmetric, unit diagonal, entries in [-1, 1], positive semi-definite."""
    if not np.all(np.isfinite(c)):
        raise AssumptionError(name, "must contain finite numbers only", src)
    if not np.allclose(c, c.T, atol=1e-12):
        i, j = np.argwhere(~np.isclose(c, c.T, atol=1e-12))[0]
        raise AssumptionError(f"{name}[{i}][{j}]", f"matrix is not symmetric ({c[i, j]} vs "
                              f"{c[j, i]} at [{j}][{i}])", src)
    if not np.allclose(np.diag(c), 1.0):
        i = int(np.argmax(np.abs(np.diag(c) - 1.0)))
        raise AssumptionError(f"{name}[{i}][{i}]", "diagonal entries must be 1", src)
    if np.any(np.abs(c) > 1.0):
        i, j = np.argwhere(np.abs(c) > 1.0)[0]
        raise AssumptionError(f"{name}[{i}][{j}]", "correlations must lie in [-1, 1]", src)
    low = float(np.linalg.eigvalsh(c).min())
    if low < -_PSD_TOLERANCE:
        raise AssumptionError(name, f"matrix is not positive semi-definite (smallest eigenvalue "
                              f"{low:.3g})", src)


def parse_assumptions(doc: Any, src: str = "") -> Assumptions:
    """Check and read an assumption-set document (already parsed JSON)."""
    if not isinstance(doc, dict):
        raise AssumptionError("(top level)", "must be a JSON object", src)
    aid = _text(doc, "id", src)
    currency = _text(doc, "currency", src)
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        raise AssumptionError("currency", f"must be an ISO 4217 code such as CNY (got "
                              f"{currency!r})", src)
    if "inflation" not in doc:
        raise AssumptionError("inflation", "missing", src)
    infl_mean = _num(doc["inflation"], "mean", "inflation.", -0.5, 5.0, src)
    infl_vol = _num(doc["inflation"], "volatility", "inflation.", 0.0, 5.0, src)
    ids, means, vols = _classes(doc.get("classes"), src)
    corr = _correlation(doc.get("correlation"), len(ids), src)
    for key, kind in (("fx", list), ("fx_correlation", dict),
                      ("company_market_correlation", dict)):
        if doc.get(key) is not None and not isinstance(doc[key], kind):
            raise AssumptionError(key, f"must be {'a list' if kind is list else 'an object'}",
                                  src)
    fx = _fx_factors(doc.get("fx", []) or [], src)
    fx_corr = _fx_correlation(doc.get("fx_correlation") or {}, fx, src)
    cc = dict(_DEFAULT_COMPANY_CORRELATION)
    for k in ("listed", "private"):
        if k in (doc.get("company_market_correlation") or {}):
            cc[k] = _num(doc["company_market_correlation"], k, "company_market_correlation.",
                         -1.0, 1.0, src)
    unverified = doc.get("unverified") or ()
    if not isinstance(unverified, list | tuple) or not all(isinstance(u, str) for u in unverified):
        raise AssumptionError("unverified", "must be a list of texts", src)
    cm = doc.get("correlation_method", "")
    if isinstance(cm, dict):
        cm = cm.get("description", "")
    return Assumptions(
        id=aid, vintage=str(doc.get("vintage", "")), source=str(doc.get("source", "")),
        currency=currency, inflation_mean=infl_mean, inflation_vol=infl_vol, classes=tuple(ids),
        means=np.array(means), vols=np.array(vols), correlation=corr,
        fx=MappingProxyType(fx), fx_correlation=MappingProxyType(fx_corr),
        method=str(doc.get("method", "")), correlation_method=str(cm),
        company_correlation=MappingProxyType(cc), unverified=tuple(unverified),
        texts=_texts(doc.get("texts"), src),
    )


def _classes(raw: Any, src: str) -> tuple[list[str], list[float], list[float]]:
    """The ``classes`` list: ids, expected returns and volatilities, each checked."""
    if not isinstance(raw, list) or not raw:
        raise AssumptionError("classes", "must be a non-empty list", src)
    ids: list[str] = []
    means: list[float] = []
    vols: list[float] = []
    for i, c in enumerate(raw):
        where = f"classes[{i}]."
        if not isinstance(c, dict) or "id" not in c:
            raise AssumptionError(f"classes[{i}].id", "missing", src)
        if c["id"] not in ASSET_CLASS_IDS:
            raise AssumptionError(f"classes[{i}].id", f"unknown asset class {c['id']!r}; use one "
                                  f"of {', '.join(ASSET_CLASS_IDS)}", src)
        if c["id"] in ids:
            raise AssumptionError(f"classes[{i}].id", f"duplicate asset class {c['id']!r}", src)
        ids.append(c["id"])
        means.append(_num(c, "expected_return", where, -0.99, 5.0, src))
        vols.append(_num(c, "volatility", where, 0.0, 5.0, src))
    return ids, means, vols


def _correlation(corr_raw: Any, n: int, src: str) -> np.ndarray:
    """The ``correlation`` matrix of the ``n`` classes, checked."""
    if corr_raw is None:
        raise AssumptionError("correlation", "missing", src)
    if not isinstance(corr_raw, list) or len(corr_raw) != n:
        raise AssumptionError("correlation", f"must be a {n} x {n} matrix (one row per class)",
                              src)
    for i, row in enumerate(corr_raw):
        if not isinstance(row, list) or len(row) != n:
            raise AssumptionError(f"correlation[{i}]", f"must have {n} entries", src)
        for j, v in enumerate(row):
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise AssumptionError(f"correlation[{i}][{j}]", f"must be a number (got {v!r})",
                                      src)
    corr = np.array(corr_raw, dtype=np.float64)
    check_correlation(corr, "correlation", src)
    return corr


def _fx_factors(raw: list, src: str) -> dict[str, FxFactor]:
    fx: dict[str, FxFactor] = {}
    for i, f in enumerate(raw):
        cur = f.get("currency") if isinstance(f, dict) else None
        if not isinstance(cur, str) or len(cur) != 3:
            raise AssumptionError(f"fx[{i}].currency", "must be an ISO 4217 code", src)
        fx[cur] = FxFactor(cur, _num(f, "drift", f"fx[{i}].", -0.5, 0.5, src),
                           _num(f, "volatility", f"fx[{i}].", 0.0, 2.0, src))
    return fx


def _fx_correlation(raw: dict, fx: Mapping[str, FxFactor], src: str
                    ) -> dict[tuple[str, str], float]:
    fx_corr: dict[tuple[str, str], float] = {}
    for a, row in raw.items():
        if not isinstance(row, dict):
            raise AssumptionError(f"fx_correlation.{a}", "must be an object", src)
        for b in row:
            v = _num(row, b, f"fx_correlation.{a}.", -1.0, 1.0, src)
            if a not in fx or b not in fx:
                raise AssumptionError(f"fx_correlation.{a}.{b}", "names a currency without an "
                                      "fx entry", src)
            fx_corr[(a, b)] = v
    if fx:
        names = list(fx)
        m = np.array([[1.0 if a == b else fx_corr.get((a, b), fx_corr.get((b, a), 0.0))
                       for b in names] for a in names])
        check_correlation(m, "fx_correlation", src)
    return fx_corr


def _texts(raw: Any, src: str) -> Mapping[str, Mapping[str, str]]:
    if raw is None:
        return MappingProxyType({})
    ok = isinstance(raw, dict) and all(
        k in ("source", "method") and isinstance(v, dict)
        and all(isinstance(lang, str) and isinstance(t, str) for lang, t in v.items())
        for k, v in raw.items())
    if not ok:
        raise AssumptionError("texts", "must map source/method to {language: text}", src)
    return MappingProxyType({k: MappingProxyType(dict(v)) for k, v in raw.items()})


_CACHE: dict[str, Assumptions] = {}


def _shipped(set_id: str) -> Assumptions:
    if set_id not in _CACHE:
        a = load_assumptions(_shipped_path(set_id))
        if a.id != set_id:
            raise AssumptionError("id", f"file {set_id}.json holds the set {a.id!r}",
                                  str(_shipped_path(set_id)))
        _CACHE[set_id] = a
    return _CACHE[set_id]


def available_assumptions() -> tuple[str, ...]:
    """Ids of the shipped house sets (CNY first, then HKD, TWD, USD)."""
    return tuple(HOUSE_SETS.values())


def assumption_ids() -> tuple[str, ...]:
    """Same as :func:`available_assumptions` (the name the UI looks for)."""
    return available_assumptions()


def assumptions_for(base_currency: str) -> Assumptions:
    """The house set of ``base_currency``; for a currency without one, the USD house set with
    :attr:`Assumptions.note` saying so (its returns are USD returns; amounts in the base currency
    are then moved by the set's FX factors)."""
    cur = (base_currency or "").upper()
    if cur in HOUSE_SETS:
        return _shipped(HOUSE_SETS[cur])
    key = f"fallback:{cur}"
    if key not in _CACHE:
        fb = _shipped(HOUSE_SETS[FALLBACK_CURRENCY])
        note = (f"No house assumption set in {cur or '(no currency)'}; using {fb.id} "
                f"({fb.currency} returns and inflation; {cur} amounts moved by the set's FX "
                f"factors).")
        _CACHE[key] = replace(fb, note=note)
    return _CACHE[key]


MAX_ASSUMPTION_BYTES = 5 * 2**20


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _read_small(path: Path) -> bytes:
    """A regular file of at most :data:`MAX_ASSUMPTION_BYTES` (never a device or a FIFO, which
    would be read forever or wait forever)."""
    import os
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise AssumptionError("(file)", "is not a regular file", str(path))
        data = os.read(fd, MAX_ASSUMPTION_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_ASSUMPTION_BYTES:
        raise AssumptionError("(file)", f"is larger than {MAX_ASSUMPTION_BYTES // 2**20} MiB",
                              str(path))
    return data


def load_assumptions(path: str | Path | None = None) -> Assumptions:
    """Read an assumption set: a file path, the id of a shipped set (see
    :func:`available_assumptions`), or ``None`` for the default CNY house set.

    Raises :class:`AssumptionError` naming the field for a bad file.
    """
    if path is None:
        return _shipped(DEFAULT_ID)
    if isinstance(path, str) and path in HOUSE_SETS.values() and not Path(path).exists():
        return _shipped(path)
    src = str(path)
    try:
        text = _read_small(Path(path)).decode("utf-8")
    except OSError as e:
        raise AssumptionError("(file)", f"cannot read: {e.strerror}", src) from None
    except UnicodeDecodeError:
        raise AssumptionError("(file)", "is not UTF-8 text", src) from None
    try:
        doc = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        raise AssumptionError(f"(line {e.lineno} column {e.colno})", f"invalid JSON: {e.msg}",
                              src) from None
    except RecursionError:
        raise AssumptionError("(file)", "is nested too deeply", src) from None
    except ValueError as e:
        raise AssumptionError("(file)", str(e), src) from None
    return parse_assumptions(doc, src)
