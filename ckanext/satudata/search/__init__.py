"""The embedded search: CKAN's Solr index answered by PostgreSQL
(``ckanext.satudata.search.backend = postgres``, the default; ``solr``
leaves CKAN's pysolr path alone), transactionally. What
lives where:

- ``seam.py``: the one place CKAN's search code meets this backend (CKAN 2.12
  has no search-backend interface); ``connection.py``: the pysolr-like
  connection ``make_connection()`` returns;
- ``syntax.py``: the Solr/Lucene query parser (pure Python);
  ``compile.py``: a parsed query as a SQL condition; ``sort.py``: the sort;
  ``dates.py``: Solr dates and date math;
  ``fields.py``: how each document field is stored and matched;
- ``query.py``: a search as CKAN's ``PackageSearchQuery`` sends it: the
  page, hit count, facet fields and facet queries;
  ``facets.py``: its hit and facet counts (kept or counted);
  ``facet_query.py``: facet queries over the hits of a search that ran;
- ``counts.py``: counts kept per visibility class and term, for searches
  that filter on visibility only; ``cache.py``: the Redis cache of counts,
  exact by the index generation;
- ``index.py``: CKAN's documents written to ``satudata_search_doc``;
  ``bulk.py``: the batched rebuild, in worker processes;
  ``hooks.py``: what the features' ``before_dataset_index`` hooks share
  (the stored dict parsed once; their rows read and written once a batch);
- ``errors.py``: syntax errors as CKAN errors in the user's language.

The tables are created by the migrations (``0001_search_index``, ``0006_modified_covering``,
``0010_search_days``, ``0011_search_field_words``: the weight-D fields' own words,
``0015_search_terms_inline``: terms and labels kept in the row,
``0016_search_facet_terms``: the faceted fields' terms apart);
the production path with Solr is CKAN's own (``config/solr/``).
"""
