"""What an analytics report looks like to people: SVG pictures, CSV tables and terminal text.

Pure Python over `assess.stats.Report` and count tables: no web framework, no database, so the API, the CLI
and tests all render the same bytes from the same numbers.
"""
