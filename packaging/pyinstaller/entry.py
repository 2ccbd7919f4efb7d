"""The frozen app's entry point: the `assay` command (the window when given no command)."""

from assay.cli import main

raise SystemExit(main())
