"""Synthetic cables that look like the real ones, for measuring the archive at scale.

Pure Python, no Django: `measure` turns ../shared/corpus into a small table of counts
and frequencies (figures.json), `generator` draws cable records from those figures
deterministically from a seed, `render` writes their text the way the dump does, and
`dump` writes them as a cables.csv.gz. No real cable text is kept anywhere here: the
prose comes from the project's own word list (words.txt).
"""
