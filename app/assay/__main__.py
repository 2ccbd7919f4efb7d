"""`python -m assay` behaves exactly like the `assay` command."""

from assay.cli import main

raise SystemExit(main())
