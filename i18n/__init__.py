"""Text for people, in one place: the gettext catalog of the app, the PDF and the CLI
(:mod:`i18n.catalog`), number formats (:mod:`i18n.formats`) and the extractor that finds the keys
the code uses (:mod:`i18n.extract`). The lowest layer: it imports no other room, and every room
may use it.

Messages live in ``i18n/locales/<locale>/LC_MESSAGES/kinfolio.po`` (``msgctxt`` = the key,
``msgid`` = the English, ``msgstr`` = the translation) for ``zh_Hant`` and ``zh_Hans``;
``zh_Hant_TW`` is made from ``zh_Hant`` with Taiwan's words (and its own entries where they
differ more). To add or change a message, edit the zh_Hant and zh_Hans ``.po`` files (or a table
that tools/i18n_tables_to_po.py reads) and run ``python tools/i18n_tables_to_po.py``: it rewrites
the ``.pot``, the Taiwan catalog and the compiled ``.mo`` files the app reads. tests/i18n checks
that every message is translated, used and compiled.
"""

from .catalog import LANGS, has, keys, render, table, text

__all__ = ["LANGS", "has", "keys", "render", "table", "text"]
