#!/usr/bin/env bash
# The solr service's command (docker/compose.yaml). The first start creates
# the core `ckan` from the configset config/solr/ (mounted read-only at
# /opt/satudata/solr/conf) with the image's solr-precreate; every later
# start copies the configset over the core's own copy first, so a schema
# regenerated after a CKAN upgrade (scripts/solr_configset.py) applies on
# restart. Reindex after a change of fields: ckan search-index rebuild.
set -euo pipefail
core=/var/solr/data/ckan
if [ -d "$core/conf" ]; then
  echo "==> Refreshing the configuration of the core ckan from config/solr/"
  cp -r /opt/satudata/solr/conf/. "$core/conf/"
fi
exec solr-precreate ckan /opt/satudata/solr
