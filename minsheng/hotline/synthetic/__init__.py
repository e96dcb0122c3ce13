"""Synthetic 12345 cases: a believable year (or recent weeks) of Beijing requests.

``minsheng generate-cases`` writes them in the case file format; tests and benchmarks call
:func:`write_cases` or :func:`ground_truth` to learn which cases belong to which planted problem
(the files themselves never say).
"""

from minsheng.hotline.synthetic.generator import (
    GeneratedCase,
    GenerationSpec,
    generate,
    ground_truth,
    write_cases,
)
from minsheng.hotline.synthetic.planted import PLANTED

__all__ = [
    "PLANTED",
    "GeneratedCase",
    "GenerationSpec",
    "generate",
    "ground_truth",
    "write_cases",
]
