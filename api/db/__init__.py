"""The service's own tables (keys, audit log, placement workflow, upload sources).

They live in the store's database beside the store's tables, under an `api_` prefix and
with their own schema version, so the store and the service can evolve separately.
"""
