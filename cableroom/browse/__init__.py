"""The browse request: its URL parameters (`params`, `state`), the in-process facet index
(`loader`, `index`), evaluation and facet counts (`evaluate`, `facets`, `panels`), the date
histogram and prev/next within a search (`neighbours`).

It may import models, search and `cableroom.read_route`; never views, templatetags or
admin (tests/test_layout.py checks).
"""
