"""Cable Room, a reading room for diplomatic cables: the Django project and its one app.

Each subpackage owns one area (its docstring says what it may import); the data's road
runs one way: sources -> parsing -> importing -> models -> search and browse -> views.
"""
