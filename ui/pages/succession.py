"""Page script for st.navigation: the body lives in :mod:`ui.views.succession`."""

from ui.shell import guarded
from ui.views import succession

guarded("succession", succession.render)
