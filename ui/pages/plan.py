"""Page script for st.navigation: the body lives in :mod:`ui.views.plan`."""

from ui.shell import guarded
from ui.views import plan

guarded("plan", plan.render)
