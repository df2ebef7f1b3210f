""" "More like this": the cables nearest a cable by meaning, and by words when no
embeddings are stored.

It owns the text a cable is embedded from and the sentence-embedding model, loaded once
per process and only when asked (`embedder`), the nearest cables of every cable by
cosine similarity in numpy (`nearest`), the run that embeds the archive in resumable
batches and stores each cable's neighbours (`embedding_run`, behind `manage.py
embed_cables`), and the fallback that asks the search engine for cables sharing the
cable's subject and commonest words (`similar_words`). The cable page reads the stored
neighbours as a column of its one query (`cableroom.reading.page_query`). It may import
`cableroom.models` and `cableroom.search`, never views or reading.
"""
