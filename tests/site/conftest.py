"""The fixtures of the comparison, workspace and survey tests, for the tests that span
the whole site (tests/site/test_every_download.py)."""

from tests.survey.conftest import open_round, operator  # noqa: F401
from tests.web.test_comparison import round_with_politicians  # noqa: F401
from tests.workspace.conftest import cast  # noqa: F401
