"""The encrypted store: engine, keys, models, migrations and backups."""
