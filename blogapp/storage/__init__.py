"""The data layer: models, SQLite tuning, migrations settings, and every side effect a write has (installed from one list in effects.py)."""
