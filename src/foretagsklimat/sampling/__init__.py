"""Survey sampling: read a company register, build the sampling frame, draw the sample.

Pure pandas, numpy and python-stdnum, no Django, so that the management command, the
web application and the tests share one implementation. The published rules are in
``METHODOLOGY.md`` §2; user documentation: ``docs/sampling.md``.
"""

from .draw import draw_sample
from .frame import FRAME_REASONS, sampling_frame
from .register import REGISTER_COLUMNS, merge_register, read_register
from .sizes import sample_size, sample_sizes

__all__ = [
    "FRAME_REASONS",
    "REGISTER_COLUMNS",
    "draw_sample",
    "merge_register",
    "read_register",
    "sample_size",
    "sample_sizes",
    "sampling_frame",
]
