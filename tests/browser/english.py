"""English a visitor must not meet on an Indonesian page.

The words and phrases CKAN core (and our own msgids) show when a string is
left untranslated. Shared by the browser journeys (``document.body.innerText``
and what inputs show) and the translation test (rendered HTML, through
``english_in_html``). Each entry is matched case-sensitively as whole words,
so an Indonesian sentence that happens to contain ``data`` or ``format`` is
not caught; words Indonesian uses as they are (Data, Format, Status, API,
Email, Edit, Tag, Admin, Online) are left out on purpose.
"""
from __future__ import annotations

import html.parser
import re

__all__ = ["ENGLISH", "PROPER_NAMES", "english_in", "english_in_html", "visible_text_of_html"]

ENGLISH: tuple[str, ...] = (
    # header, footer, navigation
    "Powered by", "CKAN Association", "CKAN API", "About", "Log in", "Log out", "Login",
    "Register", "Sign up", "Datasets", "Organizations", "Organization", "Groups",
    "Search", "Home", "Skip to main content", "Toggle navigation", "Sysadmin settings",
    # login, user, dashboard
    "Forgotten your password", "Username or Email", "Username", "Password", "Remember me",
    "Need an Account", "Create an Account", "Full name", "News feed", "My Datasets",
    "My Organizations", "My Groups", "API Tokens", "You haven't created", "Followers",
    "Activity Stream", "Edit settings", "Manage", "Member since", "All Users", "Update Profile",
    "Change password", "Confirm Password", "Profile picture", "Close",
    # activity streams: CKAN names the types by their keys ("new package" | title)
    "New Package", "Changed Package", "Deleted Package", "Follow Dataset", "New Resource View",
    "New Organization", "Changed Organization",
    # errors and auth
    "Not Found", "Forbidden", "Unauthorized", "Internal server error", "requires an authenticated user",
    "not authorized", "Not authorized", "Missing value", "Required field", "is required",
    # search
    "datasets found", "dataset found", "organizations found", "No datasets found",
    "Order by", "Relevance", "Name Ascending", "Name Descending", "Last Modified",
    "Filter Results", "Clear All", "Show More", "Show Only Popular", "that match this search",
    "There are no", "Popular", "Formats", "Licenses", "Tags",
    # dataset and resource pages
    "Data last updated", "Metadata last updated", "Additional Info", "More information",
    "Go to resource", "Download", "Explore", "Preview", "Resources", "Resource",
    "There are no views created", "No views", "Reorder resources", "Add Filter",
    "list of downloadable formats", "Last Updated", "Created", "Maintainer",
    "Author", "Version", "Source", "Field", "Value", "Share on", "Social", "License",
    "No License Provided", "Private", "Deleted", "Draft", "Open Data",
    # a file's own page: the rows CKAN makes of a resource's fields
    "Has views", "Package id", "Url type", "Mimetype", "Position", "State", "Size",
    # forms
    "Create Dataset", "Create Organization", "Update Organization", "Add Dataset", "Update Dataset", "Delete", "Cancel", "Save",
    "What are datasets?", "Next: Add Data", "Save & add another", "Finish", "Previous",
    "Add Data", "Add new resource", "Upload", "Link", "Remove", "Visibility", "Description",
    "Title", "Add another", "The form contains invalid entries", "Please correct",
    # our own msgids, were they left in English
    "Review status", "Submit for review", "Return to the OPD", "Approve", "Publish",
    "Take down", "Withdraw", "Note for the OPD", "Review record", "Open the review",
    "Last note", "Request access", "Restricted data",
)

# Names a page keeps as they are in Indonesian too: licences' own titles
# (CKAN's list; the translatable ones, "Other (Open)" …, are translated).
PROPER_NAMES: tuple[str, ...] = (
    "Open Data Commons Public Domain Dedication and License (PDDL)",
    "Open Data Commons Open Database License (ODbL)", "Open Data Commons Attribution License",
    "GNU Free Documentation License", "UK Open Government Licence (OGL)", "Open Database License",
)

_PATTERN = re.compile(
    "|".join(rf"(?<![\w-]){re.escape(p)}(?![\w-])" for p in sorted(ENGLISH, key=len, reverse=True)))


def english_in(text: str) -> list[str]:
    """The English phrases of ``ENGLISH`` found in ``text``, each once, in
    the order they first appear."""
    for name in PROPER_NAMES:
        text = text.replace(name, "")
    found: list[str] = []
    for match in _PATTERN.finditer(text):
        if match.group(0) not in found:
            found.append(match.group(0))
    return found


class _Text(html.parser.HTMLParser):
    """What a page shows: text outside script/style/template, the title, and
    what inputs show (placeholders, button values, alt/title/aria-label)."""

    _SKIP = {"script", "style", "template", "noscript"}
    _ATTRS = ("placeholder", "alt", "title", "aria-label")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
            return
        values = dict(attrs)
        for name in self._ATTRS:
            if values.get(name):
                self.parts.append(values[name] or "")
        if tag == "input" and values.get("type") in ("submit", "button", "reset") and values.get("value"):
            self.parts.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def visible_text_of_html(page: str) -> str:
    """The text of an HTML page (markup, scripts and styles left out), one
    part a line; hidden elements are kept, unlike a browser's innerText."""
    parser = _Text()
    parser.feed(page)
    return "\n".join(" ".join(part.split()) for part in parser.parts if part.strip())


def english_in_html(page: str) -> list[str]:
    """``english_in`` over the text and input labels of an HTML page."""
    return english_in(visible_text_of_html(page))
