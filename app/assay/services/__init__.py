"""Services: the operations the UI and the CLI call, one transaction each. No Qt."""
