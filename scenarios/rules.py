"""Succession rule sets as dated data with references (OpenFisca style).

Each jurisdiction has one JSON file in ``scenarios/rules/``. A value is a list of dated entries
``{"since": "YYYY-MM-DD", "value": ..., "reference": key, "unverified": bool}``; the formulas read
the values in force on the date of death through one snapshot, :meth:`RuleSet.at`
(``rules.at(on).estate_tax.brackets``, or ``rules.at(on)["estate_tax.brackets"]``). Entries marked
unverified carry facts that still need a second source; they are used, and reported as such.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from i18n import catalog

JURISDICTION_CODES: tuple[str, ...] = ("CN", "TW", "HK", "SG", "US", "UK", "JP")


class Reference(str):
    """A legal reference as the English text people read (the title, maybe marked UNVERIFIED)
    that also knows its rule set and key, so the text side gives the title in the reader's
    language from the key (:func:`localized_reference`), never by matching the English back.
    Being a ``str``, the JSON outputs and the golden results are unchanged."""

    jurisdiction: str
    key: str
    unverified: bool

    def __new__(cls, text: str, jurisdiction: str, key: str, unverified: bool) -> Reference:
        self = super().__new__(cls, text)
        self.jurisdiction, self.key, self.unverified = jurisdiction, key, unverified
        return self

    def __reduce__(self) -> tuple:
        return (Reference, (str(self), self.jurisdiction, self.key, self.unverified))


class RuleError(ValueError):
    """A rule set that is missing, malformed, or has no value in force on a date."""


class MissingRule(RuleError, KeyError):
    """A value the rule set does not have (a :class:`RuleError`, and a ``KeyError`` for mapping
    access)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class RuleEntry:
    since: dt.date
    value: Any
    reference: str
    unverified: bool = False
    note: str | None = None


@dataclass(frozen=True)
class RuleSet:
    """One jurisdiction's succession and tax rules, each value dated and referenced."""

    jurisdiction: str
    name: str
    currency: str
    references: Mapping[str, Mapping[str, str]]
    values: Mapping[str, tuple[RuleEntry, ...]] = field(repr=False)
    # the set's name in other languages ({"zh-Hant": ..., "zh-Hans": ...}); English is ``name``
    names: Mapping[str, str] = field(default_factory=dict, repr=False)
    # the snapshots made so far, one per date (a snapshot is frozen: sharing it is safe)
    _snapshots: dict[dt.date, RuleSnapshot] = field(default_factory=dict, repr=False,
                                                    compare=False, hash=False)

    def at(self, on_date: dt.date) -> RuleSnapshot:
        """The values in force on ``on_date``, as one frozen snapshot."""
        snap = self._snapshots.get(on_date)
        if snap is None:
            snap = self._snapshots[on_date] = RuleSnapshot(self, on_date)
        return snap

    def display_name(self, lang: str = "en") -> str:
        """The set's name in ``lang``, else in English."""
        return self.names.get(lang) or self.name

    def title(self, reference: str, lang: str = "en") -> str:
        """A reference's title in ``lang`` (``title_zh-Hant``, ``title_zh-Hans`` in the file),
        else in English, else its key."""
        ref = self.references.get(reference, {})
        return str(ref.get(f"title_{lang}") or ref.get("title") or reference)

    def entry(self, name: str, on_date: dt.date) -> RuleEntry:
        """The entry of ``name`` in force on ``on_date`` (the latest ``since`` not after it)."""
        entries = self.values.get(name)
        if entries is None:
            raise RuleError(f"rule set {self.jurisdiction} has no value '{name}'")
        found = None
        for e in entries:
            if e.since <= on_date:
                found = e
        if found is None:
            first = entries[0].since.isoformat()
            raise RuleError(f"rule set {self.jurisdiction}: '{name}' is encoded only from {first};"
                            f" no value in force on {on_date.isoformat()}")
        return found

    def value(self, name: str, on_date: dt.date, default: Any = ...) -> Any:
        """The value of ``name`` in force on ``on_date``; ``default`` when the set lacks it."""
        if default is not ... and name not in self.values:
            return default
        return self.entry(name, on_date).value

    def has(self, name: str) -> bool:
        return name in self.values

    def reference(self, name: str, on_date: dt.date) -> Reference:
        """Human-readable legal reference of the value in force (English; it carries its key
        for the other languages)."""
        e = self.entry(name, on_date)
        ref = self.references.get(e.reference, {})
        title = ref.get("title", e.reference)
        mark = catalog.text("rules.unverified") if e.unverified else ""
        return Reference(f"{title}{mark}", self.jurisdiction, e.reference, e.unverified)

    def unverified(self) -> list[tuple[str, RuleEntry]]:
        return [(n, e) for n, es in self.values.items() for e in es if e.unverified]

    def with_values(self, **overrides: Any) -> RuleSet:
        """A copy where each ``name=value`` (dots written as ``__``) is in force from day one."""
        vals = dict(self.values)
        for k, v in overrides.items():
            name = k.replace("__", ".")
            vals[name] = (RuleEntry(dt.date(1900, 1, 1), v, "override", note="test override"),)
        return RuleSet(self.jurisdiction, self.name, self.currency, self.references,
                       MappingProxyType(vals), self.names)


_MISSING = object()


class RuleSnapshot(Mapping[str, Any]):
    """One rule set's values in force on one date: ``snap["estate_tax.brackets"]`` or
    ``snap.estate_tax.brackets``; :meth:`get` gives a default only when the set lacks the value
    (a value the set has but not yet in force on the date raises :class:`RuleError`).

    Values are looked up on first use and kept; the snapshot itself cannot be changed."""

    __slots__ = ("_cache", "on", "rules")

    rules: RuleSet
    on: dt.date

    def __init__(self, rules: RuleSet, on: dt.date) -> None:
        object.__setattr__(self, "rules", rules)
        object.__setattr__(self, "on", on)
        object.__setattr__(self, "_cache", {})

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a rule snapshot is frozen")

    def __getitem__(self, name: str) -> Any:
        cache: dict[str, Any] = self._cache
        v = cache.get(name, _MISSING)
        if v is _MISSING:
            if name not in self.rules.values:
                raise MissingRule(f"rule set {self.rules.jurisdiction} has no value '{name}'")
            v = cache[name] = self.rules.entry(name, self.on).value
        return v

    def __iter__(self) -> Iterator[str]:
        return iter(self.rules.values)

    def __len__(self) -> int:
        return len(self.rules.values)

    def __contains__(self, name: object) -> bool:
        return name in self.rules.values

    def get(self, name: str, default: Any = None) -> Any:
        """The value in force, or ``default`` when the set lacks ``name``."""
        return self[name] if name in self.rules.values else default

    def entry(self, name: str) -> RuleEntry:
        return self.rules.entry(name, self.on)

    def reference(self, name: str) -> str:
        """Human-readable legal reference of the value in force (:meth:`RuleSet.reference`),
        made once per snapshot (a Monte Carlo plan asks for the same few thousands of times)."""
        key = "\x00reference:" + name  # beside the values in the same cache, never a rule name
        cache: dict[str, Any] = self._cache
        ref = cache.get(key)
        if ref is None:
            ref = cache[key] = self.rules.reference(name, self.on)
        return ref

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return _Group(self, name)

    def __repr__(self) -> str:
        return f"RuleSnapshot({self.rules.jurisdiction}, {self.on.isoformat()})"


class _Group:
    """``snap.estate_tax``: the values named ``estate_tax.*``; a leaf reads the value in force."""

    __slots__ = ("_prefix", "_snap")

    def __init__(self, snap: RuleSnapshot, prefix: str) -> None:
        self._snap = snap
        self._prefix = prefix

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        full = f"{self._prefix}.{name}"
        if full in self._snap:
            return self._snap[full]
        if any(k.startswith(full + ".") for k in self._snap):
            return _Group(self._snap, full)
        raise MissingRule(f"rule set {self._snap.rules.jurisdiction} has no value '{full}'")


def _parse(doc: dict, source: str) -> RuleSet:
    try:
        refs = doc["references"]
        values: dict[str, tuple[RuleEntry, ...]] = {}
        for name, entries in doc["values"].items():
            parsed = []
            for e in entries:
                ref = e["reference"]
                if ref not in refs:
                    raise RuleError(f"{source}: value '{name}' cites unknown reference '{ref}'")
                parsed.append(RuleEntry(dt.date.fromisoformat(e["since"]), e["value"], ref,
                                        bool(e.get("unverified", False)), e.get("note")))
            parsed.sort(key=lambda x: x.since)
            values[name] = tuple(parsed)
        names = {k.removeprefix("name_"): str(v) for k, v in doc.items()
                 if k.startswith("name_")}
        return RuleSet(doc["jurisdiction"], doc["name"], doc["currency"],
                       MappingProxyType({k: MappingProxyType(v) for k, v in refs.items()}),
                       MappingProxyType(values), MappingProxyType(names))
    except (KeyError, TypeError, ValueError) as e:
        if isinstance(e, RuleError):
            raise
        raise RuleError(f"{source}: malformed rule set ({e})") from None


def localized_reference(text: str, lang: str) -> str:
    """A reference as :meth:`RuleSet.reference` made it (a :class:`Reference`), in ``lang``:
    the title in the reader's language from its key, marked when UNVERIFIED. Any other text is
    returned as it is."""
    if not isinstance(text, Reference):
        return text
    title = load_rules(text.jurisdiction).title(text.key, lang)
    return title + (catalog.text("rules.unverified", lang) if text.unverified else "")


@cache
def load_rules(jurisdiction: str) -> RuleSet:
    """The packaged rule set of a jurisdiction (CN, TW, HK, SG, US, UK, JP)."""
    code = jurisdiction.upper()
    if code not in JURISDICTION_CODES:
        raise RuleError(f"no succession rule set for jurisdiction '{jurisdiction}'; "
                        f"available: {', '.join(JURISDICTION_CODES)}")
    text = (resources.files("scenarios") / "rules" / f"{code}.json").read_text(encoding="utf-8")
    return _parse(json.loads(text), f"rules/{code}.json")


def _catalogue() -> Mapping[str, Mapping[str, Any]]:
    out = {}
    for code in JURISDICTION_CODES:
        rs = load_rules(code)
        out[code] = MappingProxyType({
            "name": rs.name, "currency": rs.currency,
            "references": {k: dict(v) for k, v in rs.references.items()},
            "unverified": [n for n, _ in rs.unverified()],
        })
    return MappingProxyType(out)


RULE_SETS: Mapping[str, Mapping[str, Any]] = _catalogue()
