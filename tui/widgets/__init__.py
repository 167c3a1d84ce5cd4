"""The review screen's panes: claim list, evidence queue, detail view."""
