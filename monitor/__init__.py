"""News monitor: discovers, reads and remembers the news on a topic; alerts only on what is new."""

__version__ = "0.1.0"
