"""SVG screenshots of evidesk's screens for the README, made from the demo data.

`python -m tui.screenshots` writes them beside this file, so they stay current.
"""
