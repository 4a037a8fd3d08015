"""Executive summaries: a period and a scope turned into a plain data model, and its renderers.

``period`` parses months and quarters, ``scope`` picks the managers a summary covers,
``summary`` aggregates the store (in SQL) into dataclasses, and ``markdown``, ``html``,
``csv_export``, ``workbook`` (Excel) and ``slides`` (PowerPoint) render that model.
The PDF renderer needs Qt and lives in ``ui``.
"""

#: Export formats, as named on the command line.
FORMATS = ("pdf", "md", "html", "csv", "pptx", "xlsx")
