"""Page script for st.navigation: the body lives in :mod:`ui.views.insights`."""

from ui.shell import guarded
from ui.views import insights

guarded("insights", insights.render)
