"""References and the reviewer's library: a document's reference list read and grouped into
works, citation markers linked to them, and library files read and matched. Qt-free."""
