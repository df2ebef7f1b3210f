"""One module per manage.py command; each parses its arguments, calls a service function
and reports.

They may import importing, curation, synthetic and models, never views.
"""
