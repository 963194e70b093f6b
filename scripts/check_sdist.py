"""Build the sdist and check that migrations, i18n, templates, schemas and code lists ship in it."""
import subprocess
import sys
import tarfile
import tempfile
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
with tempfile.TemporaryDirectory() as out:
    subprocess.run([sys.executable, "setup.py", "-q", "sdist", "-d", out], cwd=root, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    (archive,) = pathlib.Path(out).glob("*.tar.gz")
    names = tarfile.open(archive).getnames()
required = ["ckanext/satudata/migration/satudata/alembic.ini",
            "ckanext/satudata/migration/satudata/versions/",
            "ckanext/satudata/i18n/id/LC_MESSAGES/ckanext-satudata.po",
            "ckanext/satudata/i18n/en/LC_MESSAGES/ckanext-satudata.po",
            "ckanext/satudata/config_declaration.yaml",
            "ckanext/satudata/templates/",
            "ckanext/satudata/schemas/dataset.yaml",
            "ckanext/satudata/schemas/opd.yaml",
            "ckanext/satudata/schemas/presets.yaml",
            "ckanext/satudata/vocab/vocabularies.yaml",
            "ckanext/satudata/vocab/wilayah/villages.csv",
            "ckanext/satudata/vocab/wilayah/LICENSE.md",
            "ckanext/satudata/vocab/PROVENANCE.md"]
required += ["ckanext/satudata/demo/akses.json"]
missing = [r for r in required if not any(r in n for n in names)]
# a folder of modules without __init__.py is left out by find_packages (the
# wheel); alembic's folders (migration/) are shipped as data by MANIFEST.in
package_root = root / "ckanext" / "satudata"
folders = [package_root, *(d for d in package_root.rglob("*") if d.is_dir())]
missing += [f"{d.relative_to(root)}/__init__.py" for d in folders
            if "migration" not in d.relative_to(package_root).parts
            and any(d.glob("*.py")) and not (d / "__init__.py").exists()]
if missing:
    sys.exit("The sdist lacks: " + ", ".join(missing))
print("==> sdist carries migrations, i18n, templates, schemas, code lists and config declarations")
