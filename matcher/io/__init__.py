"""Programme folders in and out (docs/format.md): CSV folders or one .xlsx workbook.

`load_programme` returns a whole, valid Programme or raises InvalidInstanceError listing
every problem with its file, row and column; `save_programme` writes one back so that it
loads equal; `write_tables` writes job outputs without ever leaving half-written files.
"""

from matcher.io.assignments import assignments_table, read_assignments, unfilled_table
from matcher.io.errors import InvalidInstanceError, LoadError
from matcher.io.reading import load_programme, reference_councils
from matcher.io.writing import save_programme, write_tables, write_workbook

__all__ = [
    "InvalidInstanceError",
    "LoadError",
    "assignments_table",
    "load_programme",
    "read_assignments",
    "reference_councils",
    "save_programme",
    "unfilled_table",
    "write_tables",
    "write_workbook",
]
