"""table-tests kata: your tests go here.

Read the kata's README: it shows the ticket machine's module. Write pytest
tests that take the machine from the `ticket` fixture (never `import ticket`)
and generate the cases from ticket.TRANSITIONS, ticket.State, ticket.Event,
ticket.INITIAL and ticket.TERMINAL. The checker runs your tests against the
correct machine (all must pass) and against hidden broken copies of it (your
tests must fail on each one).

Check your work with:  trainer kata check table-tests
"""

from __future__ import annotations

import itertools  # noqa: F401  (you will want product() for the illegal pairs)


def legal_rows(ticket):
    """The table's rows, as (source, event, target) triples."""
    return list(ticket.TRANSITIONS)


# Write your tests below, e.g.
#
# def test_every_legal_row_moves_to_its_target(ticket):
#     for src, event, dst in legal_rows(ticket):
#         ...
