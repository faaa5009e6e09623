import re

from ui.i18n import LANGS, table, tr


def test_every_label_has_three_languages_with_the_same_placeholders():
    for key, texts in table().items():
        assert len(texts) == len(LANGS), key
        assert all(s.strip() for s in texts), key
        fields = [sorted(re.findall(r"{(\w+)", s)) for s in texts]
        assert fields[0] == fields[1] == fields[2], key


def test_chinese_labels_differ_from_english_for_page_names():
    for key in ("nav.household", "nav.plan", "nav.succession", "nav.insights", "nav.proposal"):
        assert tr(key, "zh-Hant") != tr(key, "en")
        assert tr(key, "zh-Hans") != tr(key, "en")


def test_unknown_language_falls_back_to_english():
    assert tr("nav.plan", "fr") == tr("nav.plan", "en")


def test_every_editable_field_has_chinese_labels():
    from ui.forms import RELATIONS, SECTIONS, household_specs, specs_for
    from ui.i18n import field_label

    names = {s.name for sec in SECTIONS for s in specs_for(sec)}
    names |= {s.name for k in RELATIONS for s in specs_for("relations", k)}
    names |= {s.name for s in household_specs()}
    for name in names:
        assert field_label(name, "en") == name
        for lang in ("zh-Hant", "zh-Hans"):
            label = field_label(name, lang)
            assert label.endswith(" " + name) and label != name, (name, lang)
