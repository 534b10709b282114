"""The Qt user interface; the only layer that imports Qt, and only through werkplek.ui.qt."""
