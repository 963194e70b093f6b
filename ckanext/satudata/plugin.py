"""ckanext-satudata: interface wiring only; the logic lives in the modules."""
from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckan.lib.plugins import DefaultTranslation

from .search import seam


@tk.blanket.cli
@tk.blanket.config_declarations
class SatuDataPlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)

    # IConfigurer
    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        seam.install(config["ckanext.satudata.search.backend"])
