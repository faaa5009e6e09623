"""scenarios room of Kinfolio (see DESIGN.md)."""
