"""The bank's identity as data: a bank profile (TOML) for the cover, header, footer, signature
block and disclosures of the proposal.

Keys: ``name``, ``legal_entity``, ``licence``, ``address`` (each a string or a table of
``en``/``zh-Hant``/``zh-Hans``), ``logo`` (a path, relative to the profile file),
``[relationship_manager]`` ``name``/``phone``/``email``, ``[disclosures.<jurisdiction>]`` text per
language. ``kinfolio proposal ... --bank FILE``; the app reads ``KINFOLIO_BANK`` (else the shipped
example, :data:`EXAMPLE`).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

LANGS = ("en", "zh-Hant", "zh-Hans")
_TEXT_KEYS = ("name", "legal_entity", "licence", "address")


class BankProfileError(ValueError):
    """A bank profile that cannot be used; the message names the file and the key."""


def example_path() -> Path:
    return Path(str(resources.files("proposal") / "data" / "bank-example.toml"))


@dataclass(frozen=True)
class BankProfile:
    name: Mapping[str, str]
    legal_entity: Mapping[str, str] = field(default_factory=dict)
    licence: Mapping[str, str] = field(default_factory=dict)
    address: Mapping[str, str] = field(default_factory=dict)
    logo: Path | None = None
    rm_name: Mapping[str, str] = field(default_factory=dict)
    rm_phone: str = ""
    rm_email: str = ""
    disclosures: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def text(self, key: str, lang: str) -> str:
        d = getattr(self, key)
        return str(d.get(lang) or d.get("en") or next(iter(d.values()), "")) if d else ""

    def disclosure(self, jurisdiction: str, lang: str) -> str:
        d = self.disclosures.get(jurisdiction) or self.disclosures.get("default") or {}
        return str(d.get(lang) or d.get("en") or "")


def _langs(value: object, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, str):
        return dict.fromkeys(LANGS, value)
    if isinstance(value, Mapping):
        bad = [k for k in value if k not in LANGS]
        if bad or not all(isinstance(v, str) for v in value.values()):
            raise BankProfileError(f"{where}: a string, or a table of en / zh-Hant / zh-Hans "
                                   "strings")
        return {k: str(v) for k, v in value.items()}
    raise BankProfileError(f"{where}: a string, or a table of en / zh-Hant / zh-Hans strings")


def load_bank(path: str | Path) -> BankProfile:
    p = Path(path)
    try:
        doc = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise BankProfileError(f"{p}: cannot read: {e.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise BankProfileError(f"{p}: not valid TOML: {e}") from None
    if "name" not in doc:
        raise BankProfileError(f"{p}: name: required")
    kw = {k: _langs(doc.get(k), f"{p}: {k}") for k in _TEXT_KEYS}
    logo = None
    if doc.get("logo"):
        logo = (p.parent / str(doc["logo"])).resolve()
        if not logo.is_file():
            raise BankProfileError(f"{p}: logo: no file {doc['logo']}")
    rm = doc.get("relationship_manager") or {}
    if not isinstance(rm, Mapping):
        raise BankProfileError(f"{p}: relationship_manager: must be a table")
    disc = doc.get("disclosures") or {}
    if not isinstance(disc, Mapping):
        raise BankProfileError(f"{p}: disclosures: must be a table of jurisdictions")
    return BankProfile(
        **kw, logo=logo, rm_name=_langs(rm.get("name"), f"{p}: relationship_manager.name"),
        rm_phone=str(rm.get("phone", "")), rm_email=str(rm.get("email", "")),
        disclosures={str(j): _langs(v, f"{p}: disclosures.{j}") for j, v in disc.items()})


def default_bank() -> BankProfile:
    """The app's profile: ``KINFOLIO_BANK`` when set, else the shipped example."""
    return load_bank(os.environ.get("KINFOLIO_BANK") or example_path())
