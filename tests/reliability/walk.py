"""Walkers shared by the reliability tests: every number of a JSON document, every text of an
AppTest element tree."""

from __future__ import annotations

from collections.abc import Iterator


def numbers(x) -> Iterator[float]:
    """Every number in a decoded JSON value (booleans are not numbers here)."""
    if isinstance(x, bool):
        return
    if isinstance(x, (int, float)):
        yield float(x)
    elif isinstance(x, dict):
        for v in x.values():
            yield from numbers(v)
    elif isinstance(x, list):
        for v in x:
            yield from numbers(v)


def element_texts(node, out: list[str]) -> list[str]:
    """The protobuf text of every element under an AppTest node, appended to ``out``."""
    proto = getattr(node, "proto", None)
    if proto is not None:
        out.append(str(proto))
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            element_texts(child, out)
    return out
