"""evidesk's headless core: tables, database setup and the domain operations.

Nothing here imports textual, so the CLI, scripts and tests use the same
operations as the app without a screen.
"""
