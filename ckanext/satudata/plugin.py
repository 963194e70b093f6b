"""ckanext-satudata: interface wiring only; the logic lives in the modules."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckan.lib.plugins import DefaultTranslation
from ckanext.dcat.interfaces import IDCATRDFHarvester
from ckanext.xloader.interfaces import IXloader

from .access import files as access_files
from .metadata import completeness, facets, resources
from .review import notifications, permissions, revisions
from .schedule import facet as schedule_search, sync as schedule
from .dcat import harvest
from .harvest import extras as harvest_extras
from .lang import auth_messages
from .preview import chart, config as preview_config
from .quality import facet as quality_search, jobs as file_checks, link_jobs, scores
from .search import hooks as index_hooks, seam
from .usage import seam as usage_seam
from .web import app as web_app


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.validators
@tk.blanket.helpers
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.config_declarations
class SatuDataPlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IPermissionLabels)
    p.implements(p.ISignal)
    p.implements(p.IMiddleware, inherit=True)

    # IConfigurer
    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "ckanext-satudata")
        seam.install(config["ckanext.satudata.search.backend"])
        auth_messages.install()
        preview_config.configure(config)
        usage_seam.install()          # ckanext-tracking's request parser and per-row reads

    # IPackageController
    def after_dataset_show(self, context: Any, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        revisions.for_writer(context, pkg_dict)
        access_files.for_show(context, pkg_dict)
        return scores.derive(schedule.derive(completeness.derive(pkg_dict)))

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        return index_hooks.chain(pkg_dict, (completeness.for_index, schedule.for_index,
                                            scores.for_index, access_files.for_index))

    def after_dataset_create(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        link_jobs.after_dataset_change(context, pkg_dict)

    def after_dataset_update(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        link_jobs.after_dataset_change(context, pkg_dict)

    def after_dataset_delete(self, context: Any, pkg_dict: dict[str, Any]) -> None:
        schedule.forget(context, pkg_dict)
        scores.forget(context, pkg_dict)

    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        return schedule_search.before_search(search_params)

    def after_dataset_search(self, search_results: dict[str, Any],
                             search_params: dict[str, Any]) -> dict[str, Any]:
        schedule_search.after_search(schedule.refresh(search_results), search_params)
        return harvest_extras.with_extras(quality_search.label(facets.label(search_results)))

    # IResourceController
    def before_resource_create(self, context: Any, resource: dict[str, Any]) -> None:
        resources.require_file_or_link(resource)

    def before_resource_update(self, context: Any, current: dict[str, Any],
                               resource: dict[str, Any]) -> None:
        resources.require_file_or_link(resource)

    def after_resource_create(self, context: Any, resource: dict[str, Any]) -> None:
        file_checks.after_resource_change(context, resource)

    def after_resource_update(self, context: Any, resource: dict[str, Any]) -> None:
        file_checks.after_resource_change(context, resource)

    # IFacets
    def dataset_facets(self, facets_dict: dict[str, Any], package_type: str) -> dict[str, Any]:
        return quality_search.with_facet(schedule_search.with_facet(facets.dataset_facets()))

    # IPermissionLabels
    def get_dataset_labels(self, dataset_obj: model.Package) -> list[str]:
        return permissions.dataset_labels(dataset_obj)

    def get_user_dataset_labels(self, user_obj: model.User) -> list[str]:
        return permissions.user_labels(user_obj)

    # ISignal
    def get_signal_subscriptions(self) -> dict[Any, Any]:
        return notifications.get_subscriptions()

    # IMiddleware
    def make_middleware(self, app: Any, config: CKANConfig) -> Any:
        return web_app.install(app, config)


class SatuDataPreviewPlugin(p.SingletonPlugin):
    """With CKAN's ``datastore`` and ckanext-xloader (listed after them):
    their actions chained (logic/action/preview.py, preview/), xloader's
    COPY load's indexes committed (preview/indexes.py), a file that is not
    what its format says not loaded (quality/), the chart view
    ``satudata_chart`` (preview/chart.py)."""
    p.implements(p.IActions)
    p.implements(p.IConfigurable)
    p.implements(IXloader, inherit=True)
    p.implements(p.IResourceView, inherit=True)

    # IResourceView
    def info(self) -> dict[str, Any]:
        return chart.info()

    def can_view(self, data_dict: dict[str, Any]) -> bool:
        return bool(data_dict["resource"].get("datastore_active"))

    def setup_template_variables(self, context: Any, data_dict: dict[str, Any]) -> dict[str, Any]:
        return chart.template_variables(data_dict)

    def view_template(self, context: Any, data_dict: dict[str, Any]) -> str:
        return "satudata/chart_view.html"

    def form_template(self, context: Any, data_dict: dict[str, Any]) -> str:
        return "satudata/chart_form.html"

    def configure(self, config: Any) -> None:
        from .preview import indexes
        indexes.install()

    def can_upload(self, resource_id: str) -> bool:
        """Not a file that is not what its format says (quality/sniff.py)."""
        from .quality import store
        return not store.flagged(model.Session, resource_id)

    def get_actions(self) -> dict[str, Any]:
        from .logic.action import preview
        return {name: getattr(preview, name) for name in preview.__all__}


class SatuDataHarvestPlugin(p.SingletonPlugin):
    """On a Satu Data portal harvesting another one (ckanext-harvest's
    ``dcat_rdf`` source): harvested datasets go to their producing OPD and
    are published, those unchanged at the source are not rewritten
    (dcat/harvest.py, harvest/opd.py)."""
    p.implements(IDCATRDFHarvester, inherit=True)

    def update_package_schema_for_create(self, package_schema: dict[str, Any]) -> dict[str, Any]:
        return harvest.create_schema(package_schema)

    def before_create(self, harvest_object: Any, dataset_dict: dict[str, Any],
                      temp_dict: dict[str, Any]) -> None:
        harvest.take_origin(harvest_object, dataset_dict)

    def after_create(self, harvest_object: Any, dataset_dict: dict[str, Any],
                     temp_dict: dict[str, Any]) -> str | None:
        return harvest.publish_harvested(harvest_object, dataset_dict)

    def before_update(self, harvest_object: Any, dataset_dict: dict[str, Any],
                      temp_dict: dict[str, Any]) -> None:
        harvest.take_origin(harvest_object, dataset_dict)
        harvest.skip_unchanged(harvest_object, dataset_dict)
