"""assets room of Kinfolio (see DESIGN.md)."""
