"""Find the CKAN core messages the portal's pages can show and write the
ones CKAN's Indonesian catalogue leaves empty into ``ckanext/satudata/lang/``.

    .venv/bin/python scripts/core_msgids.py            # write lang/core_*.py
    .venv/bin/python scripts/core_msgids.py --check    # list what is missing, write nothing

How "reachable" is computed:

1. Templates. The roots are every template of ours plus the core pages the
   portal serves (``ROOT_PAGES``: home, dataset search/read/resource/edit/new,
   organization/group list and read, user login/register/reset/dashboard/
   read/edit/API tokens, the error page, activity streams, the e-mails).
   Each root name is looked up in every template directory, in the order
   CKAN searches them (ours, scheming, dcat, activity, core), so a
   ``{% ckan_extends %}`` chain is followed to its end; the templates'
   ``{% extends %}``, ``{% include %}``, ``{% snippet %}``, ``{% import %}``,
   ``{% from %}`` and ``h.snippet()`` names are followed the same way.
   Names built at run time (a scheming form snippet, an activity type's
   snippet) are covered by ``DYNAMIC``: every template under those folders.
2. JavaScript. The entries of CKAN's .pot used in a ``.js`` file, as CKAN
   picks them for ``/api/i18n/<lang>`` (the modules' ``this._``).
3. Python. The messages of the CKAN modules whose text reaches a person
   (``PYTHON_MODULES``: auth and validation messages in ``ckan/logic``,
   flash messages in ``ckan/views``, helpers' dates, the mailer, the
   activity and scheming plugins).

Both are extracted with Babel (CKAN's own ``extract_ckan`` for templates).
A message counts as translated when CKAN's ``id`` catalogue has it (not
fuzzy, every plural form filled, none still using an English word of
``STILL_ENGLISH`` such as "Password"); the others are written, grouped by their
source, into ``lang/core_templates.py``, ``lang/core_package_templates.py``,
``lang/core_plugin_templates.py``, ``lang/core_javascript.py`` and
``lang/core_messages.py`` so the
extractor (``scripts/translations.py``) puts them into our catalogue, which
CKAN merges over its own. ``tests/test_i18n.py`` checks with
:func:`untranslated` that every reachable message is translated in CKAN's or
our catalogue.
"""
from __future__ import annotations

import argparse
import pathlib
import re
import sys

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = pathlib.Path(__file__).resolve().parent.parent
SITE = pathlib.Path(sys.modules["babel"].__file__).resolve().parent.parent
CKAN = SITE / "ckan"
EXT = SITE / "ckanext"
OURS = ROOT / "ckanext" / "satudata"
LANG = OURS / "lang"
CKAN_PO = CKAN / "i18n" / "id" / "LC_MESSAGES" / "ckan.po"
OUR_PO = OURS / "i18n" / "id" / "LC_MESSAGES" / "ckanext-satudata.po"

# CKAN's search order: plugins in ckan.plugins order, then core.
TEMPLATE_DIRS = (
    OURS / "templates", EXT / "scheming" / "templates", EXT / "dcat" / "templates",
    EXT / "dcat" / "templates" / "structured_data", EXT / "activity" / "templates",
    CKAN / "templates",
)
ROOT_PAGES = (
    "home/index.html", "home/about.html", "error_document_template.html", "page.html",
    "package/search.html", "package/read.html", "package/resource_read.html",
    "package/new.html", "package/edit.html", "package/new_resource.html",
    "package/new_resource_not_draft.html", "package/resource_edit.html", "package/resources.html",
    "package/confirm_delete.html", "package/confirm_delete_resource.html",
    "package/activity_stream.html", "package/changes.html", "package/history.html",
    "package/resource_history.html", "package/snippets/package_form.html",
    "package/snippets/resource_form.html", "package/snippets/package_basic_fields.html",
    "package/snippets/package_metadata_fields.html",
    "organization/index.html", "organization/read.html", "organization/about.html",
    "organization/activity_stream.html", "organization/changes.html",
    "group/index.html", "group/read.html", "group/about.html",
    "user/login.html", "user/logout.html", "user/logout_first.html", "user/new.html",
    "user/request_reset.html", "user/perform_reset.html", "user/dashboard.html",
    "user/dashboard_datasets.html", "user/dashboard_organizations.html",
    "user/dashboard_groups.html", "user/read.html", "user/edit.html", "user/api_tokens.html",
    "user/activity_stream.html", "user/read_organizations.html", "user/read_groups.html",
    "emails/reset_password.txt", "emails/reset_password_subject.txt",
    "emails/invite_user.txt", "emails/invite_user_subject.txt",
    "activity_streams/activity_stream_email_notifications.text",
    # the pages an OPD admin, an officer or the walidata reaches from those
    "user/list.html", "user/followers.html", "user/read_base.html", "user/edit_user_form.html",
    "user/new_user_form.html", "user/snippets/api_token_list.html",
    "package/group_list.html", "package/followers.html", "package/new_view.html",
    "package/edit_view.html", "package/resource_views.html", "package/resource_edit_base.html",
    "package/snippets/view_form.html", "package/snippets/view_form_filters.html",
    "package/collaborators/collaborators.html", "package/collaborators/collaborator_new.html",
    "organization/members.html", "organization/member_new.html", "organization/bulk_process.html",
    "organization/new.html", "organization/edit.html", "organization/followers.html",
    "organization/confirm_delete.html", "organization/confirm_delete_member.html",
    "organization/snippets/organization_form.html",
    "group/members.html", "group/new.html", "group/edit.html", "group/followers.html",
    "group/confirm_delete.html", "group/snippets/group_form.html",
    "snippets/follow_button.html", "snippets/language_selector.html",
)
DYNAMIC = (
    "scheming/form_snippets", "scheming/display_snippets", "scheming/organization", "snippets/activities",
    "snippets/changes", "snippets/organization_changes", "snippets/group_changes",
)
PYTHON_MODULES = (
    "ckan/logic/__init__.py", "ckan/logic/auth/*.py", "ckan/logic/validators.py",
    "ckan/logic/converters.py", "ckan/logic/action/*.py", "ckan/lib/navl/*.py",
    "ckan/views/__init__.py", "ckan/views/api.py", "ckan/views/dashboard.py",
    "ckan/views/dataset.py", "ckan/views/resource.py", "ckan/views/group.py",
    "ckan/views/home.py", "ckan/views/user.py", "ckan/views/util.py", "ckan/views/file.py",
    "ckan/lib/helpers.py", "ckan/lib/formatters.py", "ckan/lib/mailer.py", "ckan/lib/base.py",
    "ckan/lib/uploader.py", "ckan/lib/authenticator.py", "ckan/lib/api_token.py",
    "ckan/model/license.py", "ckan/authz.py",
    "ckan/config/middleware/flask_app.py", "ckan/lib/plugins.py", "ckan/lib/search/*.py",
    "ckanext/activity/*.py", "ckanext/activity/logic/*.py",
    "ckanext/scheming/validation.py", "ckanext/scheming/helpers.py",
)
_NAMES = re.compile(r"""(?:\{%-?\s*(?:snippet|include|extends|import|from)\s+|h\.snippet\(\s*)"""
                    r"""(['"])([^'"{}]+)\1""")


def template_files(name: str) -> list[pathlib.Path]:
    """Every directory's version of a template name (a ckan_extends chain)."""
    return [d / name for d in TEMPLATE_DIRS if (d / name).is_file()]


def reachable_templates() -> list[pathlib.Path]:
    todo = [p.relative_to(OURS / "templates").as_posix()
            for p in (OURS / "templates").rglob("*.html")]
    todo += list(ROOT_PAGES)
    for folder in DYNAMIC:
        for d in TEMPLATE_DIRS:
            todo += [(folder + "/" + p.name) for p in (d / folder).glob("*.html")]
    seen_names: set[str] = set()
    files: list[pathlib.Path] = []
    while todo:
        name = todo.pop()
        if name in seen_names:
            continue
        seen_names.add(name)
        for path in template_files(name):
            files.append(path)
            todo += [m.group(2) for m in _NAMES.finditer(path.read_text(encoding="utf-8"))]
    return sorted(set(files))


def _python_files() -> list[pathlib.Path]:
    return sorted({p for pattern in PYTHON_MODULES for p in SITE.glob(pattern)})


def _label(path: pathlib.Path) -> str:
    for base in (OURS, SITE):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return path.as_posix()


KINDS = ("templates", "python", "javascript")
CKAN_POT = CKAN / "i18n" / "ckan.pot"


def _javascript() -> dict[object, str]:
    """CKAN's messages its JavaScript modules show (``this._(…)`` in the
    core modules, select2's and the DataTables view's): the entries of
    CKAN's .pot used in a .js file, which is how CKAN itself chooses what
    goes into ``/api/i18n/<lang>`` (``ckan.lib.i18n.build_js_translations``)."""
    with CKAN_POT.open("rb") as f:
        pot = read_po(f)
    found: dict[object, str] = {}
    for entry in pot:
        js = [path for path, _line in entry.locations if path.endswith(".js")]
        if entry.id and js:
            found[entry.id] = js[0]
    return found


def messages(kind: str) -> dict[object, str]:
    """msgid (a tuple for a plural) -> the first file that uses it."""
    if kind == "javascript":
        return _javascript()
    if kind == "templates":
        from ckan.lib.extract import extract_ckan
        files, method = reachable_templates(), extract_ckan
    else:
        files, method = _python_files(), "python"
    found: dict[object, str] = {}
    for path in files:
        for _line, message, _comments, _context in extract_from_file(method, str(path)):
            if isinstance(message, (list, tuple)):
                message = tuple(m for m in message if m)
                message = message if len(message) > 1 else message[0]
            if message and message not in found:
                found[message] = _label(path)
    return found


# English words CKAN's Indonesian catalogue leaves in its translations
# ("Password", "Username atau password", "Field masukan", the licences
# "Lainnya (Open)"): such an entry is no translation; the portal says "kata
# sandi", "nama pengguna", "kolom", "Lainnya (Terbuka)".
# Placeholders (``%(username)s``, ``{username}``, ``<field>``) do not count.
STILL_ENGLISH = re.compile(r"(?<![\w%({<-])(?:[Pp]asswords?|[Uu]sernames?|[Ff]ields?)(?![\w)}>-])"
                           r"|\((?:Not )?Open\)|\((?:Attribution|Non-Commercial)\)")


def _translated(catalog, msgid) -> bool:
    entry = catalog.get(msgid[0] if isinstance(msgid, tuple) else msgid)
    if entry is None or entry.fuzzy:
        return False
    strings = entry.string if isinstance(entry.string, (list, tuple)) else [entry.string]
    return all(strings) and not any(STILL_ENGLISH.search(s) for s in strings)


def read(path: pathlib.Path):
    with path.open("rb") as f:
        return read_po(f, locale="id")


def untranslated(catalogs=None, found=None) -> dict[str, dict[object, str]]:
    """Reachable messages translated in none of the catalogues (default:
    CKAN's id); ``found``: ``{kind: messages(kind)}`` when already extracted."""
    catalogs = catalogs if catalogs is not None else [read(CKAN_PO)]
    found = found if found is not None else {k: messages(k) for k in KINDS}
    return {kind: {m: src for m, src in found[kind].items()
                   if not any(_translated(c, m) for c in catalogs)}
            for kind in KINDS}


_HEADER = '''"""Generated by scripts/core_msgids.py (do not edit): CKAN core messages
{what}
that CKAN 2.12's Indonesian catalogue leaves empty. Only the
message extractor reads this module (scripts/translations.py), so they land
in our catalogue, which CKAN merges over its own."""
# flake8: noqa
# fmt: off
from .markers import N_, ungettext

CORE = (
'''


def write(found: dict[object, str], path: pathlib.Path, what: str, prefix: str = "",
          but: str | None = None) -> None:
    """Write the core messages (not ours) whose first source starts with
    ``prefix`` (and not with ``but``)."""
    lines = [_HEADER.format(what=what)]
    group = None
    core = {m: src for m, src in found.items()
            if not src.startswith("templates/") and src.startswith(prefix)
            and not (but and src.startswith(but))}
    for msgid, src in sorted(core.items(), key=lambda item: (item[1], str(item[0]))):
        if src != group:
            lines.append(f"    # {src}\n")
            group = src
        if isinstance(msgid, tuple):
            lines.append(f"    ungettext({msgid[0]!r}, {msgid[1]!r}, 2),\n")
        else:
            lines.append(f"    N_({msgid!r}),\n")
    lines.append(")\n")
    path.write_text("".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="list, do not write")
    args = parser.parse_args()
    missing = untranslated()
    if args.check:
        ours = untranslated([read(CKAN_PO), read(OUR_PO)])
        for kind, found in ours.items():
            for msgid, src in found.items():
                print(f"{kind}\t{src}\t{msgid!r}")
        print({k: len(v) for k, v in ours.items()}, "untranslated in both catalogues")
        return
    write(missing["templates"], LANG / "core_templates.py",
          "in CKAN's templates that our pages render (but the dataset pages')", "ckan/",
          but="ckan/templates/package/")
    write(missing["templates"], LANG / "core_package_templates.py",
          "in CKAN's dataset, resource and view templates that our pages render",
          "ckan/templates/package/")
    write(missing["templates"], LANG / "core_plugin_templates.py",
          "in the activity and scheming plugins' templates our pages render", "ckanext/")
    write(missing["python"], LANG / "core_messages.py",
          "in the Python modules whose messages people see (auth, validation, flash, e-mail)")
    write(missing["javascript"], LANG / "core_javascript.py",
          "in CKAN's JavaScript modules (served translated by /api/i18n/<lang>)")
    print({k: len([s for s in v.values() if not s.startswith("templates/")])
           for k, v in missing.items()}, "core messages written to lang/core_*.py")


if __name__ == "__main__":
    main()
