"""Who is using the app. Local single-banker mode until accounts exist (see issue 7)."""

from __future__ import annotations

import os


def current_user() -> str:
    """The banker's name for `saved_by` and the audit log."""
    return os.environ.get("KINFOLIO_USER") or os.environ.get("USER") or "banker"
