"""End-to-end tests against a real Prefect server, real served deployments and real workers."""
