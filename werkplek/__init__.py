"""Werkplek: de werkplek van het Klant Contact Centrum van een gemeente."""

from typing import Any


def __getattr__(naam: str) -> Any:
    """``__version__`` from the installed package's metadata, read when first asked: the
    window's start does not wait for it."""
    if naam != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {naam!r}")
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("werkplek")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0+onbekend"
