"""PDF in, page model out, under limits.

``pdfguard`` checks a file before any parser sees it (size, pages, nesting, inflation)
and bounds pdfminer's work (``contenttokens`` reads the common content-stream tokens
for it in one step, ``matrix`` its glyph boxes, ``charrender`` a string's glyphs);
``bounded`` runs the work in a forked worker with a time and memory ceiling;
``pdfmodel`` reads each page into words, rules, rects and links (``words`` builds the
words, ``pageink`` renders a page for the review) and ``spill`` keeps pages on disk so
memory is bounded by the page in hand. May import ``model`` and ``values``.
"""
