"""The data model: what a revision turns into, and the one exception root.

``models`` (the pydantic ``Document`` and its parts), ``errors`` (``PortdocError`` and the
unusable-input family), ``canonical`` (the one JSON serialisation every file is written
with) and ``schema`` (a model's JSON Schema and validation against it). The lowest
stage: it imports nothing else of portdoc.
"""
