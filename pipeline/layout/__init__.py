"""Page models in, laid-out blocks out: headings, paragraphs, lists and tables.

``layout`` lays out one page at a time from the page model; ``furniture`` finds running
headers and footers; ``blocks`` are the block types; ``headers`` reads header bands and
column roles from header words (``subheaders``: a header cell over sub-columns);
``cells`` reads a cell's lines into values by geometry.
May import ``pdf``, ``values`` and ``model``; nothing of the document families.
"""
