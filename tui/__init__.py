"""evidesk's terminal interface: the Textual app, its screens, widgets and the CLI.

Kept empty so that `evidesk --help` does not pay for importing textual.
"""
