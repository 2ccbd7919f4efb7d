"""UI: the only layer that imports Qt."""
