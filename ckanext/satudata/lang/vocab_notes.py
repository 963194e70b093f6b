"""The code lists' source and licence notes (``vocab/vocabularies.yaml``),
marked for the message extractor so that /vocab/<name> shows them in the
page's language (``templates/satudata/vocabulary.html`` translates the
stored English). Nothing imports this module; ``tests/vocab`` checks that
every note of the YAML is here and translated."""
from __future__ import annotations

from .markers import N_


NOTES = (
    N_('idn-area-data 4.0.1 (npm), https://github.com/fityannugroho/idn-area-data, after Kepmendagri on kode dan data wilayah administrasi pemerintahan'),
    N_('ODbL 1.0 (data), wilayah/LICENSE.md'),
    N_('Permendagri 90/2019 (klasifikasi, kodefikasi dan nomenklatur perencanaan pembangunan dan keuangan daerah), bidang urusan codes; eu_data_theme: the closest EU data theme (tema_eu), chosen by this project'),
    N_('Public domain (Indonesian regulation, UU 28/2014 art. 42)'),
    N_('Satu Data Indonesia metadata (data.go.id); EU frequency authority table for eu_frequency'),
    N_('Public domain (labels); EU vocabulary codes CC-BY 4.0, Publications Office of the EU'),
    N_('Satu Data Indonesia (data.go.id: Terbuka, Terbatas, Tertutup); EU access-right table for eu_access_right'),
    N_('Administrative levels of UU 23/2014 (provinsi, kabupaten/kota, kecamatan, desa/kelurahan)'),
    N_('Public domain'),
    N_('Perpres 39/2019 Satu Data Indonesia, art. 3-4 (data statistik, data geospasial, other data)'),
    N_('PP 18/2016 Perangkat Daerah (sekretariat, dinas, badan, inspektorat, kecamatan, kelurahan, UPTD, RSUD)'),
    N_('CKAN resource_formats.json names; IANA media types; EU file-type table for eu_file_type'),
    N_('Public domain (names); EU vocabulary codes CC-BY 4.0, Publications Office of the EU'),
    N_('EU Vocabularies, data theme authority table (http://publications.europa.eu/resource/authority/data-theme); Indonesian labels by this project. urusan.csv maps each urusan to one of them (eu_data_theme)'),
    N_('CC-BY 4.0, Publications Office of the EU'),
)
