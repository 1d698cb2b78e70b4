"""Public pages. One module per page; every page reads stored results only."""

from .climbers import climbers
from .county import county
from .drivers import drivers
from .home import health, home, search
from .methodology import methodologies
from .municipality import municipality
from .ranking import ranking

__all__ = [
    "climbers",
    "county",
    "drivers",
    "health",
    "home",
    "methodologies",
    "municipality",
    "ranking",
    "search",
]
