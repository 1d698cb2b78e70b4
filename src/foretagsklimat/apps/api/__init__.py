"""The public JSON API, ``/api/v1/``: reads stored rankings, never computes them."""
