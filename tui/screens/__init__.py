"""Screens: what fills the terminal for one job (review; audit and stats later)."""
