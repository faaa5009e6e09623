"""Text in the reader's script: kept in :mod:`household.script` (the household's facts give
display names per language from it); re-exported here for the proposal."""

from household.script import (
    converter,
    display_name,
    in_script,
    opencc_config,
    punctuate,
    to_script,
)

__all__ = ["converter", "display_name", "in_script", "opencc_config", "punctuate", "to_script"]
