"""Deterministic synthetic school district that writes a landing folder of raw extracts.

See :func:`generate`; the effects built into the data are in :mod:`sample_district.truth`.
"""

from .generator import generate
from .output import GenerationSummary

__all__ = ["GenerationSummary", "generate"]
