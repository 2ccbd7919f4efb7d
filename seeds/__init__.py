"""The sample documents, shipped as package data (assay.seeds)."""
