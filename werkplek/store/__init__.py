"""The workstation's own local database: audit log, kennisbank index and settings."""
