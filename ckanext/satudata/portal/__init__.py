"""The kabupaten's own site: what a visitor sees around the catalogue.

- ``identity.py``: the site's name, logo, colours, contact, address and
  social links, read from ``ckanext.satudata.site.*`` options;
- ``pages.py``: the About and "Tentang Satu Data" pages (Markdown files);
- ``home.py``: the home page's figures, topics and dataset lists;
- ``api_page.py``: what the developers' page at ``/api`` shows.

Views are in ``views/portal.py``; styles in ``assets/css/``.
"""
