"""What the portal derives from a dataset's metadata.

- ``completeness.py``: the completeness figure and the missing fields
  (``after_dataset_show``) and the values the index keeps;
- ``facets.py``: the search facets and their labels in the reader's language;
- ``resources.py``: a resource needs a file or a link;
- ``spatial.py``: a dataset's spatial extent (GeoJSON checks, bbox, centroid);
- ``values.py``: a field of several values read one way (input and display).
"""
