"""`kinfolio succession`: the spec's JSON keys, the readable breakdown, clear errors."""

from __future__ import annotations

import json

import pytest

from cli import main
from household import demo_path


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(("demo", "who"), [("demo-cn-chen", "chen_jianguo"),
                                           ("demo-tw-lin", "lin_zhiming"),
                                           ("demo-hksg-wong", "wong_kaming")])
def test_json_has_the_spec_keys_and_the_identity(capsys, demo, who):
    code, out, err = _run(capsys, "succession", str(demo_path(demo)), "--deceased", who,
                          "--json")
    assert code == 0, err
    doc = json.loads(out)
    for key in ("estate", "spouse_marital_share", "tax", "heirs", "insurance"):
        assert key in doc
    assert doc["estate"] == pytest.approx(sum(doc["heirs"].values()) + doc["tax"] +
                                          doc["costs"], abs=0.05)


def test_second_death_and_jurisdiction(capsys):
    code, out, _ = _run(capsys, "succession", str(demo_path("demo-tw-lin")), "--deceased",
                        "lin_zhiming", "--then", "chen_yahui", "--json")
    assert code == 0
    doc = json.loads(out)
    assert "then" in doc and doc["then"]["deceased"] == "chen_yahui"
    code, out, _ = _run(capsys, "succession", str(demo_path("demo-tw-lin")), "--deceased",
                        "lin_zhiming", "--jurisdiction", "US", "--json")
    assert code == 0 and json.loads(out)["jurisdiction"] == "US"


def test_readable_breakdown_in_chinese(capsys):
    code, out, _ = _run(capsys, "succession", str(demo_path("demo-cn-chen")), "--deceased",
                        "chen_jianguo", "--lang", "zh-Hans")
    assert code == 0
    assert "陈建国" in out and "遗产总额" in out and "企业控制权" in out
    # the survivor's half of the whole joint pool, shown before the estate's items
    assert out.index("夫妻共同财产（双方名下合计）") < out.index("配偶应得的一半") < \
        out.index("遗产总额")


def test_readable_marital_lines_add_up():
    from cli.succession_text import succession_text
    from household import demo
    from household.locale import money
    from scenarios import death_today

    hh = demo("demo-cn-chen")
    res = death_today(hh, "chen_jianguo")
    text = succession_text(hh, res, "en")
    for v in (res.joint_marital_property, res.spouse_marital_share,
              res.survivor_marital_property, res.marital_transfer_from_deceased):
        assert money(v, None, "en", compact=False) in text  # tables: full amounts
    tw = demo("demo-tw-lin")
    res = death_today(tw, "lin_zhiming")
    text = succession_text(tw, res, "en")
    assert "residual property claim" in text
    assert money(-res.residual_claim, None, "en", compact=False) in text
    assert "joint marital property" not in text


@pytest.mark.parametrize("argv", [
    ["--deceased", "nobody"],
    ["--deceased", "chen_jianguo", "--scenario", "missing"],
    ["--deceased", "chen_jianguo", "--then", "ghost"],
    ["--deceased", "chen_jianguo", "--jurisdiction", "JP"],
])
def test_bad_input_exits_2_without_traceback(capsys, argv):
    code, out, err = _run(capsys, "succession", str(demo_path("demo-cn-chen")), *argv, "--json")
    assert code == 2
    assert "Traceback" not in err and err.strip()
    assert out == ""


def test_saved_scenario_is_applied(capsys, tmp_path):
    from household import demo, dumps
    from scenarios import suggest_scenarios

    hh = demo("demo-tw-lin")
    hh = hh.model_copy(update={"scenarios": suggest_scenarios(hh)})
    path = tmp_path / "lin.json"
    path.write_text(dumps(hh), encoding="utf-8")
    code, out, err = _run(capsys, "succession", str(path), "--deceased", "lin_zhiming",
                          "--scenario", "gift-plan", "--json")
    assert code == 0, err
    doc = json.loads(out)
    # death assessed at the end of the five-year gifting plan, with the gifts added back
    assert doc["date_of_death"] == "2030-01-01"
    assert any("added back" in t["label"] for t in doc["tax_lines"])
    code, out, _ = _run(capsys, "succession", str(path), "--deceased", "lin_zhiming",
                        "--scenario", "family-trust", "--json")
    assert code == 0
    base = json.loads(_run(capsys, "succession", str(path), "--deceased", "lin_zhiming",
                           "--json")[1])
    assert json.loads(out)["estate"] < base["estate"]
