"""The subcommands of the `evidesk` command line, one module each."""
