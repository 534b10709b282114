"""Application services on asyncio: no widgets, so they are tested without a screen."""
