"""Document families: each turns layout blocks into the parts of a ``Document``.

May import ``layout``, ``values`` and ``model``; never the verbs or the release.

A family is one module with a ``FAMILY`` name and a ``parse(blocks) -> Parsed``
function that reads the blocks once, in order, keeping records rather than blocks.
``extract`` takes the first family whose parse found its kind of table.
"""

from __future__ import annotations

from pipeline.families import ports_protocols

FAMILIES = (ports_protocols,)
