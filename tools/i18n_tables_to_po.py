"""Convert Kinfolio's dict-of-languages tables into the one gettext catalog (rerunnable).

Reads the translation tables from Python source with :mod:`ast` (nothing is imported), from the
working tree and from other git branches, and (re)writes ``i18n/locales/kinfolio.pot`` and
``i18n/locales/<locale>/LC_MESSAGES/kinfolio.po`` (+ ``.mo``) for zh_Hant, zh_Hans and zh_Hant_TW
(``msgctxt`` = the key, ``msgid`` = the English text, ``msgstr`` = the translation).

The catalog already in ``i18n/locales`` is the base: nothing in it is lost on a rerun. Then:

* ``--ref BRANCH`` (repeatable): the tables of BRANCH are compared with the same tables at
  ``--base`` (default :data:`CONVERTED_FROM`, the commit the catalog was converted from, so it
  works before and after BRANCH is merged), and only what BRANCH added or changed is applied; a
  table that moved is looked up under each of its paths (see :data:`TABLES`);
* tables still (or again, after a merge) present in the working tree: the same, against
  ``--base``;
* ``--full REV`` reads the tables at REV whole (the first conversion: ``--full main``).

Then the chosen wordings (:data:`PREFER`, :data:`TERMS`) unify the terms two tables translated
differently, and the Taiwan catalog (zh_Hant_TW) is made from zh_Hant with Taiwan's words
(:data:`TW_WORDS`, the proposal's ``TW_TERMS``). ``--dry-run`` prints what would change.

    python tools/i18n_tables_to_po.py --full main          # first conversion
    python tools/i18n_tables_to_po.py --ref a12 --ref b14  # after merging branches that add keys
"""

from __future__ import annotations

import argparse
import ast
import datetime
import io
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALES_DIR = ROOT / "i18n" / "locales"
DOMAIN = "kinfolio"
LOCALES = ("zh_Hant", "zh_Hans", "zh_Hant_TW")
#: the commit whose tables were converted whole (main when the catalog was made): --ref and the
#: working tree apply what changed in their tables since then (--base overrides it)
CONVERTED_FROM = "5a5d2e2"


@dataclass(frozen=True)
class Table:
    """One table in the source: ``ns`` prefixes its keys in the catalog (``ns.key``)."""

    ns: str
    paths: tuple[str, ...]  # where it lives (first found wins; later paths = after a move)
    var: str
    shape: str  # tuple3 | zh2 | langdict | bylang | langvalue | tax | tw_terms | tw_words


#: Every table, with the paths it may have moved to (the `rooms` branch moves modules to cli/).
TABLES: tuple[Table, ...] = (
    Table("ui", ("ui/i18n.py",), "_T", "tuple3"),
    Table("ui", ("ui/i18n_book.py",), "BOOK", "tuple3"),
    Table("field", ("ui/i18n.py",), "_FIELDS", "zh2"),
    Table("choice", ("ui/i18n.py",), "_CHOICES", "tuple3"),
    Table("auth", ("ui/auth.py",), "_TEXT", "bylang"),
    Table("pdf", ("proposal/i18n.py",), "T", "tuple3"),
    Table("pdf", ("proposal/i18n_advice.py",), "T_ADVICE", "tuple3"),
    Table("pdf", ("proposal/i18n_advice.py",), "TW_TERMS", "tw_terms"),
    Table("", ("proposal/i18n_advice.py",), "TW_WORDS", "tw_words"),
    Table("jurisdiction", ("proposal/i18n.py",), "JURISDICTION_NAMES", "tuple3"),
    Table("liquidity", ("proposal/i18n.py",), "LIQUIDITY_NAMES", "tuple3"),
    Table("class_risk", ("proposal/i18n.py",), "CLASS_RISKS", "tuple3"),
    Table("portfolio", ("proposal/adapters.py",), "PORTFOLIO_NAMES", "tuple3"),
    Table("book", ("proposal/book_text.py", "cli/book_text.py"), "T", "tuple3"),
    Table("advice", ("proposal/advice_text.py",), "_R", "tuple3"),
    Table("remedy", ("proposal/advice_text.py",), "_REMEDY", "tuple3"),
    Table("band.outside", ("proposal/advice_text.py",), "_BAND_NOTE", "langvalue"),
    Table("recommend", ("cli/recommend.py",), "_W", "tuple3"),
    Table("plan", ("planner/command.py", "cli/plan.py"), "_T", "langdict"),
    Table("succession", ("scenarios/report.py", "cli/succession_text.py"), "_T", "langdict"),
    # (main's English-prefix tax table, _TAX_LABELS in scenarios/report.py, is gone: tax lines
    # carry codes, TaxLine.code, and the catalog has one message tax.<code> per line)
    Table("compare", ("scenarios/compare.py", "cli/compare_text.py"), "_S", "langdict"),
    Table("summary.head", ("household/report.py", "cli/summary_text.py"), "_HEAD", "langvalue"),
    Table("summary.title", ("household/report.py", "cli/summary_text.py"), "_TITLE",
          "langvalue"),
    Table("summary.lt", ("household/report.py", "cli/summary_text.py"), "_LT", "langvalue"),
    Table("summary.ctrl", ("household/report.py", "cli/summary_text.py"), "_CTRL", "langvalue"),
    Table("summary.none", ("household/report.py", "cli/summary_text.py"), "_NONE", "langvalue"),
    Table("summary.conc", ("household/report.py", "cli/summary_text.py"), "_CONC", "langvalue"),
    Table("chance.ends", ("household/locale.py", "i18n/formats.py"), "_ENDS", "langvalue"),
    Table("rules.unverified", ("scenarios/rules.py",), "_UNVERIFIED", "langvalue"),
)

#: One wording per locale for an English text that tables translated differently
#: (msgid -> {locale: msgstr}); applied to every entry with exactly this msgid.
PREFER: dict[str, dict[str, str]] = {
    "Priority": {"zh_Hant": "優先級", "zh_Hans": "优先级"},
    "Volatility": {"zh_Hant": "波動率", "zh_Hans": "波动率"},
    "Expected return": {"zh_Hant": "預期報酬", "zh_Hans": "预期收益"},
    "Expected return a year": {"zh_Hant": "預期年報酬", "zh_Hans": "预期年收益"},
    "As things stand": {"zh_Hant": "現況", "zh_Hans": "现状"},
    "Will: half to the spouse, half to the children": {
        "zh_Hant": "遺囑：配偶一半、子女一半", "zh_Hans": "遗嘱：配偶一半、子女一半"},
    "Five years of gifts to the children": {"zh_Hant": "連續五年贈與子女",
                                            "zh_Hans": "连续五年赠与子女"},
    "Hand {company} to {successor}, equalising the other children": {
        "zh_Hant": "將{company}交棒給{successor}，並平衡其他子女",
        "zh_Hans": "将{company}交棒给{successor}，并平衡其他子女"},
    "All essential goals met": {"zh_Hant": "全部必要目標達成", "zh_Hans": "全部必要目标达成"},
    "Guarantees": {"zh_Hant": "擔保責任", "zh_Hans": "担保责任"},
    "Currency": {"zh_Hant": "幣別", "zh_Hans": "币种"},
    "Controlled by": {"zh_Hant": "實際控制人", "zh_Hans": "实际控制人"},
    "Share": {"zh_Hant": "佔比", "zh_Hans": "占比"},
    "Company": {"zh_Hant": "公司", "zh_Hans": "公司"},
    "Mortgage": {"zh_Hant": "房屋貸款", "zh_Hans": "房屋贷款"},
    "Property": {"zh_Hant": "不動產", "zh_Hans": "不动产"},
    "Family members": {"zh_Hant": "家族成員", "zh_Hans": "家族成员"},
    "Tax and costs": {"zh_Hant": "稅費", "zh_Hans": "税费"},
    "Allocation": {"zh_Hant": "資產配置", "zh_Hans": "资产配置"},
}

#: Keys whose wording deliberately differs from another message with the same English (the
#: context says more than the English: a column of people's names, an account kind, a portfolio
#: name, a headline that is a probability); PREFER does not touch them.
DELIBERATE: frozenset[str] = frozenset({
    "pdf.k_essential",  # a headline percentage: 全部必要目標達成機率
    "pdf.product_currency",  # the currency a product is denominated in: 計價貨幣
    "pdf.p_recommended",  # a portfolio's name: 建議配置
    "ui.acct.current", "ui.col.current",  # 活期 account; the "now" column: 目前
    "ui.acct.insurance", "succession.insurance",  # an account kind; insurance paid out: 保險金
    "ui.sec.policies", "summary.head.4",  # the policies section; their cash values
    "pdf.name", "book.ledger.col.name",  # people's names: 姓名; the client's name: 客戶名稱
    "ui.nav.household", "book.ledger.col.household_id",
})

#: Words unified inside every message whose English contains the term (regex on the msgid):
#: (english regex, locale, from, to).
TERMS: tuple[tuple[str, str, str, str], ...] = (
    # 简体: 概率 is the mathematical word (the app's); 机率 is a Taiwan/HK word
    (r".", "zh_Hans", "机率", "概率"),
    # aspirational goals: 期望 (the app's word and the file's goal priority), not 理想
    (r"(?i)aspirational", "zh_Hant", "理想", "期望"),
    (r"(?i)aspirational", "zh_Hans", "理想", "期望"),
    # mainland China: 中國內地 in Hong Kong usage (zh_Hant); Taiwan's 中國大陸 in zh_Hant_TW
    (r".", "zh_Hant", "中國大陸", "中國內地"),
    (r".", "zh_Hans", "中国大陆", "中国内地"),
    # 繁體 standard 臺灣 in the Taiwan catalog; the app's 台灣 otherwise
    (r".", "zh_Hant", "臺灣", "台灣"),
)

#: Taiwan's own words in the Taiwan catalog (zh_Hant_TW = zh_Hant with these), besides the
#: proposal's TW_WORDS table (read from the source while it exists).
TW_WORDS: dict[str, str] = {
    "中國內地": "中國大陸",
    "台灣": "臺灣",
    "客戶經理": "理財專員",
    "夫妻共同財產份額": "剩餘財產差額分配請求權",
    "配偶夫妻財產份額": "剩餘財產差額分配請求權",
    "理財產品": "理財商品",
}

#: the catalog's header dates stay fixed, so that a rerun with nothing new changes no file
_FIXED = datetime.datetime(2026, 12, 5, tzinfo=datetime.UTC)

# --------------------------------------------------------------------------- reading tables


def git(*args: str) -> str | None:
    r = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else None


def source_at(rev: str | None, path: str) -> str | None:
    """The file at ``rev`` (``None``: the working tree)."""
    if rev is None:
        p = ROOT / path
        return p.read_text(encoding="utf-8") if p.exists() else None
    return git("show", f"{rev}:{path}")


def _const(node: ast.AST) -> object:
    """A literal (strings joined implicitly are one Constant already)."""
    return ast.literal_eval(node)


def _find(tree: ast.Module, var: str) -> ast.AST | None:
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names = [ast.unparse(t) for t in node.targets]
        elif isinstance(node, ast.AnnAssign):
            names = [ast.unparse(node.target)]
        else:
            continue
        if var in names:
            return node.value
    return None


Entry = tuple[str, str, str]  # en, zh_Hant, zh_Hans
Tables = dict[str, Entry]  # "ns.key" -> entry


def read_table(text: str, t: Table) -> tuple[Tables, dict[str, str], dict[str, str]] | None:
    """Entries, Taiwan overrides ("ns.key" -> zh_Hant_TW) and Taiwan words of one table."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    node = _find(tree, t.var)
    if node is None:
        return None
    try:
        value = _const(node)
    except ValueError:
        return None
    pre = f"{t.ns}." if t.ns else ""
    out: Tables = {}
    tw: dict[str, str] = {}
    words: dict[str, str] = {}
    if t.shape == "tuple3":
        out = {pre + k: (v[0], v[1], v[2]) for k, v in value.items()}
    elif t.shape == "zh2":  # field names: English = the key itself
        out = {pre + k: (k, v[0], v[1]) for k, v in value.items()}
    elif t.shape == "langdict":  # a tuple value is a list of messages: key.0, key.1, ...
        for k, v in value.items():
            if isinstance(v["en"], str):
                out[pre + k] = (v["en"], v["zh-Hant"], v["zh-Hans"])
            else:
                out.update({f"{pre}{k}.{i}": (v["en"][i], v["zh-Hant"][i], v["zh-Hans"][i])
                            for i in range(len(v["en"]))})
    elif t.shape == "bylang":
        out = {pre + k: (en, value["zh-Hant"][k], value["zh-Hans"][k])
               for k, en in value["en"].items()}
    elif t.shape == "langvalue":
        en, hant, hans = value["en"], value["zh-Hant"], value["zh-Hans"]
        if isinstance(en, str):
            out = {t.ns: (en, hant, hans)}
        else:
            out = {f"{t.ns}.{i}": (en[i], hant[i], hans[i]) for i in range(len(en))}
    elif t.shape == "tax":  # English label prefix -> (zh-Hant, zh-Hans)
        out = {pre + tax_code(k): (k, v[0], v[1]) for k, v in value.items()}
    elif t.shape == "tw_terms":
        tw = {pre + k: v for k, v in value.items()}
    elif t.shape == "tw_words":
        words = dict(value)
    else:
        raise ValueError(f"unknown shape {t.shape}")
    return out, tw, words


def tax_code(label: str) -> str:
    """The code of a tax line from its English label: 'less: spouse deduction' ->
    'less_spouse_deduction'."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def read_all(rev: str | None, tables: tuple[Table, ...]) -> tuple[Tables, dict, dict]:
    entries: Tables = {}
    tw: dict[str, str] = {}
    words: dict[str, str] = {}
    for t in tables:
        for path in t.paths:
            text = source_at(rev, path)
            if text is None:
                continue
            got = read_table(text, t)
            if got is None:
                continue
            entries.update(got[0])
            tw.update(got[1])
            words.update(got[2])
            break
    return entries, tw, words


def changed(old: dict, new: dict) -> dict:
    return {k: v for k, v in new.items() if old.get(k) != v}


# --------------------------------------------------------------------------- the catalog

@dataclass
class Catalog:
    entries: dict[str, Entry]
    tw: dict[str, str]  # Taiwan overrides by key (after TW words)
    tw_words: dict[str, str]


def load_catalog() -> Catalog:
    """The catalog as the .po files hold it now."""
    from babel.messages.pofile import read_po

    hant = _read(read_po, "zh_Hant")
    hans = _read(read_po, "zh_Hans")
    tw_po = _read(read_po, "zh_Hant_TW")
    entries = {k: (en, s, hans.get(k, ("", ""))[1]) for k, (en, s) in hant.items()}
    cat = Catalog(entries, {}, {})
    # the Taiwan entries that are not derived from zh_Hant by the words are overrides
    for k, (_en, s) in tw_po.items():
        if k in entries and s and s != taiwan(entries[k][1], TW_WORDS):  # not derived
            cat.tw[k] = s
    return cat


def _read(read_po, locale: str) -> dict[str, tuple[str, str]]:
    p = LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not p.exists():
        return {}
    with p.open("rb") as f:
        cat = read_po(f, locale=locale.split("_TW")[0])
    return {m.context: (m.id, m.string) for m in cat if m.id and m.context}


def taiwan(text: str, words: dict[str, str]) -> str:
    for a, b in words.items():
        text = text.replace(a, b)
    return text


def unify(entries: dict[str, Entry]) -> dict[str, Entry]:
    out = {}
    for k, (en, hant, hans) in entries.items():
        if en in PREFER and k not in DELIBERATE:
            hant = PREFER[en].get("zh_Hant", hant)
            hans = PREFER[en].get("zh_Hans", hans)
        for rx, loc, a, b in TERMS:
            if re.search(rx, en):
                if loc == "zh_Hant":
                    hant = hant.replace(a, b)
                elif loc == "zh_Hans":
                    hans = hans.replace(a, b)
        out[k] = (en, hant, hans)
    return out


def write_catalog(cat: Catalog, dry_run: bool) -> list[str]:
    """Write the .pot, the three .po and their .mo; returns the files that changed."""
    from babel.messages.catalog import Catalog as BabelCatalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import write_po

    words = dict(TW_WORDS)
    words.update(cat.tw_words)
    keys = sorted(cat.entries)
    changed_files = []

    def make(locale: str | None, pick) -> BabelCatalog:
        c = BabelCatalog(locale=locale.replace("_TW", "") if locale else None, domain=DOMAIN,
                         project="Kinfolio", version="1", copyright_holder="Kinfolio",
                         charset="utf-8", fuzzy=False, creation_date=_FIXED,
                         revision_date=_FIXED)
        for k in keys:
            en = cat.entries[k][0]
            c.add(en, pick(k) if locale else "", context=k)
        return c

    targets = {
        None: None,
        "zh_Hant": lambda k: cat.entries[k][1],
        "zh_Hans": lambda k: cat.entries[k][2],
        "zh_Hant_TW": lambda k: taiwan(cat.tw.get(k) or cat.entries[k][1], words),
    }
    for locale, pick in targets.items():
        c = make(locale, pick)
        po = io.BytesIO()
        write_po(po, c, width=0, omit_header=True, sort_output=True)
        if locale is None:
            path = LOCALES_DIR / f"{DOMAIN}.pot"
        else:
            path = LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        files = [(path, po.getvalue())]
        if locale is not None:
            mo = io.BytesIO()
            write_mo(mo, c, use_fuzzy=False)
            files.append((path.with_suffix(".mo"), mo.getvalue()))
        for p, data in files:
            if p.exists() and p.read_bytes() == data:
                continue
            changed_files.append(str(p.relative_to(ROOT)))
            if not dry_run:
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_bytes(data)
    return changed_files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ref", action="append", default=[],
                    help="a branch whose added or changed table entries are applied")
    ap.add_argument("--base", default=CONVERTED_FROM,
                    help="the revision --ref and the working tree are compared with "
                         "(default: %(default)s, the commit the catalog was converted from)")
    ap.add_argument("--full", action="append", default=[],
                    help="a revision whose tables are read whole (first conversion)")
    ap.add_argument("--no-worktree", action="store_true",
                    help="do not read tables still present in the working tree")
    ap.add_argument("--path", action="append", default=[], metavar="NS:VAR:SHAPE:PATH",
                    help="an extra table (e.g. ui:EXTRA:tuple3:ui/i18n_more.py)")
    ap.add_argument("--drop", action="append", default=[], metavar="PREFIX",
                    help="remove the messages whose key starts with PREFIX first (a renamed "
                         "namespace; tables read afterwards add them again)")
    ap.add_argument("--dry-run", action="store_true", help="print what would change only")
    a = ap.parse_args(argv)

    tables = TABLES + tuple(
        Table(ns, (path,), var, shape)
        for ns, var, shape, path in (p.split(":", 3) for p in a.path))
    cat = load_catalog()
    before = dict(cat.entries)
    tw_before = dict(cat.tw)
    for prefix in a.drop:
        for k in [k for k in cat.entries if k.startswith(prefix)]:
            print(f"drop {k}")
            del cat.entries[k]
            cat.tw.pop(k, None)

    def apply(entries: Tables, tw: dict, words: dict, what: str) -> None:
        empty = sorted(k for k, v in entries.items() if not v[0])
        if empty:  # gettext has no empty msgid (that is the header); such entries are unused
            print(f"{what}: skip {len(empty)} empty messages: {', '.join(empty)}")
        entries = {k: v for k, v in entries.items() if v[0]}
        new = changed(cat.entries, unify(entries))
        for k in sorted(new):
            old = cat.entries.get(k)
            verb = "add" if old is None else "change"
            print(f"{what}: {verb} {k}: {new[k][0][:60]!r}")
        cat.entries.update(new)
        cat.tw.update(tw)
        cat.tw_words.update(words)

    for rev in a.full:
        apply(*read_all(rev, tables), what=f"full {rev}")
    base = a.base
    if (a.ref or not a.no_worktree) and git("rev-parse", "--verify", f"{base}^{{commit}}") is None:
        print(f"--base {base}: no such commit", file=sys.stderr)
        return 2
    old, old_tw, old_words = read_all(base, tables)
    for ref in a.ref:
        if git("rev-parse", "--verify", f"{ref}^{{commit}}") is None:
            print(f"--ref {ref}: no such branch or commit", file=sys.stderr)
            return 2
        new, new_tw, new_words = read_all(ref, tables)
        if not new:
            print(f"--ref {ref}: no table found (moved? add its path to TABLES or --path)",
                  file=sys.stderr)
        apply(changed(old, new), changed(old_tw, new_tw), changed(old_words, new_words),
              what=f"ref {ref}")
        gone = sorted(k for k in set(old) - set(new) if k in cat.entries)
        if gone and new:  # kept: a key may have gone with a table that moved to an unknown path
            print(f"ref {ref}: {len(gone)} keys no longer in its tables (kept; --drop them if "
                  f"they are unused): {', '.join(gone[:20])}")
    if not a.no_worktree:  # tables still (or again) in the tree: what changed since the base
        new, new_tw, new_words = read_all(None, tables)
        apply(changed(old, new), changed(old_tw, new_tw), changed(old_words, new_words),
              what="worktree")
    files = write_catalog(cat, a.dry_run)
    n_new = len(set(cat.entries) - set(before))
    n_changed = sum(1 for k in before if k in cat.entries and cat.entries[k] != before[k])
    n_dropped = len(set(before) - set(cat.entries))
    print(f"{len(cat.entries)} messages ({n_new} new, {n_changed} changed, {n_dropped} dropped, "
          f"{len(changed(tw_before, cat.tw))} Taiwan overrides changed); "
          f"{'would write' if a.dry_run else 'wrote'} {len(files)} files")
    for f in files:
        print("  " + f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
