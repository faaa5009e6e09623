"""Print-quality vector charts: matplotlib draws SVG, embedded in the PDF as vectors.

Text in the charts is converted to outlines with the shipped Noto Sans CJK subset, so Chinese
labels print on any machine. The figures use the Agg-free SVG backend and no global state beyond
registering the shipped fonts once.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .fonts import font_path

NAVY = "#173459"
GOLD = "#B08D57"
GREY = "#6E7078"
LIGHT = "#C9D3E3"
PALE = "#E6ECF4"


@lru_cache(maxsize=1)
def _font_names() -> dict[str, str]:
    names = {}
    for face in ("sc", "tc"):
        path = str(font_path(face))
        font_manager.fontManager.addfont(path)
        names[face] = font_manager.FontProperties(fname=path).get_name()
    return names


def _rc(face: str) -> dict:
    names = _font_names()
    other = "tc" if face == "sc" else "sc"
    return {
        "font.family": [names[face], names[other], "DejaVu Sans"],
        "font.size": 8,
        "svg.fonttype": "path",
        "svg.hashsalt": "kinfolio",  # same input, same SVG
        "axes.edgecolor": "#9AA0AA",
        "axes.linewidth": 0.6,
        "axes.labelcolor": GREY,
        "xtick.color": GREY,
        "ytick.color": GREY,
        "xtick.major.width": 0.5,
        "ytick.major.width": 0.5,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "path.simplify": True,
    }


def _svg(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    # fpdf2 does not read <metadata> (it would log a warning for every chart)
    return re.sub(rb"<metadata>.*?</metadata>", b"", buf.getvalue(), flags=re.S)


def wealth_fan(years: Sequence[int], bands: Mapping[str, Sequence[float]], face: str,
               fmt_axis, median_label: str, width_mm: float = 174, height_mm: float = 70,
               marks: Sequence[tuple[int, str]] = ()) -> bytes:
    """Percentile fan: p5–p95 and p25–p75 bands with the median line; ``marks``: (year, label)
    of the goals, drawn as dotted lines where each starts."""
    with matplotlib.rc_context(_rc(face)):
        fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4))
        ax = fig.add_axes((0.1, 0.13, 0.87, 0.82))
        ys = list(years)
        ax.fill_between(ys, bands["p5"], bands["p95"], color=PALE, linewidth=0)
        ax.fill_between(ys, bands["p25"], bands["p75"], color=LIGHT, linewidth=0)
        ax.plot(ys, bands["p50"], color=NAVY, linewidth=1.4)
        ax.annotate(median_label, (ys[-1], bands["p50"][-1]), xytext=(-4, 4),
                    textcoords="offset points", ha="right", color=NAVY, fontsize=7)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_axis(v)))
        ax.grid(axis="y", color="#E3E6EA", linewidth=0.5)
        ax.set_xlim(ys[0], ys[-1])
        # the top of the axis follows the upper quartile, not the best 5% of futures alone (a
        # few lucky paths would squeeze the likely range into the bottom of the chart)
        top = max(bands["p95"])
        top = min(top, 1.6 * max(max(bands["p75"]), max(bands["p50"]), 1e-9)) * 1.05
        ax.set_ylim(bottom=min(0.0, min(bands["p5"])), top=top)
        for k, (year, label) in enumerate(marks):
            if ys[0] <= year <= ys[-1]:
                ax.axvline(year, color=GOLD, linewidth=0.7, linestyle=(0, (2, 2)))
                ax.annotate(label, (year, top), xytext=(2, -8 - 9 * (k % 3)),
                            textcoords="offset points", fontsize=6, color=GOLD, va="top")
        return _svg(fig)


def allocation_bars(labels: Sequence[str], current: Sequence[float],
                    recommended: Sequence[float] | None, series: tuple[str, str], face: str,
                    width_mm: float = 174) -> bytes:
    """Horizontal bars per asset class: current and recommended weights."""
    n = len(labels)
    height_mm = 14 + 7.5 * n
    with matplotlib.rc_context(_rc(face)):
        fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4))
        ax = fig.add_axes((0.3, 12 / height_mm, 0.66, 1 - 16 / height_mm))
        pos = list(range(n))
        h = 0.38 if recommended is not None else 0.6
        ax.barh([p - (h / 2 if recommended is not None else 0) for p in pos], current, height=h,
                color=LIGHT, label=series[0])
        if recommended is not None:
            ax.barh([p + h / 2 for p in pos], recommended, height=h, color=NAVY, label=series[1])
            for p, v in zip(pos, recommended, strict=True):
                if v > 0:
                    ax.text(v + 0.005, p + h / 2, f"{100 * v:.0f}%", va="center", fontsize=6.5,
                            color=NAVY)
        ax.set_yticks(pos, labels)
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{100 * v:.0f}%"))
        ax.grid(axis="x", color="#E3E6EA", linewidth=0.5)
        ax.set_axisbelow(True)
        ax.legend(loc="lower right", frameon=False, fontsize=7)
        return _svg(fig)


def frontier(vols: Sequence[float], rets: Sequence[float], current: tuple[float, float],
             recommended: tuple[float, float], band: tuple[float, float],
             labels: tuple[str, str, str, str], face: str, width_mm: float = 174,
             height_mm: float = 68) -> bytes:
    """Expected return against volatility: the frontier line, the client's band shaded, and
    the current and recommended portfolios marked. ``labels``: (x axis, y axis, current,
    recommended)."""
    pct = FuncFormatter(lambda v, _pos: f"{100 * v:.0f}%")
    with matplotlib.rc_context(_rc(face)):
        fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4))
        ax = fig.add_axes((0.1, 0.17 if labels[0] else 0.1, 0.86, 0.78 if labels[0] else 0.86))
        hi_x = max([*vols, current[0], recommended[0], band[1]]) * 1.08
        ax.axvspan(band[0], min(band[1], hi_x), color=PALE, linewidth=0)
        ax.plot(vols, rets, color=NAVY, linewidth=1.3)
        ax.scatter([current[0]], [current[1]], marker="o", s=28, color=GREY, zorder=3)
        ax.scatter([recommended[0]], [recommended[1]], marker="D", s=30, color=GOLD, zorder=3)
        for (x, y), text, col, dy in ((current, labels[2], GREY, -11),
                                      (recommended, labels[3], GOLD, 6)):
            ax.annotate(text, (x, y), xytext=(5, dy), textcoords="offset points", color=col,
                        fontsize=7)
        ax.set_xlim(0, hi_x)
        ax.xaxis.set_major_formatter(pct)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{100 * v:.1f}%"))
        if labels[0]:
            ax.set_xlabel(labels[0], fontsize=7.5)
        if labels[1]:
            ax.set_ylabel(labels[1], fontsize=7.5)
        ax.grid(color="#E3E6EA", linewidth=0.5)
        ax.set_axisbelow(True)
        return _svg(fig)
