"""Exchange: bundles, reports and statistics. No Qt."""
