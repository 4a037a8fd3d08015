"""Partner Desk's core: plain Python, no Qt. The UI and the CLI call into it."""
