"""Fixed Indonesian vocabulary for the benchmark datasets.

A Kabupaten Serang-like portal: 25 OPDs (perangkat daerah), each with the
indicators it publishes and the tags it uses, the 29 kecamatan, topic
groups, and the sentence pieces that make up titles and descriptions.
Nothing here is random; :mod:`load` draws from it with a fixed seed.
"""
from __future__ import annotations

__all__ = [
    "BREAKDOWNS",
    "FORMATS",
    "FREQUENCIES",
    "GENERAL_TAGS",
    "GROUPS",
    "KECAMATAN",
    "LICENSES",
    "MAP_OPDS",
    "OPDS",
    "SOURCES",
    "UNITS",
    "YEARS",
    "all_tags",
]

# (name, title, topic group, indicators, topical tags)
OPDS: list[tuple[str, str, str, list[str], list[str]]] = [
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "kependudukan",
     ["Jumlah Penduduk", "Jumlah Kepala Keluarga", "Kepemilikan KTP Elektronik",
      "Jumlah Akta Kelahiran yang Diterbitkan", "Kepadatan Penduduk",
      "Rasio Jenis Kelamin Penduduk"],
     ["penduduk", "kependudukan", "demografi", "catatan sipil", "ktp elektronik",
      "kartu keluarga", "akta kelahiran"]),
    ("dinkes", "Dinas Kesehatan", "kesehatan",
     ["Cakupan Imunisasi Dasar Lengkap", "Jumlah Kasus Demam Berdarah Dengue",
      "Angka Kematian Bayi", "Jumlah Puskesmas", "Jumlah Tenaga Kesehatan",
      "Prevalensi Balita Stunting", "Cakupan Pelayanan Kesehatan Ibu Hamil"],
     ["kesehatan", "imunisasi", "puskesmas", "stunting", "gizi", "demam berdarah",
      "tenaga kesehatan", "ibu dan anak"]),
    ("dindikbud", "Dinas Pendidikan dan Kebudayaan", "pendidikan",
     ["Angka Partisipasi Sekolah", "Angka Partisipasi Murni", "Jumlah Sekolah Dasar",
      "Jumlah Guru", "Jumlah Murid SMP", "Rasio Guru dan Murid", "Angka Putus Sekolah"],
     ["pendidikan", "sekolah", "guru", "murid", "sekolah dasar", "smp", "kebudayaan", "paud"]),
    ("distan", "Dinas Pertanian", "pertanian",
     ["Produksi Padi", "Luas Panen Padi", "Produktivitas Padi", "Produksi Jagung",
      "Luas Lahan Sawah", "Produksi Cabai Rawit"],
     ["pertanian", "padi", "jagung", "sawah", "hortikultura", "tanaman pangan", "panen"]),
    ("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "infrastruktur",
     ["Panjang Jalan Kabupaten", "Kondisi Jalan Kabupaten", "Jumlah Jembatan",
      "Panjang Saluran Irigasi", "Luas Kawasan Permukiman Kumuh"],
     ["jalan", "jembatan", "irigasi", "infrastruktur", "tata ruang", "pekerjaan umum"]),
    ("dishub", "Dinas Perhubungan", "infrastruktur",
     ["Jumlah Kendaraan Bermotor", "Jumlah Angkutan Umum", "Jumlah Kecelakaan Lalu Lintas",
      "Panjang Jalan Berlampu Penerangan"],
     ["perhubungan", "transportasi", "kendaraan", "angkutan umum", "lalu lintas", "terminal"]),
    ("dinsos", "Dinas Sosial", "sosial",
     ["Jumlah Penerima Program Keluarga Harapan", "Jumlah Penyandang Disabilitas",
      "Jumlah Penerima Bantuan Pangan Non Tunai", "Jumlah Rumah Tidak Layak Huni"],
     ["sosial", "bantuan sosial", "pkh", "disabilitas", "kemiskinan", "bpnt"]),
    ("disnaker", "Dinas Tenaga Kerja", "ekonomi",
     ["Jumlah Pencari Kerja", "Tingkat Pengangguran Terbuka", "Jumlah Perusahaan Terdaftar",
      "Upah Minimum Kabupaten"],
     ["tenaga kerja", "pengangguran", "lowongan kerja", "upah", "perusahaan", "pelatihan kerja"]),
    ("diskumkm", "Dinas Koperasi, Usaha Kecil dan Menengah", "ekonomi",
     ["Jumlah Koperasi Aktif", "Jumlah Usaha Mikro Kecil dan Menengah", "Volume Usaha Koperasi"],
     ["koperasi", "umkm", "usaha mikro", "wirausaha", "ekonomi kerakyatan"]),
    ("disperindag", "Dinas Perindustrian dan Perdagangan", "ekonomi",
     ["Jumlah Pasar Tradisional", "Harga Rata-rata Beras", "Jumlah Industri Kecil", "Nilai Ekspor"],
     ["perdagangan", "industri", "pasar", "harga", "ekspor", "bahan pokok"]),
    ("disparpora", "Dinas Pariwisata, Pemuda dan Olahraga", "pariwisata",
     ["Jumlah Kunjungan Wisatawan", "Jumlah Objek Wisata", "Jumlah Hotel dan Penginapan",
      "Jumlah Fasilitas Olahraga"],
     ["pariwisata", "wisatawan", "objek wisata", "hotel", "olahraga", "pemuda"]),
    ("dlh", "Dinas Lingkungan Hidup", "lingkungan",
     ["Volume Sampah Terangkut", "Jumlah Bank Sampah", "Indeks Kualitas Air",
      "Luas Ruang Terbuka Hijau"],
     ["lingkungan hidup", "sampah", "bank sampah", "kualitas air", "ruang terbuka hijau",
      "pencemaran"]),
    ("disperkim", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "infrastruktur",
     ["Jumlah Rumah Layak Huni", "Cakupan Air Minum Layak", "Cakupan Sanitasi Layak"],
     ["perumahan", "permukiman", "air minum", "sanitasi", "rumah layak huni"]),
    ("dkp", "Dinas Ketahanan Pangan", "pertanian",
     ["Ketersediaan Beras", "Skor Pola Pangan Harapan", "Jumlah Lumbung Pangan"],
     ["ketahanan pangan", "beras", "pangan", "lumbung pangan", "konsumsi pangan"]),
    ("diskan", "Dinas Perikanan", "pertanian",
     ["Produksi Perikanan Tangkap", "Produksi Perikanan Budidaya", "Jumlah Nelayan",
      "Jumlah Rumah Tangga Perikanan"],
     ["perikanan", "nelayan", "budidaya ikan", "ikan", "tambak", "pesisir"]),
    ("diskominfosatik", "Dinas Komunikasi, Informatika, Statistik dan Persandian", "pemerintahan",
     ["Jumlah Desa Terhubung Internet", "Jumlah Menara Telekomunikasi",
      "Jumlah Aplikasi Layanan Publik", "Jumlah Permohonan Informasi Publik"],
     ["komunikasi", "informatika", "internet", "statistik", "persandian", "smart city", "ppid"]),
    ("dpmd", "Dinas Pemberdayaan Masyarakat dan Desa", "pemerintahan",
     ["Jumlah Desa Mandiri", "Indeks Desa Membangun", "Alokasi Dana Desa", "Jumlah BUMDes"],
     ["desa", "dana desa", "bumdes", "pemberdayaan masyarakat", "desa mandiri"]),
    ("dp3a", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "sosial",
     ["Jumlah Kasus Kekerasan terhadap Anak", "Jumlah Kasus Kekerasan terhadap Perempuan",
      "Indeks Pembangunan Gender"],
     ["perempuan", "perlindungan anak", "kekerasan", "gender", "kota layak anak"]),
    ("dppkb", "Dinas Pengendalian Penduduk dan Keluarga Berencana", "kependudukan",
     ["Jumlah Peserta KB Aktif", "Jumlah Pasangan Usia Subur", "Angka Kelahiran Total"],
     ["keluarga berencana", "kb", "kelahiran", "pasangan usia subur", "bkkbn"]),
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "ekonomi",
     ["Jumlah Izin Usaha Diterbitkan", "Nilai Realisasi Investasi",
      "Jumlah Persetujuan Bangunan Gedung"],
     ["investasi", "perizinan", "penanaman modal", "oss", "izin usaha"]),
    ("bappeda", "Badan Perencanaan Pembangunan Daerah", "pemerintahan",
     ["Indeks Pembangunan Manusia", "Persentase Penduduk Miskin", "Laju Pertumbuhan Ekonomi",
      "Produk Domestik Regional Bruto"],
     ["perencanaan", "pembangunan", "ipm", "pdrb", "pertumbuhan ekonomi", "penduduk miskin"]),
    ("bpkad", "Badan Pengelolaan Keuangan dan Aset Daerah", "pemerintahan",
     ["Realisasi Pendapatan Asli Daerah", "Realisasi Belanja Daerah",
      "Jumlah Aset Tanah Pemerintah Daerah"],
     ["keuangan daerah", "apbd", "pendapatan asli daerah", "belanja daerah", "aset daerah"]),
    ("bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "pemerintahan",
     ["Jumlah Pegawai Negeri Sipil", "Jumlah Pegawai Pemerintah dengan Perjanjian Kerja",
      "Jumlah Pensiunan Aparatur Sipil Negara"],
     ["kepegawaian", "asn", "pns", "pppk", "diklat"]),
    ("bpbd", "Badan Penanggulangan Bencana Daerah", "lingkungan",
     ["Jumlah Kejadian Bencana", "Jumlah Korban Banjir", "Luas Wilayah Rawan Longsor",
      "Jumlah Desa Tangguh Bencana"],
     ["bencana", "banjir", "longsor", "kebakaran", "mitigasi bencana", "tanggap darurat"]),
    ("satpolpp", "Satuan Polisi Pamong Praja", "pemerintahan",
     ["Jumlah Pelanggaran Peraturan Daerah", "Jumlah Personel Perlindungan Masyarakat",
      "Jumlah Penertiban Pedagang Kaki Lima"],
     ["ketertiban umum", "perda", "linmas", "pedagang kaki lima", "trantibum"]),
]

KECAMATAN = [
    "Anyar", "Bandung", "Baros", "Binuang", "Bojonegara", "Carenang", "Cikande", "Cikeusal",
    "Cinangka", "Ciomas", "Ciruas", "Gunungsari", "Jawilan", "Kibin", "Kopo", "Kragilan",
    "Kramatwatu", "Lebak Wangi", "Mancak", "Pabuaran", "Padarincang", "Pamarayan", "Petir",
    "Pontang", "Pulo Ampel", "Tanara", "Tirtayasa", "Tunjung Teja", "Waringinkurung",
]

# topic groups (name, title)
GROUPS = [
    ("kependudukan", "Kependudukan"), ("kesehatan", "Kesehatan"), ("pendidikan", "Pendidikan"),
    ("pertanian", "Pertanian dan Pangan"), ("infrastruktur", "Infrastruktur"),
    ("sosial", "Sosial"), ("ekonomi", "Ekonomi dan Perdagangan"), ("pariwisata", "Pariwisata"),
    ("lingkungan", "Lingkungan Hidup"), ("pemerintahan", "Pemerintahan"),
]

GENERAL_TAGS = [
    "statistik sektoral", "satu data", "sdgs", "rpjmd", "spm", "data prioritas",
    "indikator kinerja", "kabupaten serang", "banten", "data tahunan", "data terbuka",
    "profil daerah", "lkpj", "kecamatan", "desa", "renstra", "data dasar", "bps",
]

# (phrase pattern, share); {k} is a kecamatan
BREAKDOWNS = [
    ("Menurut Kecamatan", 18), ("Menurut Jenis Kelamin", 8), ("Menurut Kelompok Umur", 5),
    ("Menurut Desa/Kelurahan", 7), ("di Kecamatan {k}", 40),
    ("Menurut Desa di Kecamatan {k}", 12), ("Kabupaten Serang", 10),
]
YEARS = list(range(2015, 2025))

SOURCES = [
    "laporan tahunan {opd}", "aplikasi SIAK", "BPS Kabupaten Serang", "survei lapangan {opd}",
    "sistem informasi {opd}", "rekapitulasi kecamatan",
]
FREQUENCIES = ["tahunan", "tahunan", "tahunan", "semesteran", "triwulanan", "bulanan"]
UNITS = [
    "jiwa", "orang", "unit", "persen", "hektare", "ton", "kilometer", "rupiah", "kasus", "desa",
]

# (license_id, share): ids from CKAN's default license register
LICENSES = [("cc-by", 55), ("cc-by-sa", 10), ("odc-by", 10),
            ("cc-zero", 5), ("other-open", 10), ("notspecified", 10)]
# (format, share); SHP only from the OPDs that publish maps
FORMATS = [("CSV", 45), ("XLSX", 30), ("JSON", 12), ("PDF", 13)]
MAP_OPDS = {"dpupr", "bappeda", "bpbd", "distan", "dlh", "disperkim"}


def all_tags() -> list[str]:
    """The tag vocabulary: topical, general and kecamatan tags (about 200)."""
    seen: dict[str, None] = {}
    for *_, tags in OPDS:
        for t in tags:
            seen.setdefault(t, None)
    for t in GENERAL_TAGS + [k.lower() for k in KECAMATAN]:
        seen.setdefault(t, None)
    return list(seen)

# Each OPD's main urusan (Permendagri 90/2019 code), for the `urusan` field.
URUSAN = {
    "disdukcapil": "2.12", "dinkes": "1.02", "dindikbud": "1.01", "distan": "3.27", "dpupr": "1.03",
    "dishub": "2.15", "dinsos": "1.06", "disnaker": "2.07", "diskumkm": "2.17", "disperindag": "3.30",
    "disparpora": "3.26", "dlh": "2.11", "disperkim": "1.04", "dkp": "2.09", "diskan": "3.25",
    "diskominfosatik": "2.16", "dpmd": "2.13", "dppkb": "2.14", "dpmptsp": "2.18", "bappeda": "5.01",
    "bpkad": "5.02", "bkpsdm": "5.03", "bpbd": "1.05", "satpolpp": "1.05", "dp3a": "2.08",
}
