"""What a claim says: the numbers in a sentence and the claim-type and verdict suggestions
made from them and from the reviewer's own decisions. Qt-free."""
