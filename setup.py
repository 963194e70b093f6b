from setuptools import setup, find_packages

setup(
    name="ckanext-satudata",
    version="0.1.0",
    description="Satu Data Indonesia portal on CKAN 2.12: OPD catalogue, "
                "PostgreSQL search backend, walidata flow, DCAT-AP 3",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="AGPL-3.0-or-later",
    packages=find_packages(exclude=["tests", "tests.*", "bench"]),
    include_package_data=True,
    zip_safe=False,
    python_requires=">=3.10",
    install_requires=[],  # pinned in requirements.txt; CKAN itself is the host
    entry_points={
        "ckan.plugins": [
            "satudata = ckanext.satudata.plugin:SatuDataPlugin",
            "satudata_harvest = ckanext.satudata.plugin:SatuDataHarvestPlugin",
            "satudata_preview = ckanext.satudata.plugin:SatuDataPreviewPlugin",
            "satudata_ckan_harvester = ckanext.satudata.harvest.ckan:SatuDataCKANHarvester",
        ],
        "ckan.rdf.profiles": [
            "satudata = ckanext.satudata.dcat.profiles:SatuDataProfile",
        ],
        "babel.extractors": [
            "ckan = ckan.lib.extract:extract_ckan",
        ],
    },
    message_extractors={
        "ckanext": [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
