"""Self-check registrations, one module per notebook (``nb00`` for 00_start_here, ...).

Importing this package registers every exercise's check with :mod:`helpers.checks`.
"""

from helpers.exercises import nb00  # noqa: F401  (imported for its registrations)
