"""The frozen program's entry point: the same as the ``werkplek`` script (werkplek.cli:main)."""

from werkplek.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
