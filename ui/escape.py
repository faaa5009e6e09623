"""One escaping path per sink for every piece of client text shown in the browser.

- Markdown (``st.markdown``, captions, alerts, headings, metric and widget labels, radio options,
  tabs, expanders): :func:`md`.
- HTML written with ``unsafe_allow_html``: :func:`html`.
- plotly (trace text, hover text, legend names, axis categories, Sankey and pie labels): every
  figure passes through :func:`inert_figure` once, in ``ui.charts._layout``, so a chart built
  anywhere cannot render client markup; :func:`plot` escapes one string.
- Tables (``st.dataframe``) show text literally; :func:`cell` drops controls and bidirectional
  overrides.

The rules themselves are pure functions in :mod:`household.safe_text` (tested there).
"""

from __future__ import annotations

from typing import Any

from household.safe_text import html_text, markdown_text, plain_text, plotly_text

md = markdown_text
html = html_text
plot = plotly_text


def cell(value: Any) -> Any:
    return plain_text(value, keep_newlines=False) if isinstance(value, str) else value


# trace attributes plotly draws as (HTML-capable) text; "customdata" is data handed back on
# selection (ids) and stays as it is, templates are ours
_TEXT_KEYS = ("text", "hovertext", "labels", "name", "x", "y", "ids_shown")
_NESTED = {"node": ("label",), "link": ("label",), "header": ("values",), "cells": ("values",)}


def _esc(v: Any) -> Any:
    if isinstance(v, str):
        return plotly_text(v)
    if isinstance(v, (list, tuple)):
        return [_esc(x) for x in v]
    try:  # numpy arrays of text (object or unicode dtype)
        import numpy as np

        if isinstance(v, np.ndarray) and v.dtype.kind in "OUS":
            return np.array([_esc(x) for x in v.tolist()], dtype=object)
    except ImportError:  # pragma: no cover - numpy is a dependency
        pass
    return v


def inert_figure(fig: Any) -> Any:
    """``fig`` with every client-visible text of its traces and annotations escaped for plotly
    (in place; returned for chaining). Idempotent on text without ``&``, ``<`` or ``>``."""
    if getattr(fig, "_kinfolio_inert", False):
        return fig
    for trace in fig.data:
        for key in _TEXT_KEYS:
            if key in trace and trace[key] is not None:
                trace[key] = _esc(trace[key])
        for parent, keys in _NESTED.items():
            if parent in trace and trace[parent] is not None:
                for key in keys:
                    sub = trace[parent]
                    if key in sub and sub[key] is not None:
                        sub[key] = _esc(sub[key])
    for ann in fig.layout.annotations or ():
        if ann.text is not None and getattr(ann, "name", None) == "client":
            ann.text = plotly_text(ann.text)
    fig._kinfolio_inert = True
    return fig
