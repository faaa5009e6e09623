"""planner room of Kinfolio (see DESIGN.md)."""
