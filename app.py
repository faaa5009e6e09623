"""Kinfolio: the Streamlit app a private banker opens in front of the client.

Run with ``python -m ui.launch`` (or ``streamlit run app.py``). Everything lives in :mod:`ui`;
this file stays thin.
"""


def run() -> None:
    from ui import warmup

    warmup.wait()  # the launcher's warm-up imports the same packages: never both at once
    from ui.shell import main

    main()


run()
