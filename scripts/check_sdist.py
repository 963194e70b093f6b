"""Build the sdist and check that migrations, i18n and templates ship in it."""
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
            "ckanext/satudata/templates/"]
missing = [r for r in required if not any(r in n for n in names)]
if missing:
    sys.exit("The sdist lacks: " + ", ".join(missing))
print("==> sdist carries migrations, i18n, templates and config declarations")
