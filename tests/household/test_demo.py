from household import DEMO_IDS, demo, summary


def test_every_demo_loads_and_summarises():
    for d in DEMO_IDS:
        doc = summary(demo(d))
        assert doc["net_worth"] > 0
        assert set(doc["controller"]) == {c.id for c in demo(d).companies}
