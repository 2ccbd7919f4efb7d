"""Icons and other resources, shipped as package data (assay.resources)."""
