"""proposal room of Kinfolio (see DESIGN.md)."""
