"""A minimal book reader for these tests until ``book.read_book`` (helper bookcore) is merged:
the spec's CSV files typed by ``book.frames.TABLES``; no validation (the files are hand-made)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from book.frames import TABLES, BookFrames, BookMeta

_DTYPE = {"id": "string", "text": "string", "choice": "category", "money": "float64",
          "fraction": "float64", "int": "Int64"}


def load_book(path: str | Path) -> BookFrames:
    path = Path(path)
    meta = json.loads((path / "book.json").read_text(encoding="utf-8"))
    frames = {}
    for table, cols in TABLES.items():
        f = path / f"{table}.csv"
        raw = pd.read_csv(f, dtype=str, keep_default_na=False) if f.exists() else \
            pd.DataFrame({c.name: [] for c in cols}, dtype=str)
        out = {}
        for c in cols:
            s = raw[c.name] if c.name in raw else pd.Series([""] * len(raw), dtype=str)
            s = s.replace("", None)
            if c.type == "date":
                out[c.name] = pd.to_datetime(s).astype("datetime64[ns]")
            elif c.type == "choice":
                out[c.name] = pd.Categorical(s, categories=list(c.choices))
            else:
                out[c.name] = pd.Series(s).astype(_DTYPE[c.type] if c.type != "int" else "float64")
                if c.type == "int":
                    out[c.name] = out[c.name].astype("Int64")
        frames[table] = pd.DataFrame(out)
    households = {}
    hdir = path / "households"
    if hdir.is_dir():
        from household import load

        for f in sorted(hdir.glob("*.json")):
            hh = load(f)
            households[hh.id] = hh
    return BookFrames(
        meta=BookMeta(dt.date.fromisoformat(meta["as_of"]), meta["base_currency"],
                      MappingProxyType(dict(meta.get("fx", {}))), meta.get("bank", "")),
        households=MappingProxyType(households), **frames)
