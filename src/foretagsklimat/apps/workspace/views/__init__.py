"""The workspace's pages, one module per feature. Each view: ``access.workspace_view`` (login,
method, membership and role), one access call, a form, a service, then a redirect or a
page (``pages.render_page``)."""
