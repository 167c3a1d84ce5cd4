"""The evidesk release number."""

__version__ = "0.1.0"
