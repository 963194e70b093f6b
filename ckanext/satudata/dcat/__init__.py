"""DCAT-AP 3 for Satu Data: the `satudata` RDF profile, its URIs and the SKOS code lists."""
