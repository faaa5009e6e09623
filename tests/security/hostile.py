"""A household whose every piece of client text is markup: Markdown images and links, HTML links,
images and styled spans pointing at (or coloured by) markers no real page uses."""

from __future__ import annotations

from household import Household, demo, from_dict, to_dict

TRACKER = "tracker.invalid"
COLOUR = "#fe0001"  # a colour nothing in the app uses: any element styled with it came from data
EVIL_CLASS = "kf-evil"

PAYLOADS = (
    "![i{n}](http://tracker.invalid/img{n}.png)",
    "[l{n}](http://tracker.invalid/link{n})",
    '<a href="http://tracker.invalid/a{n}">a{n}</a>',
    '<span style="color:#fe0001" class="kf-evil">s{n}</span>',
    '<img src="http://tracker.invalid/tag{n}.png">i{n}',
    "<b>b{n}</b> &amp; <i>x</i>",
)


def payload(n: int) -> str:
    return PAYLOADS[n % len(PAYLOADS)].format(n=n)


def hostile_household(base: str = "demo-cn-chen") -> tuple[Household, int]:
    """The demo with every name, label, product, role and scenario name replaced by a payload;
    its own name starts with "!" so that it is the first household in the picker. Returns the
    household and how many fields carry a payload."""
    d = to_dict(demo(base))
    n = 0

    def put(obj: dict, key: str) -> None:
        nonlocal n
        obj[key] = payload(n)
        n += 1

    d["id"] = "hostile"
    d["name"] = "![h](http://tracker.invalid/household.png)"
    n += 1
    for sec in ("people", "companies", "trusts", "goals"):
        for it in d.get(sec, []):
            put(it, "name")
    for it in d.get("cash_flows", []):
        put(it, "label")
    for it in d.get("holdings", []):
        if "product" in it:
            put(it, "product")
    for r in d.get("relations", []):
        if r.get("kind") == "role":
            put(r, "role")
    d["scenarios"] = [{"id": "hostile-scenario", "name": "[s](http://tracker.invalid/scenario)",
                       "changes": []}]
    n += 1
    return from_dict(d), n
