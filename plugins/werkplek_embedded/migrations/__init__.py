"""Alembic migrations of the embedded default's schema."""
