"""portdoc: vendor "Connection Ports and Protocols" PDFs in, validated firewall data out.

Data flows one way: PDF -> page model (``pdfmodel``) -> tables and blocks (``layout``)
-> document-family parser (``families``) -> ``Document`` (``models``) -> validate ->
diff / publish.
"""

__version__ = "0.1.0"
