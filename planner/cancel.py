"""Cooperative cancellation of long work: whoever asked for a plan may say it is no longer wanted.

The engine calls :func:`checkpoint` once per simulated year. A caller that can tell when its
requester has gone (the app: the browser session ended) installs a check with
:func:`cancel_when` (or :func:`set_check` for the rest of a thread's life); the next checkpoint
then raises :class:`Cancelled` and the work stops, instead of keeping the cores busy for nobody.
Without a check nothing changes (the CLI, tests, the nightly batch).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

_CHECK: ContextVar[Callable[[], bool] | None] = ContextVar("kinfolio_cancel_check", default=None)


class Cancelled(RuntimeError):
    """The work was cancelled because whoever asked for it has gone."""


def set_check(check: Callable[[], bool] | None) -> None:
    """Install ``check`` (True = stop) for the current thread/context."""
    _CHECK.set(check)


@contextlib.contextmanager
def cancel_when(check: Callable[[], bool]) -> Iterator[None]:
    token = _CHECK.set(check)
    try:
        yield
    finally:
        _CHECK.reset(token)


def checkpoint() -> None:
    """Raise :class:`Cancelled` when the installed check says the work is no longer wanted."""
    check = _CHECK.get()
    if check is not None and check():
        raise Cancelled("the session that asked for this work has ended; it was stopped")
