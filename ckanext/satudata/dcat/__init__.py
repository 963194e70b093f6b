"""DCAT-AP 3 for Satu Data.

- ``profiles.py``: the ``satudata`` RDF profile (Satu Data fields as URIs;
  ``distributions.py`` its distributions),
  ``parse.py`` its way back (a harvesting portal keeps every field),
  ``statdcat.py`` StatDCAT-AP for datasets with MS-Keg or MS-Ind;
- ``uris.py``, ``terms.py``: the URIs of our code lists and their lookup;
- ``skos.py``: the code lists as SKOS (``/vocab``);
- ``feed.py``: catalogue pages assembled from each dataset's kept Turtle part
  (table ``satudata_dcat_fragment``);
- ``harvest.py``: the ``dcat_rdf`` harvester's hooks: a harvested dataset under
  its OPD (``../harvest/opd.py``), published; an unchanged one skipped;
- ``compat.py``: every use of ckanext-dcat's internals, guarded by a test.
"""
