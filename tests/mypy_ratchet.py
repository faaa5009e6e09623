"""The mypy ratchet: no file of the product may have more mypy errors than it had.

    python -m tests.mypy_ratchet            # run mypy, compare with tests/mypy_baseline.txt
    python -m tests.mypy_ratchet --update   # rewrite the baseline (after fixing errors)

mypy runs in its default mode over the product packages. The baseline lists, per file, the number
of errors allowed; a file with more (or a new file with any) fails the run and its new errors are
printed. A file with fewer is reported so that the baseline can be lowered with ``--update`` in the
same commit: the count only goes down.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = Path(__file__).resolve().parent / "mypy_baseline.txt"
TARGETS = ("i18n", "household", "store", "assets", "planner", "scenarios", "book", "proposal", "ui",
           "cli", "benchmarks", "app.py")
_ERROR = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+):(?:\d+:)? error: ")


def run_mypy() -> tuple[Counter[str], list[str]]:
    """Errors per file and the error lines, from one mypy run (default mode)."""
    r = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", "--no-pretty",
                        "--show-error-codes", "--cache-dir", str(ROOT / ".mypy_cache"),
                        *TARGETS], cwd=ROOT, capture_output=True, text=True)
    if r.returncode not in (0, 1):  # 2: mypy itself failed (bad option, crash)
        sys.stderr.write(r.stdout + r.stderr)
        raise SystemExit(f"mypy did not run (exit {r.returncode})")
    lines = [ln for ln in r.stdout.splitlines() if _ERROR.match(ln)]
    if r.returncode == 1 and not lines:  # e.g. "No module named mypy": not a clean run
        sys.stderr.write(r.stdout + r.stderr)
        raise SystemExit("mypy did not run (exit 1 without an error line)")
    counts: Counter[str] = Counter(_ERROR.match(ln).group("file") for ln in lines)  # type: ignore[union-attr]
    return counts, lines


def read_baseline(path: Path = BASELINE) -> Counter[str]:
    out: Counter[str] = Counter()
    if not path.exists():
        return out
    for ln in path.read_text(encoding="utf-8").splitlines():
        ln = ln.strip()
        if ln and not ln.startswith("#"):
            n, name = ln.split(maxsplit=1)
            out[name] = int(n)
    return out


def write_baseline(counts: Counter[str], path: Path = BASELINE) -> None:
    body = "".join(f"{n} {name}\n" for name, n in sorted(counts.items()) if n)
    path.write_text("# mypy errors allowed per file (tests/mypy_ratchet.py --update); "
                    f"total {sum(counts.values())}\n" + body, encoding="utf-8")


def compare(counts: Counter[str], baseline: Counter[str]) -> tuple[list[str], list[str]]:
    """(files over their allowance, files under it) as readable lines."""
    over = [f"{name}: {n} mypy errors, {baseline.get(name, 0)} allowed"
            for name, n in sorted(counts.items()) if n > baseline.get(name, 0)]
    under = [f"{name}: {counts.get(name, 0)} mypy errors, {n} allowed"
             for name, n in sorted(baseline.items()) if counts.get(name, 0) < n]
    return over, under


def main(argv: list[str]) -> int:
    counts, lines = run_mypy()
    if "--update" in argv:
        write_baseline(counts)
        print(f"mypy baseline: {sum(counts.values())} errors in {len(counts)} files")
        return 0
    baseline = read_baseline()
    over, under = compare(counts, baseline)
    total, allowed = sum(counts.values()), sum(baseline.values())
    if over:
        bad = {o.split(":")[0] for o in over}
        for ln in lines:
            if ln.split(":")[0] in bad:
                print(ln)
        print("\n".join(over))
        print(f"mypy ratchet: FAILED ({total} errors, {allowed} allowed): fix the new errors "
              "above")
        return 1
    if under:
        print("\n".join(under))
        print("mypy ratchet: fewer errors than the baseline: lower it with "
              "`python -m tests.mypy_ratchet --update`")
    print(f"mypy ratchet: ok ({total} errors, {allowed} allowed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
