"""Which catalog keys the code uses: the extraction side of the catalog.

Kinfolio's code asks for a message by key (``tr("nav.plan", lang)``, ``t("title", lang)``,
``sentence(code, params, lang)``), often with a namespace the wrapper adds (``ui.``, ``pdf.``,
``book.``) and sometimes built from a prefix and a code (``tr(f"kind.{kind}", lang)``). So the
extractor reads every module with :mod:`ast` and collects

* every string literal (a key, the rest of a key after its namespace, or a code an engine returns
  that the text side looks up), and every value quoted as ````"value"```` in a docstring (the
  documented vocabulary of a data field, such as a product's liquidity), and
* the literal start of every f-string (``f"kind.{kind}"`` -> ``kind.``; a key starting with it
  may be used),

and a key ``ns.rest`` is *used* when ``ns.rest`` or ``rest`` is such a literal or starts with such
a prefix (the prefix at least 3 characters and ending in ``.``, ``_`` or ``-``). The test that no
message is unused (tests/i18n) relies on this; a message only reachable through data (a code in a
JSON file) is found through the strings of the data files too.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the product code that asks for messages (tests and tools are not product code)
SOURCES = ("app.py", "ui", "cli", "proposal", "book", "scenarios", "planner", "household",
           "assets", "i18n")
DATA_SUFFIXES = (".json",)
_QUOTED = re.compile(r'``"([\w.:-]+)"``')


def _files(root: Path, sources: Iterable[str]) -> Iterable[Path]:
    for s in sources:
        p = root / s
        if p.is_file():
            yield p
        elif p.is_dir():
            yield from (f for f in sorted(p.rglob("*")) if f.is_file() and (
                f.suffix == ".py" or f.suffix in DATA_SUFFIXES))


def _json_strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


def literals(root: Path = ROOT, sources: Iterable[str] = SOURCES) -> tuple[set[str], set[str]]:
    """(string literals, f-string prefixes) of the product code and its data files."""
    strings: set[str] = set()
    prefixes: set[str] = set()
    for f in _files(root, sources):
        if f.suffix in DATA_SUFFIXES:
            try:
                strings.update(_json_strings(json.loads(f.read_text(encoding="utf-8"))))
            except (ValueError, UnicodeDecodeError):
                continue
            continue
        tree = ast.parse(f.read_text(encoding="utf-8"), str(f))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
                # a vocabulary documented in a docstring: ``"daily"``, ``"quarterly"``
                strings.update(_QUOTED.findall(node.value))
            elif isinstance(node, ast.JoinedStr) and node.values:
                first = node.values[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    prefixes.add(first.value)
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
                left = node.left  # "ui." + key, "remedy." + r.kind
                if isinstance(left, ast.Constant) and isinstance(left.value, str):
                    prefixes.add(left.value)
    return strings, prefixes


def _usable(prefix: str) -> bool:
    return len(prefix) >= 3 and prefix[-1] in "._-"


def used(keys: Iterable[str], root: Path = ROOT) -> set[str]:
    """The keys among ``keys`` that the code (or its data) refers to."""
    strings, prefixes = literals(root)
    pre = tuple(p for p in prefixes if _usable(p))
    out = set()
    for key in keys:
        _ns, _, rest = key.partition(".")
        if key in strings or rest in strings or key.startswith(pre) or rest.startswith(pre):
            out.add(key)
    return out


def unused(keys: Iterable[str], root: Path = ROOT) -> list[str]:
    keys = list(keys)
    return sorted(set(keys) - used(keys, root))
