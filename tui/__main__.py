"""`python -m tui` runs the evidesk command line."""

from tui.cli import main

main()
