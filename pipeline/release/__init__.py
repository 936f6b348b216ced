"""Documents and diffs in, a published release out.

``sources`` and ``register`` keep ``sources/`` (one folder a vendor document, with its
revisions); ``publish`` extracts, diffs and writes a versioned tree staged beside
``output/`` and swapped in whole (``tree``, ``treecheck``); ``render`` draws the CSV, list
and JSON files, ``changes``/``lineage``/``atom`` the change feed, ``schemas`` the JSON
Schemas of every file written, ``cache`` keeps extractions by PDF bytes and ``frames``
reads a release back as pandas frames. May import the verbs (``extract``, ``diff``) and
every stage below them.
"""
