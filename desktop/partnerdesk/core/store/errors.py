"""The store's errors, apart from the engine so that unlocking needs no SQLAlchemy."""


class StoreError(Exception):
    """A problem opening or using the store, with a message meant for the user."""


class WrongKey(StoreError):
    """The key (or passphrase) does not open this database."""


class DamagedDatabase(StoreError):
    """The database file fails SQLCipher's or SQLite's integrity checks."""
