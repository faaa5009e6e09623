"""Build household files from base.json and the mutations of invalid_cases.json."""

from __future__ import annotations

import copy
import json
from pathlib import Path

DATA = Path(__file__).parent / "data"
BASE_TEXT = (DATA / "base.json").read_text(encoding="utf-8")
BASE = json.loads(BASE_TEXT)
CASES = json.loads((DATA / "invalid_cases.json").read_text(encoding="utf-8"))["cases"]


def _walk(doc, pointer: str):
    parts = [p for p in pointer.split("/")[1:]]
    node = doc
    for p in parts[:-1]:
        node = node[int(p)] if isinstance(node, list) else node[p]
    return node, parts[-1]


def apply_ops(doc: dict, ops: list) -> dict:
    doc = copy.deepcopy(doc)
    for op, pointer, *rest in ops:
        node, key = _walk(doc, pointer)
        if op == "set":
            if isinstance(node, list):
                node[int(key)] = rest[0]
            else:
                node[key] = rest[0]
        elif op == "del":
            del node[int(key) if isinstance(node, list) else key]
        elif op == "add":
            assert key == "-"
            node.append(rest[0])
        else:
            raise ValueError(op)
    return doc


def case_bytes(case: dict) -> bytes:
    if "raw" in case:
        return case["raw"].encode("utf-8")
    if "raw_hex" in case:
        return bytes.fromhex(case["raw_hex"])
    if "raw_patch" in case:
        old, new = case["raw_patch"]
        assert old in BASE_TEXT, old
        return BASE_TEXT.replace(old, new, 1).encode("utf-8")
    return json.dumps(apply_ops(BASE, case["ops"]), ensure_ascii=False).encode("utf-8")
