"""Schedule pages over HTTP: the release calendar and its iCalendar feed,
the late list per OPD, the confirmation form, the badge, the Daftar Data."""
from __future__ import annotations

import datetime

import icalendar
import pytest

import ckan.plugins.toolkit as tk
from ckan.tests.helpers import call_action

from .. import factories
from ..review_helpers import act
from ..schedule_helpers import catalogue  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("with_plugins")


def _auth(user):
    return {"Authorization": user["token"]}


def test_public_pages(app, catalogue):  # noqa: F811
    page = app.get(tk.url_for("satudata_schedule.calendar")).get_data(as_text=True)
    assert "Jadwal Rilis" in page
    _late, _sep, coming = page.partition("Terlambat: tanggal rilis lewat tanpa publikasi")
    assert "Terlambat Tahunan" in coming and "Jatuh Tempo Tahunan" in coming
    assert "Mutakhir Tahunan" not in page         # due in 265 days: not in the coming 13 weeks
    year = app.get(tk.url_for("satudata_schedule.calendar", weeks="52")).get_data(as_text=True)
    assert "Mutakhir Tahunan" in year
    assert "Tidak Berkala" not in page and "Draf Terlambat" not in page
    # by OPD
    page = app.get(tk.url_for("satudata_schedule.calendar", owner_org="dindik")).get_data(as_text=True)
    assert "Lain Terlambat" in page and "Terlambat Tahunan" not in page

    feed = app.get(tk.url_for("satudata_schedule.calendar_feed"))
    assert feed.headers["Content-Type"].startswith("text/calendar")
    events = {str(e["summary"]): e for e in icalendar.Calendar.from_ical(feed.data).walk("VEVENT")}
    assert "[Terlambat] Terlambat Tahunan (Dinas Kesehatan)" in events
    assert "Mutakhir Tahunan (Dinas Kesehatan)" in events          # a year ahead
    assert not any("Tidak Berkala" in s or "Draf" in s for s in events)
    due = call_action("package_show", id="mutakhir-tahunan")["satudata_jadwal"]["next_due"][:10]
    assert events["Mutakhir Tahunan (Dinas Kesehatan)"].decoded("dtstart") == \
        datetime.date.fromisoformat(due)
    assert str(events["Mutakhir Tahunan (Dinas Kesehatan)"]["url"]).endswith("/dataset/mutakhir-tahunan")

    late = app.get(tk.url_for("satudata_schedule.late")).get_data(as_text=True)
    dinkes, _sep, dindik = late.partition("Dinas Pendidikan")
    assert "Sangat Terlambat Bulanan" in dinkes and "Lain Terlambat" in dindik
    assert "Mutakhir Tahunan" not in late

    found = app.get(tk.url_for("dataset.search", q="terlambat")).get_data(as_text=True)
    assert "satudata-jadwal-terlambat" in found and "satudata-jadwal-sangat_terlambat" in found
    shown = app.get(tk.url_for("dataset.read", id="jatuh-tempo-tahunan")).get_data(as_text=True)
    assert "Jadwal Pemutakhiran" in shown and "Jatuh tempo" in shown
    assert "Masih mutakhir" not in shown            # no form for the public

    # the OPD sees its late data first in Dataset Saya and confirms one current
    c = catalogue
    mine = app.get(tk.url_for("satudata.mine"), headers=_auth(c.editor)).get_data(as_text=True)
    first, _sep, _rest = mine.partition("Mutakhir Tahunan")
    assert "Perlu Dimutakhirkan" in first and "Sangat Terlambat Bulanan" in first
    page = app.get(tk.url_for("dataset.read", id="jatuh-tempo-tahunan"), headers=_auth(c.editor))
    assert "Masih mutakhir" in page.get_data(as_text=True)
    app.post(tk.url_for("satudata_schedule.confirm", id="jatuh-tempo-tahunan"),
             data={"note": "Belum ada data baru"}, headers=_auth(c.outsider), status=403)
    app.post(tk.url_for("satudata_schedule.confirm", id="jatuh-tempo-tahunan"),
             data={"note": "Belum ada data baru"}, headers=_auth(c.editor), follow_redirects=False,
             status=302)
    assert call_action("satudata_schedule_show", id="jatuh-tempo-tahunan")["status"] == "mutakhir"


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_daftar_data_pages(app):
    dinkes = factories.OpdFactory(name="dinkes", title="Dinas Kesehatan")
    walidata = factories.WalidataFactory()
    editor = factories.OpdEditorFactory(opd=dinkes)
    year = datetime.date.today().year
    url = tk.url_for("satudata_schedule.daftar_data", tahun=year)
    csv = "kode,judul,opd,frekuensi,prioritas\nDD-1,Jumlah Puskesmas,dinkes,tahunan,ya\n" \
          "DD-2,Gizi Buruk,dinkes,bulanan,tidak\n"
    app.post(url, data={"upload": (__import__("io").BytesIO(csv.encode()), "dd.csv")},
             headers=_auth(editor), status=403)
    bad = app.post(url, data={"upload": (__import__("io").BytesIO(b"kode,judul\nA,b\n"), "dd.csv")},
                   headers=_auth(walidata)).get_data(as_text=True)
    assert "Kolom yang tidak ada: opd, frekuensi" in bad
    app.post(url, data={"upload": (__import__("io").BytesIO(csv.encode()), "dd.csv")},
             headers=_auth(walidata), status=302, follow_redirects=False)
    factories.Dataset(name="puskesmas", owner_org=dinkes["id"], kode_daftar_data="DD-1",
                      tahun=str(year))
    page = app.get(tk.url_for("satudata_schedule.daftar_data_index"), follow_redirects=True
                   ).get_data(as_text=True)
    assert "Terpenuhi: 1 dari 2 (50.0%)" in page
    assert "Gizi Buruk" in page and "Belum" in page
    owed = app.get(url, query_string={"owner_org": "dinkes", "fulfilled": "false"}).get_data(as_text=True)
    assert "Gizi Buruk" in owed and "Jumlah Puskesmas" not in owed
    exported = app.get(tk.url_for("satudata_schedule.daftar_data_export", tahun=year, fmt="csv"))
    assert "DD-1,Jumlah Puskesmas,dinkes,tahunan,ya,,,ya,puskesmas" in exported.get_data(as_text=True)
    xlsx = app.get(tk.url_for("satudata_schedule.daftar_data_export", tahun=year, fmt="xlsx"))
    assert xlsx.data[:2] == b"PK"
    # the walidata edits an entry in the portal
    entry = act("satudata_daftar_data_list", None, tahun=year)["results"][1]
    edit = tk.url_for("satudata_schedule.daftar_data_entry", entry_id=entry["id"])
    app.get(edit, headers=_auth(editor), status=403)
    assert "Gizi Buruk" in app.get(edit, headers=_auth(walidata)).get_data(as_text=True)
    app.post(edit, data={"tahun": year, "kode": "DD-2", "judul": "Balita Gizi Buruk",
                         "owner_org": "dinkes", "frekuensi": "triwulanan"},
             headers=_auth(walidata), status=302, follow_redirects=False)
    assert act("satudata_daftar_data_show", None, id=entry["id"])["judul"] == "Balita Gizi Buruk"
    refused = app.post(edit, data={"tahun": year, "kode": "DD-1", "judul": "x", "owner_org": "dinkes",
                                   "frekuensi": "tahunan"}, headers=_auth(walidata))
    assert "sudah ada dalam Daftar Data" in refused.get_data(as_text=True)
    app.post(edit, data={"delete": "true"}, headers=_auth(walidata), status=302,
             follow_redirects=False)
    assert act("satudata_daftar_data_list", None, tahun=year)["count"] == 1
