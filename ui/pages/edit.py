"""Page script for st.navigation: the body lives in :mod:`ui.views.edit`."""

from ui.shell import guarded
from ui.views import edit

guarded("edit", edit.render)
