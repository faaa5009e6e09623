"""Page script for st.navigation: the body lives in :mod:`ui.views.proposal`."""

from ui.shell import guarded
from ui.views import proposal

guarded("proposal", proposal.render)
