"""Bringing other portals' datasets in (ckanext-harvest sources).

- ``opd.py``: the local OPD of a harvested dataset's producer, found among
  those harvested from the same pemda or made (``pemda_asal``);
- ``ckan.py``: the ``satudata_ckan`` source, another portal's action API
  (ckanext-harvest's ``ckan`` harvester, plus OPDs, publication and
  deletions);
- ``run.py``: one job now, in process (``ckan satudata harvest run``);
- ``extras.py``: the other way, for a CKAN harvesting this portal's API:
  search results carry the Satu Data fields as extras too.

The ``dcat_rdf`` source's hooks (plugin ``satudata_harvest``) are in
``dcat/harvest.py``.
"""
