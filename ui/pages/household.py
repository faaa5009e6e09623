"""Page script for st.navigation: the body lives in :mod:`ui.views.household`."""

from ui.shell import guarded
from ui.views import household

guarded("household", household.render)
