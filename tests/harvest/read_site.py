"""Reads a CKAN portal as ckanext-harvest's ``ckan`` harvester does, with
that harvester's own search code (``CKANHarvester._search_for_datasets``),
in its own process: importing ckanext-harvest maps its tables onto CKAN's
model, which the test portal's database does not have.

    python read_site.py URL QUERIES_JSON

QUERIES_JSON maps a name to the ``fq`` terms ``gather_stage`` would send;
prints a JSON object mapping each name to the datasets read.
"""
from __future__ import annotations

import json
import sys

from ckanext.harvest.harvesters.ckanharvester import CKANHarvester


def main() -> None:
    url, queries = sys.argv[1], json.loads(sys.argv[2])
    harvester = CKANHarvester()
    harvester._set_config("{}")
    print(json.dumps({name: harvester._search_for_datasets(url, terms)
                      for name, terms in queries.items()}))


if __name__ == "__main__":
    main()
