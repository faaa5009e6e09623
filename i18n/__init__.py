"""Text for people, in one place: the gettext catalog of the app, the PDF and the CLI
(:mod:`i18n.catalog`), number and date formats (:mod:`i18n.formats`) and a market's own wording
(:mod:`i18n.market`). The lowest layer: it imports no other room, and every room may use it."""

from .catalog import LANGS, has, keys, render, table, text

__all__ = ["LANGS", "has", "keys", "render", "table", "text"]
