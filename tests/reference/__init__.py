"""Published reference data the statistics are checked against, read once for the unit and integration tests."""
