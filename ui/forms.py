"""Editing household items generically from the file-format models.

The editor works on the household's JSON document (a dict), never on the frozen models: a section
is a list of plain dicts, a table row is one item, nested lists (beneficiaries, guarantors, a
company's banking services) are shown as JSON text. Every problem is reported by
:func:`household.from_dict` with its JSON path and mapped back to a section, a row and a field.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel

from household import (
    CashFlow,
    Company,
    Gift,
    Goal,
    Holding,
    Household,
    Liability,
    Ownership,
    Parent,
    Person,
    Policy,
    PriorDeath,
    Referral,
    Role,
    Spouse,
    Trust,
    Will,
)

SECTIONS: dict[str, type[BaseModel] | None] = {
    "people": Person, "relations": None, "companies": Company, "trusts": Trust,
    "ownership": Ownership, "holdings": Holding, "liabilities": Liability, "policies": Policy,
    "cash_flows": CashFlow, "goals": Goal, "wills": Will, "gifts": Gift,
    "prior_deaths": PriorDeath,
}
RELATIONS: dict[str, type[BaseModel]] = {"spouse": Spouse, "parent": Parent, "role": Role,
                                         "referral": Referral}
HOUSEHOLD_FIELDS = ("name", "as_of", "base_currency", "fx", "jurisdiction", "banker",
                    "settlement_costs_rate", "notes")


@dataclass(frozen=True)
class FieldSpec:
    """How one field is edited: ``kind`` is text, number, integer, bool, choice, date or json."""

    name: str
    kind: str
    required: bool
    choices: tuple[str, ...] = ()
    default: Any = None


def _strip(tp: Any) -> Any:
    """``Annotated[X, ...]`` -> ``X`` (constraints stay with the model's own validation)."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _unwrap(tp: Any) -> tuple[Any, bool]:
    """(inner type, optional) of ``X | None``."""
    tp = _strip(tp)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [_strip(a) for a in typing.get_args(tp) if a is not type(None)]
        optional = len(args) < len(typing.get_args(tp))
        if len(args) == 1:
            return args[0], optional
        return tp, optional
    return tp, False


def field_specs(model: type[BaseModel]) -> list[FieldSpec]:
    out = []
    for name, f in model.model_fields.items():
        key = f.alias or name
        tp, optional = _unwrap(f.annotation)
        origin = typing.get_origin(tp)
        choices: tuple[str, ...] = ()
        if origin is Literal:
            kind, choices = "choice", tuple(str(a) for a in typing.get_args(tp))
        elif tp is bool:
            kind = "bool"
        elif tp is int:
            kind = "integer"
        elif tp is float:
            kind = "number"
        elif tp is dt.date:
            kind = "date"
        elif tp is str:
            kind = "text"
        else:
            kind = "json"
        default = None if f.is_required() or f.default_factory is not None else f.default
        out.append(FieldSpec(key, kind, f.is_required() and not optional, choices, default))
    return out


def specs_for(section: str, relation_kind: str | None = None) -> list[FieldSpec]:
    if section == "relations":
        if relation_kind:
            return field_specs(RELATIONS[relation_kind])
        seen: dict[str, FieldSpec] = {}
        for m in RELATIONS.values():
            for s in field_specs(m):
                seen.setdefault(s.name, s)
        return list(seen.values())
    model = SECTIONS[section]
    assert model is not None
    return field_specs(model)


def household_specs() -> list[FieldSpec]:
    return [s for s in field_specs(Household) if s.name in HOUSEHOLD_FIELDS]


# ----------------------------------------------------------------------------- tables
def to_frame(section: str, items: list[dict]) -> pd.DataFrame:
    """One row per item; nested values as JSON text; columns in the model's order."""
    specs = specs_for(section)
    rows = []
    for it in items:
        row = {}
        for s in specs:
            v = it.get(s.name)
            if s.kind == "json" and v is not None:
                v = json.dumps(v, ensure_ascii=False)
            row[s.name] = v
        rows.append(row)
    return pd.DataFrame(rows, columns=[s.name for s in specs])


def _blank(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    if isinstance(v, str) and not v.strip():
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _plain(v: Any) -> Any:
    """numpy scalars to Python; whole floats stay floats (pydantic accepts 2030.0 for a year)."""
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        v = v.item()
    if isinstance(v, (dt.date, pd.Timestamp)):
        v = v.isoformat()[:10]
    return v


class CellError(ValueError):
    def __init__(self, path: str, message: str):
        self.path, self.message = path, message
        super().__init__(f"{path}: {message}")


def from_frame(section: str, df: pd.DataFrame, bad_json: str = "is not valid JSON"
               ) -> tuple[list[dict], list[tuple[str, str]]]:
    """Items back from an edited table, and (JSON path, message) for cells that cannot be read."""
    kinds = {s.name: s.kind for s in specs_for(section)}
    items: list[dict] = []
    errors: list[tuple[str, str]] = []
    for i, rec in enumerate(df.to_dict("records")):
        item: dict[str, Any] = {}
        for k, v in rec.items():
            if _blank(v):
                continue
            v = _plain(v)
            # a table column of whole numbers with a gap comes back as floats (2030.0): the file
            # takes integers as integers
            if kinds.get(k) == "integer" and isinstance(v, float) and v.is_integer():
                v = int(v)
            if kinds.get(k) == "json" and isinstance(v, str):
                try:
                    v = json.loads(v)
                except (json.JSONDecodeError, RecursionError):  # deep nesting too
                    errors.append((f"{section}[{i}].{k}", bad_json))
                    continue
            item[k] = v
        if item:
            items.append(item)
    return items, errors


# ----------------------------------------------------------------------------- problems
_PATH = re.compile(r"^([a-z_]+)\[(\d+)\](?:\.(.*))?$")


@dataclass(frozen=True)
class Located:
    section: str
    row: int | None
    field: str
    message: str


def locate(path: str, message: str) -> Located:
    """Split a JSON path such as ``ownership[3].share`` into section, row and field."""
    m = _PATH.match(path or "")
    if m:
        return Located(m.group(1), int(m.group(2)), m.group(3) or "", message)
    head = (path or "").split(".")[0].split("[")[0]
    return Located(head if head in SECTIONS else "household", None, path or "", message)


def item_label(section: str, item: dict, index: int) -> str:
    """How an item is named in the pick list."""
    if "id" in item:
        name = item.get("name") or item.get("label") or item.get("product") or ""
        return f"{item['id']} · {name}"
    if section == "relations":
        parts = [str(item.get(k)) for k in ("a", "b", "parent", "child", "person", "company",
                                            "role", "from", "to") if item.get(k)]
        return f"{index + 1}. {item.get('kind', '?')}: " + " – ".join(parts)
    if section == "ownership":
        return f"{index + 1}. {item.get('owner')} → {item.get('company')} ({item.get('share')})"
    if section == "wills":
        return f"{index + 1}. {item.get('testator')}"
    return f"{index + 1}"


def coerce(spec: FieldSpec, raw: Any, bad_json: str = "is not valid JSON") -> Any:
    """A form value as it goes into the document (None: leave the field out)."""
    if _blank(raw):
        return None
    if spec.kind == "json" and isinstance(raw, str):
        try:
            return json.loads(raw)
        except (json.JSONDecodeError, RecursionError) as e:  # deep nesting too
            raise CellError(spec.name, bad_json) from e
    if spec.kind == "integer" and isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return _plain(raw)
