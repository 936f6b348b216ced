"""Values: pure functions of text, and the vocabulary that varies between vendors.

Normalisers turn printed text into typed values (ports, protocols, directions,
hostnames, addresses, dates, versions); ``vocabulary`` is every header word,
application name and date form in one place; ``ids`` derives stable record ids. They
know nothing of PDFs or pages: they may import ``model`` only.
"""
