"""The book watch's sentences now live in :mod:`proposal.book_text` (the app, the PDF and the CLI
share them; ``ui`` may not import ``cli``). This name stays for the CLI and its tests."""

from proposal.book_text import T, alert_sentence, printable, sentence, template, tr

__all__ = ["T", "alert_sentence", "printable", "sentence", "template", "tr"]
