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
missing = [r for r in required if not any(r in n for n in names)]
if missing:
    sys.exit("The sdist lacks: " + ", ".join(missing))
print("==> sdist carries migrations, i18n, templates, schemas, code lists and config declarations")
