"""Benchmarks of Cable Room at scale; `python -m bench` runs the side-by-side harness.

The harness (issue 5): generate or reuse a synthetic corpus, import it on PostgreSQL,
serve it with gunicorn under production settings and time the browse query set, the
cable page and its forms, CSV export and the feed through HTTP, beside the same corpus
in Datasette, alternating the two so both are measured at the same moment. The other
scripts here (cable_page.py, import_speed.py, ...) are single-purpose benchmarks.
"""
