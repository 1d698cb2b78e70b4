from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site as a whole: the root URLs, what every page needs, the setup, serve and
    import commands, and the loaders of the synthetic demo into every app. The top layer:
    it may use every app, and no app uses it."""

    name = "foretagsklimat.apps.site"
    label = "site"
