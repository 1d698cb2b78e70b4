"""The site: root URLs, site-wide context, setup/serve/import commands, demo loaders."""
