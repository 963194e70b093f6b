"""CKAN core strings that CKAN 2.12's Indonesian catalogue leaves empty and
that the portal's main pages show (home, /dataset, a dataset, /organization,
/group). Marking them here puts them into our catalogue, which CKAN merges
over its own, so the default (Indonesian) interface does not switch to
English mid-page. Nothing imports this module; only the message extractor
reads it (scripts/translations.py)."""
from __future__ import annotations

from .markers import N_, ungettext


CORE_STRINGS = (
    N_("Log in"), N_("Account"), N_("Toggle navigation"), N_("Skip to main content"), N_("Submit"),
    N_("Search Datasets..."), N_("Search datasets..."), N_("Search datasets"), N_("Search data"),
    N_("E.g. environment"), N_("Popular tags"), N_("Language"), N_("Breadcrumb"),
    N_("Order by"), N_("Name Ascending"), N_("Name Descending"), N_("Filter Results"), N_("close"),
    N_("Remove"), N_("No datasets found"), N_('No datasets found for "{query}"'),
    N_("read more"), N_("Additional Info"), N_("Explore"), N_("More information"),
    N_("Data and Resources"), N_("Social"), N_("Activity Stream"), N_("Formats"), N_("Licenses"),
    N_("Search organizations..."), N_("What are Organizations?"),
    N_("CKAN Organizations are used to create, manage and publish collections of datasets. "
       "Users can have different roles within an Organization, depending on their level of "
       "authorisation to create, edit and publish."),
    N_("Search groups..."), N_("What are Groups?"), N_("No groups found"),
    N_("There are currently no groups for this site."),
    N_("You can use CKAN Groups to create and manage collections of datasets. This could be to "
       "catalogue datasets for a particular project or team, or on a particular theme, or as a "
       "very simple way to help people find and search your own published datasets."),
    ungettext("{number} dataset found", "{number} datasets found", 2),
    ungettext('{number} dataset found for "{query}"', '{number} datasets found for "{query}"', 2),
)
