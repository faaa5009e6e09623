"""ui room of Kinfolio (see DESIGN.md)."""
