"""Werkplek: de werkplek van het Klant Contact Centrum van een gemeente."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("werkplek")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+onbekend"
