"""Lets ``python -m werkplek`` behave as the ``werkplek`` command."""

from werkplek.cli import main

raise SystemExit(main())
