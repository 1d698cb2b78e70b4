"""The workspace's pages. Each view: login required, one access call, a form, a service."""
