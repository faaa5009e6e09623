"""Page script for st.navigation: the body lives in :mod:`ui.views.book_calls`."""

from ui.shell import guarded
from ui.views import book_calls

guarded("calls", book_calls.render)
