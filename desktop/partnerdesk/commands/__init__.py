"""The command-line verbs, one module per group; each exposes ``register(subparsers)``."""
