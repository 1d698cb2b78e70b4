"""The workspace's forms, one module per feature."""
