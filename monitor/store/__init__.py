"""Storage: the only place that speaks SQL. Importing it registers every table on `Base.metadata`."""

from monitor.store import schema
from monitor.store.db import Database, open_database, redact_url
from monitor.store.schema import Base

# Tables of the story memory and of per-site boilerplate live beside the modules that query them.
for _name in ("memory", "boilerplate"):
    try:
        __import__(f"monitor.store.{_name}")
    except ModuleNotFoundError as _exc:  # pragma: no cover - only while a module is being written
        if _exc.name != f"monitor.store.{_name}":
            raise

__all__ = ["Base", "Database", "open_database", "redact_url", "schema"]
