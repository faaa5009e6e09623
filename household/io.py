"""Reading and writing household files: every problem reported at once, each with its JSON path."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .checks import semantic_problems
from .errors import HouseholdError, Problem
from .model import FORMAT, Household, Spouse

MAX_FILE_BYTES = 50 * 1024 * 1024
_UNION_TAGS = frozenset({
    "spouse", "parent", "role", "referral",
    "set_will", "settle_trust", "buy_policy", "gift_plan", "business_transfer",
})


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        part = str(part)
        # pydantic names union members and validators in `loc`; they are not JSON keys.
        if part in _UNION_TAGS and i > 0 and isinstance(loc[i - 1], int):
            continue
        if "[" in part or part in {"str", "dict", "int", "float", "bool", "list"}:
            continue
        if part == "from_":
            part = "from"
        out += f".{part}" if out else part
    return out


def _message(err: dict[str, Any]) -> str:
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if err["type"] == "extra_forbidden":
        return "unknown key (not part of kinfolio.household/1; check the spelling)"
    if err["type"] == "missing":
        return "required field is missing"
    inp = err.get("input")
    if isinstance(inp, (int, float, str)) and not isinstance(inp, bool):
        shown = repr(inp) if not isinstance(inp, str) else json.dumps(inp, ensure_ascii=False)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return f"{msg} (got {shown})"
    return msg


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(data: bytes | str) -> Any:
    """Decode JSON text strictly: UTF-8 only, no NaN/Infinity, no duplicate keys."""
    if isinstance(data, bytes):
        if len(data) > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // 2**20
            raise HouseholdError([Problem("", f"file is larger than {limit} MiB")])
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise HouseholdError([Problem("", f"file is not UTF-8 text (byte {e.start}: "
                                              f"{e.reason})")]) from None
    else:
        text = data
    if not text.strip():
        raise HouseholdError([Problem("", "file is empty; expected a JSON object")])

    def no_dupes(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        d = dict(pairs)  # in C; the keys are looked at one by one only when one repeats
        if len(d) != len(pairs):
            seen: set[str] = set()
            for k, _ in pairs:
                if k in seen:
                    raise ValueError(f"duplicate key '{k}' in one JSON object")
                seen.add(k)
        return d

    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=no_dupes)
    except json.JSONDecodeError as e:
        raise HouseholdError([Problem("", f"malformed JSON at line {e.lineno}, column {e.colno}: "
                                          f"{e.msg}")]) from None
    except (ValueError, RecursionError) as e:
        raise HouseholdError([Problem("", f"malformed JSON: {e}")]) from None


def from_dict(raw: Any) -> Household:
    """Validate a decoded JSON value as a household; raises :class:`HouseholdError`."""
    if not isinstance(raw, dict):
        raise HouseholdError([Problem("", f"expected a JSON object, got {type(raw).__name__}")])
    if raw.get("format") != FORMAT:
        got = raw.get("format")
        raise HouseholdError([Problem("format", f"must be \"{FORMAT}\" (got {json.dumps(got)})")])
    try:
        hh = Household.model_validate(raw)
    except ValidationError as e:
        problems = [Problem(_path(tuple(err["loc"])), _message(err)) for err in e.errors()]
        raise HouseholdError(_dedupe(problems)) from None
    except RecursionError:
        raise HouseholdError([Problem("", "document is nested too deeply")]) from None
    problems = semantic_problems(hh)
    if problems:
        raise HouseholdError(problems)
    return resolve_defaults(hh)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[str, str]] = set()
    out = []
    for p in problems:
        if (p.path, p.message) not in seen:
            seen.add((p.path, p.message))
            out.append(p)
    return out


def loads(data: bytes | str) -> Household:
    return from_dict(parse_json(data))


def read_file(path: str | Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; :class:`HouseholdError` for a
    missing file, a folder, a device (``/dev/zero``), a FIFO (which would wait for a writer
    forever) or a file over the limit. Never reads more than ``limit + 1`` bytes."""
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise HouseholdError([Problem("", f"no such file: {p}")]) from None
    except IsADirectoryError:
        raise HouseholdError([Problem("", f"{p} is a folder, not a household file")]) from None
    except OSError as e:
        raise HouseholdError([Problem("", f"cannot read {p}: {e.strerror}")]) from None
    try:
        st = os.fstat(fd)  # of what was opened, not of what the name points to now
        if stat.S_ISDIR(st.st_mode):
            raise HouseholdError([Problem("", f"{p} is a folder, not a household file")])
        if not stat.S_ISREG(st.st_mode):
            raise HouseholdError([Problem("", f"{p} is not a regular file (a device, FIFO or "
                                              "socket); give a household file")])
        if st.st_size > limit:
            raise HouseholdError([Problem("", f"file is larger than {limit // 2**20} MiB")])
        chunks, size = [], 0
        while size <= limit:
            b = os.read(fd, min(1 << 20, limit + 1 - size))
            if not b:
                break
            chunks.append(b)
            size += len(b)
    except OSError as e:
        raise HouseholdError([Problem("", f"cannot read {p}: {e.strerror}")]) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew while being read
        raise HouseholdError([Problem("", f"file is larger than {limit // 2**20} MiB")])
    return data


def load(path: str | Path) -> Household:
    """Read and validate a household file."""
    return loads(read_file(path))


def resolve_defaults(hh: Household) -> Household:
    """Fill the defaults that depend on the rest of the file, so later stages read one value."""
    domicile = {p.id: p.domicile or hh.jurisdiction for p in hh.people}
    married = {pid for r in hh.relations if isinstance(r, Spouse) for pid in (r.a, r.b)}
    place = dict(domicile)
    place.update({c.id: c.jurisdiction for c in hh.companies})
    place.update({t.id: t.jurisdiction for t in hh.trusts})

    def marital(owner: str, given: str | None) -> str:
        if given is not None:
            return given
        return "marital" if owner in married else "separate"

    people = [p if p.domicile else _copy(p, {"domicile": domicile[p.id]}) for p in hh.people]
    ownership = [_copy(o, {"voting": o.votes, "marital": marital(o.owner, o.marital)})
                 for o in hh.ownership]
    holdings = [_copy(h, {"liquid": h.is_liquid, "situs": h.situs or place[h.owner],
                          "marital": marital(h.owner, h.marital)})
                for h in hh.holdings]
    cash_flows = [_copy(c, {"stops_at_death": c.stops}) for c in hh.cash_flows]
    return hh.model_copy(update={"people": people, "ownership": ownership, "holdings": holdings,
                                 "cash_flows": cash_flows})


def _copy(m: Any, update: dict[str, Any]) -> Any:
    """``m.model_copy(update=update)`` without its generic copying (it is called for every item
    of every file a book import reads): the same fields, fields set, extra and private parts."""
    new = type(m).__new__(type(m))
    object.__setattr__(new, "__dict__", {**m.__dict__, **update})
    object.__setattr__(new, "__pydantic_extra__", m.__pydantic_extra__)
    object.__setattr__(new, "__pydantic_fields_set__", m.__pydantic_fields_set__ | update.keys())
    object.__setattr__(new, "__pydantic_private__", m.__pydantic_private__)
    return new


def to_dict(hh: Household) -> dict[str, Any]:
    return hh.model_dump(mode="json", by_alias=True, exclude_none=True)


def dumps(hh: Household) -> str:
    """The household as canonical JSON text (UTF-8, stable order), ending in a newline."""
    return dumps_dict(to_dict(hh))


def sha256(hh: Household) -> str:
    return sha256_dict(to_dict(hh))


def dumps_dict(d: dict[str, Any]) -> str:
    """:func:`dumps` of a household's :func:`to_dict` (to make both from one dict)."""
    return json.dumps(d, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def sha256_dict(d: dict[str, Any]) -> str:
    """:func:`sha256` of a household's :func:`to_dict`."""
    canonical = json.dumps(d, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def problems(data: bytes | str) -> list[Problem]:
    """Every problem of a household file's text (empty when it is valid)."""
    try:
        loads(data)
    except HouseholdError as e:
        return e.problems
    return []


