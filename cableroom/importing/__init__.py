"""import_cables: the run, the parse pipeline and write lanes, progress, the parse report
and the summary.

It may import sources, parsing, refdata, synthetic and models; `plan/` is pure Python and
`write/` holds the batched row writes.
"""
