"""Page script for st.navigation: the body lives in :mod:`ui.views.book`."""

from ui.shell import guarded
from ui.views import book

guarded("book", book.render)
