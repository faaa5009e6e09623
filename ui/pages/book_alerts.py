"""Page script for st.navigation: the body lives in :mod:`ui.views.book_alerts`."""

from ui.shell import guarded
from ui.views import book_alerts

guarded("alerts", book_alerts.render)
