"""Kinfolio: the Streamlit app a private banker opens in front of the client.

Run with ``streamlit run app.py``. Everything lives in :mod:`ui`; this file stays thin.
"""

from ui.shell import main

main()
