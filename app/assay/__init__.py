"""Assay: an offline desktop reviewer for the claims in scientific and health texts."""

__version__ = "0.1.0"
