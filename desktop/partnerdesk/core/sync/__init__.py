"""Sync through a shared folder: teams, encrypted bundles, the outbox, import and merge.

The shared folder is moved between computers by whatever the company already uses
(OneDrive, SharePoint, Dropbox, Syncthing, a file share). Each device only ever writes
its own immutable, encrypted bundles into its own folder; every other device imports
them and merges record by record (latest hybrid-logical-clock stamp wins, concurrent
note edits keep both versions).
"""
