"""Dialogs, each a typed ModalScreen that returns its result to the caller."""
