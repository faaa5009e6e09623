"""The one translation catalog (i18n/locales): complete, used, consistent, compiled, and the
wrappers say what the tables said."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from i18n import catalog, extract

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ("zh_Hant", "zh_Hans", "zh_Hant_TW")
_FIELD = re.compile(r"{(\w*)[^{}]*}")


def _po(locale: str):
    path = ROOT / "i18n" / "locales" / locale / "LC_MESSAGES" / "kinfolio.po"
    with path.open("rb") as f:
        return read_po(f)


def _messages(cat) -> dict[str, tuple[str, str]]:
    return {m.context: (m.id, m.string) for m in cat if m.id}


def test_every_message_has_a_key_and_is_translated_in_every_locale():
    with (ROOT / "i18n" / "locales" / "kinfolio.pot").open("rb") as f:
        pot = _messages(read_po(f))
    assert len(pot) > 1000
    assert all(k for k in pot)
    for locale in LOCALES:
        po = _messages(_po(locale))
        assert set(po) == set(pot), locale
        missing = [k for k, (en, s) in po.items() if not s.strip() or en != pot[k][0]]
        assert missing == [], (locale, missing[:10])


def test_the_compiled_catalogs_match_their_sources():
    for locale in LOCALES:
        po = _messages(_po(locale))
        mo_path = ROOT / "i18n" / "locales" / locale / "LC_MESSAGES" / "kinfolio.mo"
        with mo_path.open("rb") as f:
            mo = _messages(read_mo(f))
        assert mo == po, f"{locale}: run tools/i18n_tables_to_po.py to compile the catalog"


def test_placeholders_are_the_same_in_the_english_and_every_translation():
    for locale in LOCALES:
        for key, (en, s) in _messages(_po(locale)).items():
            assert sorted(_FIELD.findall(en)) == sorted(_FIELD.findall(s)), (locale, key)


def test_no_message_is_unused():
    assert extract.unused(catalog.keys()) == []


def test_the_extractor_sees_keys_in_code_and_misses_keys_nowhere(tmp_path):
    (tmp_path / "mod.py").write_text(
        'tr("nav.plan", lang)\ntr(f"kind.{k}", lang)\ncatalog.text("remedy." + kind, lang)\n',
        encoding="utf-8")
    keys = ["ui.nav.plan", "ui.kind.trust", "remedy.none", "ui.nav.nowhere"]
    strings, prefixes = extract.literals(tmp_path, ["mod.py"])
    assert "nav.plan" in strings and {"kind.", "remedy."} <= prefixes
    orig = extract.literals
    try:
        extract.literals = lambda root=tmp_path, sources=(): orig(tmp_path, ["mod.py"])
        assert extract.unused(keys, tmp_path) == ["ui.nav.nowhere"]
    finally:
        extract.literals = orig


# what the old tables said (main at 5a5d2e2), for keys whose wording was not unified
BEFORE = {
    "ui.nav.plan": ("Plan", "財富規劃", "财富规划"),
    "ui.bk.count": ("{n} of {total} shown", "顯示 {n} / {total}", "显示 {n} / {total}"),
    "pdf.title": ("Family wealth and succession proposal", "家族財富規劃與傳承建議書",
                  "家族财富规划与传承建议书"),
    "pdf.page": ("Page {n} / {total}", "第 {n} 頁 / 共 {total} 頁", "第 {n} 页 / 共 {total} 页"),
    "jurisdiction.HK": ("Hong Kong", "香港", "香港"),
    "liquidity.daily": ("daily", "每日", "每日"),
    "class_risk.gold": ("Price risk: gold pays no income and its price can fall for long periods.",
                        "價格風險：黃金不產生收益，價格可能長期下跌。",
                        "价格风险：黄金不产生收益，价格可能长期下跌。"),
    "recommend.title": ("Recommended allocation", "建議資產配置", "建议资产配置"),
    "plan.title": ("Monte Carlo plan", "蒙地卡羅財務規劃", "蒙特卡洛财务规划"),
    "succession.gross": ("Gross estate (deceased's share)", "遺產總額", "遗产总额"),
    "summary.title": ("Consolidated balance sheet", "公私合併資產負債表", "公私合并资产负债表"),
    "chance.ends.0": ("above 99%", "99%以上", "99%以上"),
    "rules.unverified": (" (UNVERIFIED)", "（未經核實）", "（未经核实）"),
    "choice.sex:F": ("Female", "女", "女"),
}


@pytest.mark.parametrize("key", sorted(BEFORE))
def test_the_catalog_says_what_the_tables_said(key):
    assert tuple(catalog.text(key, lang) for lang in catalog.LANGS) == BEFORE[key]


def test_the_wrappers_return_the_same_strings_as_before():
    from household.locale import chance
    from proposal.advice_text import remedy_lines
    from proposal.book_text import sentence
    from proposal.book_text import tr as book_tr
    from proposal.i18n import CLASS_RISKS, JURISDICTION_NAMES, T, pick, t, t_market
    from ui.i18n import choice_label, field_label, table, tr

    assert tr("side.version", "zh-Hant", version=3, who="王") == "第 3 版 · 王 儲存"
    assert tr("nav.plan", "fr") == "Plan"  # an unknown language reads English
    assert table()["nav.plan"] == ("Plan", "財富規劃", "财富规划")
    assert field_label("donor", "zh-Hans") == "赠与人 donor"
    assert field_label("donor", "en") == "donor"
    assert choice_label("sex", "F", "zh-Hant") == "女"
    assert choice_label("at_bank", "us", "en") == "With us"
    assert choice_label("risk", "C4", "zh-Hant") == "C4"
    assert t("page", "zh-Hans", n=2, total=9) == "第 2 页 / 共 9 页"
    assert T["title"][2] == "家族财富规划与传承建议书" and "title" in T
    assert pick(JURISDICTION_NAMES["HK"], "zh-Hant") == "香港"
    assert CLASS_RISKS["gold"][0].startswith("Price risk")
    assert t_market("prepared_by", "zh-Hant", "TW") == "您的理財專員"
    assert t_market("prepared_by", "zh-Hant", "HK") == t("prepared_by", "zh-Hant") == "您的客戶經理"
    assert book_tr("word.none", "en") == catalog.text("book.word.none")
    assert sentence("activation.dormant", {"since": "2025-01-02", "months": 12}, "zh-Hans") == (
        "睡眠户：自 2025-01-02 起客户未主动交易（12 个月以上）。")
    assert chance(0.999, "zh-Hant") == "99%以上" and chance(0.001, "en") == "below 1%"

    class _Rec:
        secured, target_reached, remedies = False, True, ()

    assert remedy_lines(_Rec(), "en") == [catalog.text("remedy.none")]


def test_taiwan_wording_is_its_own_locale():
    assert catalog.text("choice.CN", "zh-Hant") == "中國內地"
    assert catalog.text("choice.CN", "zh-Hant", market="TW") == "中國大陸"
    assert catalog.text("choice.TW", "zh-Hant", market="TW") == "臺灣"
    assert catalog.text("pdf.spouse_share", "zh-Hant", market="TW") == "剩餘財產差額分配請求權"
    # every other market and language reads the plain locale
    assert catalog.text("choice.CN", "zh-Hans", market="TW") == "中国内地"
    assert catalog.text("choice.CN", "en", market="TW") == "Mainland China"


def test_one_wording_per_term():
    """The two dictionaries' shared English terms read the same (deliberate exceptions aside:
    tools/i18n_tables_to_po.py DELIBERATE)."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import i18n_tables_to_po as tool
    finally:
        sys.path.remove(str(ROOT / "tools"))
    every = list(catalog.keys(""))
    for en in tool.PREFER:
        wordings = {(catalog.text(k, "zh-Hant"), catalog.text(k, "zh-Hans"))
                    for k in every if catalog.text(k) == en and k not in tool.DELIBERATE}
        assert len(wordings) == 1, (en, wordings)
    for key in every:
        assert "机率" not in catalog.text(key, "zh-Hans"), key


def test_unknown_keys_are_programming_errors():
    with pytest.raises(KeyError):
        catalog.text("ui.no.such.key", "zh-Hant")


def test_the_tool_is_rerunnable_and_the_catalog_is_its_output(capsys):
    """Running the conversion again (no tables left in the tree) changes nothing."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import i18n_tables_to_po as tool
    finally:
        sys.path.remove(str(ROOT / "tools"))
    assert tool.main(["--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "(0 new, 0 changed, 0 dropped" in out and "would write 0 files" in out


def test_the_tool_reads_a_table_that_gained_keys_or_moved(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import i18n_tables_to_po as tool
    finally:
        sys.path.remove(str(ROOT / "tools"))
    src = ('_T = {"title": {"en": "Plan", "zh-Hant": "規劃", "zh-Hans": "规划"},\n'
           '      "need": {"en": ("a {}", ", "), "zh-Hant": ("甲{}", "、"), '
           '"zh-Hans": ("甲{}", "、")}}\n')
    table = tool.Table("plan", ("planner/command.py", "cli/plan.py"), "_T", "langdict")
    entries, _tw, _words = tool.read_table(src, table)
    assert entries == {"plan.title": ("Plan", "規劃", "规划"),
                       "plan.need.0": ("a {}", "甲{}", "甲{}"), "plan.need.1": (", ", "、", "、")}
    unified = tool.unify({"x.p": ("Probability", "達成機率", "达成机率")})
    assert unified["x.p"][2] == "达成概率"


def test_nothing_is_translated_by_matching_english_back():
    from cli.succession_text import tax_label
    from household import demo
    from scenarios import death_today, localized_reference
    from scenarios.rules import load_rules

    # tax lines carry codes; their English label is the code's English message
    seen = set()
    for name, who in (("demo-tw-lin", "lin_zhiming"), ("demo-cn-chen", "chen_jianguo")):
        res = death_today(demo(name), who)
        for line in res.tax_lines:
            assert line.code, line.label
            assert tax_label(line, "en") == line.label
            assert tax_label(line, "zh-Hant") != line.label
            seen.add(line.code)
    assert "gross_estate" in seen or "no_estate_tax" in seen
    # a reference is translated from its key; English text alone is not matched back
    ref = load_rules("CN").reference("intestacy.spouse", __import__("datetime").date(2026, 6, 30))
    assert localized_reference(ref, "zh-Hant").startswith("《民法典》")
    assert localized_reference(str(ref), "zh-Hant") == str(ref)


def test_no_translation_table_is_left_in_the_code():
    """Text for people comes from the catalog: no dict of Chinese strings in product code
    (number units and the language menu's own names aside; assets/house_method.py writes the
    texts of generated assumption-set data files)."""
    cjk = re.compile(r"[\u4e00-\u9fff]")
    allowed = {"i18n/formats.py", "ui/i18n.py", "assets/house_method.py"}
    found = []
    for src in extract.SOURCES:
        base = ROOT / src
        files = [base] if base.is_file() else sorted(base.rglob("*.py"))
        for f in files:
            rel = f.relative_to(ROOT).as_posix()
            if rel in allowed:
                continue
            for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Dict):
                    zh = [c for c in ast.walk(node) if isinstance(c, ast.Constant)
                          and isinstance(c.value, str) and cjk.search(c.value)]
                    if len(zh) >= 2:
                        found.append(f"{rel}:{node.lineno}")
    assert found == []


def test_every_tax_line_code_has_a_message_and_says_its_label_in_english():
    """Each ``_line(code, label, ...)`` in scenarios/tax.py: the catalog's English of
    ``tax.<code>`` is the label (a constant label, or an f-string whose fields are params; the
    TW deductions are listed as "less: " + label)."""
    tree = ast.parse((ROOT / "scenarios" / "tax.py").read_text(encoding="utf-8"))
    codes = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_line":
            code, label = node.args[0], node.args[1]
            assert isinstance(code, ast.Constant), ast.unparse(node)
            english = catalog.text("tax." + code.value)
            if isinstance(label, ast.Constant):  # deductions get "less: " when listed
                assert english in (label.value, "less: " + label.value), code.value
            else:
                assert isinstance(label, ast.JoinedStr | ast.BinOp), code.value
            codes += 1
    assert codes >= 40
