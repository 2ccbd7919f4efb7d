"""Text: readers, normalisation, blocks and sentence segmentation. No Qt, no SQL."""
