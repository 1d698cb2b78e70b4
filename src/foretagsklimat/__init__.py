"""Företagsklimat: measure, understand and improve the local business climate.

The package has two layers (see docs/architecture.md):

* :mod:`foretagsklimat.engine` — the ranking and statistics engine, plain pandas/numpy,
  no Django; usable from a notebook.
* :mod:`foretagsklimat.web` and :mod:`foretagsklimat.apps` — the Django application that
  stores data, calls the engine and shows results.
"""

__version__ = "0.1.0"
