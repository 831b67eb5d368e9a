"""Reliability tests: crashes, concurrency, database loss, hostile input and fuzzing, whole-pass."""
