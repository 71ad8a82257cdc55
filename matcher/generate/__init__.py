"""Sample programme generator: synthetic peers and challenges over the real councils.

Public API: `generate_programme(size, seed, councils)` builds a `Programme` value;
`write_programme(programme, out, xlsx=False)` writes it as a programme folder. The numbers
behind every distribution are in `distributions` and documented in docs/generator.md.
"""

from matcher.generate.build import generate_programme
from matcher.generate.distributions import SIZES
from matcher.generate.writer import write_programme

__all__ = ["SIZES", "generate_programme", "write_programme"]
