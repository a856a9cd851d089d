using AksesSpse.Core.Sop;
using AksesSpse.Core.Sop.Document;

namespace AksesSpse.Core.Tests.Sop;

/// <summary>One row of a seed's procedure table as the scan prints it; null where the cell is empty.</summary>
public sealed record SeedStep(int No, string Activity, string[] Kelengkapan, string? Waktu, string[] Output, string? Keterangan);

/// <summary>
/// A seed document (../shared/seeds) transcribed by hand: every header field and every step's cells, in the seed's own words.
/// Only scanner garble is mended ("LGUSTI" → "I GUSTI", "sesuaj" → "sesuai", "Baduna" → "Badung", "Pokia" → "Pokja",
/// "pengang katan" → "pengangkatan", "UKPB)J" → "UKPBJ", "I1" → "11", "diidata" → "didata", "Memahamitatacara" → "Memahami
/// tatacara"); the authors' own typos stay (sic). The letterhead is the office's, not the SOP's: it is given as the office.
/// </summary>
public sealed record SeedTranscription(string Seed, SopDefinition Sop, Letterhead Office, string[] Header, string[] Lanes, SeedStep[] Steps,
    string? TotalTime)
{
    public override string ToString() => Seed;

    private static SopDefinition Seeded(SopKind kind, SopVariant variant = SopVariant.Badung)
    {
        var sop = SopSeed.ForOffice(1, variant).Single(s => s.Kind == kind);
        sop.Id = (int)kind;
        return sop;
    }

    private static readonly string[] Sections =
        ["DASAR HUKUM", "KUALIFIKASI PELAKSANA", "KETERKAITAN", "PERALATAN / PERLENGKAPAN", "PERINGATAN", "PENCATATAN DAN PENDATAAN"];

    private static readonly string[] Columns = ["No", "Aktivitas", "Pelaksana", "Mutu Baku", "Kelengkapan", "Waktu", "Output", "Keterangan"];

    public static IEnumerable<SeedTranscription> All() => [Seed000, Seed001, Seed002, Seed003, Seed004];

    /// <summary>Seed 000: SOP 1 as Kabupaten Batang's Unit Layanan Pengadaan prints it.</summary>
    public static SeedTranscription Seed000 => new("000", Seeded(SopKind.PokjaAccountRequest, SopVariant.Batang),
        new Letterhead("Unit Layanan Pengadaan", "Pemerintah Kabupaten Batang", null, "ULP", null),
        [
            "PEMERINTAH KABUPATEN BATANG", "UNIT LAYANAN PENGADAAN", "NAMA SOP", "PERMINTAAN USER ID/PASSWORD ANGGOTA POKJA ULP",
            .. Sections, .. Columns,
            "Peraturan Presiden Republik Indonesia Nomor 54 Tahun 2010 tentang Pengadaan Barang/Jasa Pemerintah yang terakhir diubah dengan Peraturan Presiden Nomor 4 Tahun 2015 tentang Perubahan Keempat atas Peraturan Presiden Nomor 54 Tahun 2010 tentang Pengadaan Barang/Jasa Pemerintah",
            "Peraturan Kepala Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 5 Tahun 2012 tentang Unit Layanan Pengadaan",
            "Peraturan Kepala Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 14 Tahun 2012 tentang Petunjuk Teknis Peraturan Presiden Republik Indonesia Nomor 54 Tahun 2010 tentang Pengadaan Barang/Jasa Pemerintah yang terakhir diubah dengan Peraturan Presiden Nomor 70 Tahun 2012 tentang Perubahan Kedua atas Peraturan Presiden Nomor 54 Tahun 2010 tentang Pengadaan Barang/Jasa Pemerintah",
            "Peraturan Kepala Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 18 Tahun 2012 tentang E-Tendering",
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35 Tahun 2012 tentang Standar Operasional Prosedur Administrasi Pemerintah",
            "Peraturan Bupati Batang Nomor 52 Tahun 2013 tentang Unit Layanan Pengadaan Barang / Jasa Pemerintah Kabupaten Batang yang terakhir dirubah dengan Peraturan Bupati Batang Nomor 26 Tahun 2017 tentang Perubahan Kedua atas Peraturan Bupati Batang Nomor 52 Tahun 2013 tentang Unit Layanan Pengadaan Barang / Jasa Pemerintah Kabupaten Batang",
            "Peraturan Bupati Batang Nomor 53 Tahun 2013 tentang Pedoman Pelaksanaan Unit Layanan Pengadaan Barang / Jasa Pemerintah di Lingkungan Pemerintah Kabupaten Batang yang terakhir dirubah dengan Peraturan Bupati Batang Nomor 34 Tahun 2017 tentang Perubahan Kedua atas Peraturan Bupati Batang Nomor 53 Tahun 2013 tentang Pedoman Pelaksanaan Unit Layanan Pengadaan Barang / Jasa Pemerintah di Lingkungan Pemerintah Kabupaten Batang",
            "Kepala ULP : mampu memfasilitasi proses permintaan user ID dan password SPSE bagi anggota Pokja ULP",
            "LPSE : mampu memfasilitasi proses pemberian user ID dan password SPSE bagi anggota Pokja ULP",
            "Pokja ULP : memahami dan mampu melaksanakan proses pengadaan barang/jasa sesuai prosedur pengadaan barang/jasa pemerintah",
            "Formulir permohonan pembuatan akun Pokja", "SK penetapan/pengangkatan anggota Pokja ULOP", "Surat penugasan Pokja ULP",
            "User ID dan password",
            "Pelaksana bertanggung jawab atas pelaksanaan aktivitas yang telah dibakukan dan ditetapkan.",
            "Segala bentuk penyimpangan atas mutu baku terkait perlengkapan, waktu maupun output dikategorikan sebagai bentuk kegagalan yang harus dipertanggungjawabkan oleh pelaksana",
            "Copy berkas-berkas terkait permintaan User ID dan password dicatat dan didata sebagai data elektronik dan manual dalam berkas kearsipan Sekretariat Kepala ULP.",
            "Berkas-berkas terkait permintaan User ID dan password dicatat dan didata sebagai data elektronik dan manual dalam berkas kearsipan Pokja ULP.",
        ],
        ["Kepala ULP", "LPSE", "Pokja ULP"],
        [
            new(1, "Mengajukan permohonan user ID dan password SPSE kepada Admin Agency dengan menyerahkan daftar nama anggota Pokja ULP serta tembusan kepada LPSE.",
                ["Formulir permohonan pembuatan akun Pokja, SK penetapan/ pengangkatan Anggota Pokja ULP dan surat penugasan Pokja yang dibuat oleh Kepala ULP"],
                "1 hari", ["Permintaan user ID dan password setiap anggota Pokja ULP"], null),
            new(2, "Menerima permohonan dan memberikan user ID dan password kepada Pokja ULP dengan tembusan kepada Kepala LPSE",
                ["Formulir permohonan pembuatan akun Pokja, SK penetapan/ pengangkatan Anggota Pokja ULP dan surat penugasan Pokja yang dibuat oleh Kepala ULP"],
                "N/A", ["Permintaan user ID dan password setiap anggota Pokja ULP"], null),
            new(3, "Menerima user ID dan password SPSE", ["user ID dan password"], "1 hari", ["user ID dan password diterima anggota Pokja ULP"], null),
        ],
        "Disesuaikan dengan kebutuhan");

    /// <summary>Seed 001: SOP 1 as the Bagian Pengadaan Barang/Jasa of Kabupaten Badung prints it.</summary>
    public static SeedTranscription Seed001 => new("001", Seeded(SopKind.PokjaAccountRequest),
        new Letterhead("Bagian Pengadaan Barang/Jasa Sekretariat Daerah Kabupaten Badung", "Pemerintah Kabupaten Badung",
            "Website: ukpbj.badungkab.go.id, Email: ukpbj@badungkab.go.id", "UKPBJ", null),
        [
            "BAGIAN PENGADAAN BARANG/JASA SEKRETARIAT DAERAH KABUPATEN BADUNG", "ukpbj.badungkab.go.id", "ukpbj@badungkab.go.id",
            "Nomor SOP", "02", "Tanggal Pembuatan", "14 Oktober 2014", "Tanggal Revisi", "1 Maret 2017", "Tanggal Efektif", "1 Maret 2017",
            "Disahkan Oleh", "Kepala Bagian Pengadaan Barang/Jasa Sekretariat Daerah Kabupaten Badung", "I GUSTI MADE DWIPAYANA, SH, M.Si",
            "NIP. 19701106 199603 1 002", "SOP PERMINTAAN USER ID/PASSWORD ANGGOTA POKJA",
            .. Sections, .. Columns,
            "Peraturan Presiden Republik Indonesia Nomor 16 Tahun 2018 tentang Pengadaan Barang/Jasa Pemerintah",
            "Peraturan Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 14 Tahun 2018 tentang Unit Kerja Pengadaan Barang/Jasa",
            "Peraturan Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 9 Tahun 2018 tentang Pedoman Pelaksanaan Pengadaan Barang/Jasa Melalui Penyedia",
            "Keputusan Kepala Bagian Pengadaan Barang/Jasa / Kepala Unit Kerja Pengadaan Barang/Jasa Kabupaten Badung No 01 Tahun 2019 tentang Penetapan Ketua, Sekretaris, Anggota Kelompok Kerja Pemilihan, Anggota Teknis Layanan Pengadaan Secara Elektronik dan Tim Pendukung pada Unit Kerja Pengadaan Barang/ Jasa Kabupaten Badung",
            "Kepala Bagian Pengadaan Barang/Jasa: mampu memfasilitasi proses permintaan user ID dan password SPSE bagi anggota Pokja",
            "LPSE: mampu memfasilitasi proses pemberian user ID dan password SPSE bagi anggota Pokja",
            "Pokja: memahami dan mampu melaksanakan proses pengadaan barang/ jasa sesuai prosedur pengadaan barang/jasa pemerintah",
            "Formulir permohonon pembuatan akun Pokja", "SK penetapan / pengangkatan anggota Pokja", "Surat penugasan Pokja", "User ID dan password",
            "Pelaksana bertanggung jawab atas pelaksanaan aktivitas yang telah dibakukan dan ditetapkan.",
            "Segala bentuk penyimpangan atas mutu baku terkait perlengkapan, waktu maupun output dikategorikan sebagai bentuk kegagalan yang harus dipertanggungjawabkan oleh pelaksana.",
            "Copy berkas-berkas terkait permintaan user ID dan password dicatat dan didata sebagai data elektronik dan manual dalam berkas kearsipan Bagian Pengadaan Barang/Jasa",
            "Berkas-berkas yang terkait terkait permintaan user ID dan password dicatat dan didata sebagai data elektronik dan manual dalam berkas kearsipan Pokja",
        ],
        ["Kepala Bagian Pengadaan Barang/Jasa", "LPSE", "Pokja"],
        [
            new(1, "Mengajukan permohonan user ID dan password SPSE kepada Admin Agency dengan meyerahkan daftar nama anggota Pokja serta tembusan kepada Kepala LPSE.",
                ["Formulir permohonon pembuatan akun Pokja, SK penetapan/ pengangkatan Anggota Pokja dan surat penugasan Pokja yang dibuat oleh Kepala Bagian Pengadaan Barang/Jasa"],
                "1 hari", ["Permintaan user ID dan password setiap anggota Pokja dikirim melalui email"], null),
            new(2, "Menerima permohonan dan memberikan user ID dan password kepada Pokja dengan tembusan kepada Kepala LPSE.",
                ["Formulir permohonon pembuatan akun Pokja, SK penetapan/pengangkatan Anggota Pokja Pemilihan dan surat penugasan Pokja yang dibuat oleh Kepala Bagian Pengadaan Barang/Jasa"],
                null, ["User ID dan password setiap anggota Pokja dikirim melalui email"], "Tembusan kepada Kepala LPSE"),
            new(3, "Menerima user ID dan password SPSE.", ["user ID dan password"], "1 hari", ["User ID dan password diterima anggota Pokja."],
                "Tembusan kepada Kepala LPSE"),
        ],
        null);

    /// <summary>Seed 002: SOP 2 as LPSE Kabupaten Batang prints it (SOP-LPSE.BTG-019).</summary>
    public static SeedTranscription Seed002 => new("002", Seeded(SopKind.AccessActivation),
        new Letterhead("LPSE Kabupaten Batang", "Pemerintah Kabupaten Batang", null, "LPSE", null),
        [
            "SOP-LPSE.BTG-019", "8 Januari 2017", "Disahkan Oleh", "Drs. Jamal Abdul Naser, MM", "Ketua LPSE",
            "SOP PENONAKTIFAN DAN PENGAKTIFAN HAK AKSES SPSE BAGI PPK, ANGGOTA POKJA ULP DAN PEJABAT PENGADAAN",
            .. Sections, "PENJELASAN SINGKAT", "TUJUAN", "DEFINISI", .. Columns,
            "Undang-Undang Nomor 11 tahun 2008 tentang Informasi dan Transaksi Elektronik",
            "Peraturan Pemerintah Nomor 82 Tahun 2012 tentang Penyelenggaraan Sistem dan Transaksi Elektronik",
            "Peraturan Presiden Nomor 54 Tahun 2010 tentang Pengadaan Barang/Jasa Pemerintah beserta Perubahannya",
            "Peraturan Menteri Dalam Negeri Nomor 52 Tahun 2011 tentang Standar Operasional Prosedur di Lingkungan Pemerintah Provinsi dan Kabupaten/Kota.",
            "Peraturan Kepala Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 2 Tahun 2010 tentang Layanan Pengadaan Secara Elektronik.",
            "Peraturan Kepala LKPP Nomor 1 Tahun 2015 tentang e-tendering.",
            "Peraturan Bupati no. 11 tahun 2011 tentang Pedoman Pelaksana Pengadaan Barang / Jasa Secara Elektronik Di Lingkungan Pemda Kab. Batang",
            "Admin Agency", "Helpdesk LPSE", "PPK/Anggota Pokja ULP / Pejabat Pengadaan",
            "Prosedur ini mencakup proses penonaktifan dan pengaktifan kembali hak akses bagi PPK, Anggota Pokja ULP dan Pejabat Pengadaan mulai dari permohonan hak akses, pengaktifan, serah terima sampai dengan penon-aktifan hak akses tersebut.",
            "Surat Tugas/Surat Keputusan/Surat Penunjukan sebagai PPK/Anggota Pokja ULP/Pejabat Pengadaan yang berlaku",
            "Formulir serah terima berkas/dokumen",
            "Memberikan kepastian terfasilitasinya Kepala LPSE dalam penonaktifan dan pengaktifan kembali akun PPK dan panitia Pengadaan/Pokja ULP",
            "User ID dan Password tercatat dalam system LPSE.",
            "Data berkas /dokumen permohonan dan lampirannya tercatat dalam Formulir serah terima berkas/dokumen",
            "Pelaksana bertanggung jawab atas pelaksanaan aktivitas yang telah dibakukan dan ditetapkan.",
            "Segala bentuk penyimpangan atas mutu baku terkait perlengkapan, waktu maupun output dikategorikan sebagai bentuk kegagalan yang harus dipertanggungjawabkan oleh pelaksana.",
            "Hak Akses yang berupa user ID dan password adalah izin untuk melakukan akses/masuk ke dalam sistem LPSE",
            "Admin Agency adalah Tim pada LPSE yang menjalankan Tugas dan Fungsi Unit Registrasi dan Verifikasi LPSE.",
            "Helpdesk LPSE adalah Tim pada LPSE yang menjalankan Tugas dan Fungsi Unit Layanan Dukungan Pengguna LPSE.",
            "PPK (Pejabat Pembuat Komitmen) adalah pejabat yang bertanggung jawab atas pelaksanaan Pengadaan Barang/Jasa.",
            "Anggota Pokja ULP adalah personil yang merupakan bagian dari Kelompok Kerja di Unit Layanan Pengadaan yang ditunjuk untuk melaksanakan Pengadaan Barang dan Jasa.",
            "Pejabat Pengadaan adalah personil yang ditunjuk untuk melaksanakan Pengadaan Langsung, Penunjukan Langsung, dan E-Purchasing.",
            "SOP Pengarsipan Dokumen.",
        ],
        ["PPK/POKJA ULP/PEJABAT PENGADAAN", "Bidang Layanan dan Dukungan", "ADMIN AGENCY"],
        [
            new(1, "Mengirimkan berkas permohonan penonaktifan/pengaktifan akun kepada LPSE",
                [
                    "Surat permohonan hak Akses yang ditujukan kepada Kepala LPSE (Surat permohonan berkop, tanda tangan dan stample basah instansi)",
                    "Surat Tugas/Surat Keputusan/Surat Penunjukan sebagai PPK/Anggota Pokja ULP/Pejabat Pengadaan yang berlaku",
                    "Data personal yang akan diberikan hak Akses meliputi : Nama, NIP, Pangkat/Golongan, Jabatan, instansi, Alamat, No telpon/HP, Email",
                    "Jika dikirimkan melalui Email harus scan Surat aslinya.",
                ],
                "N/A", [],
                "Berkas dapat disampaikan secara langsung (hardcopy) atau melalui email/TTS (softcopy). Apabila melalui email (softcopy), Bidang Layanan dan Dukungan tetap melakukan pencetakan berkas untuk dokumen arsip."),
            new(2, "Menerima permohonan", ["Formulir serah terima berkas"], "N/A", ["permohonan diterima"],
                "Apabila permohonan melalui email (softcopy), Bidang Layanan dan Dukungan membalas email sebagai bukti"),
            new(3, "Melakukan pengecekan kelengkapan berkas. Apakah berkas lengkap? Jika Iya, maka berkas diteruskan ke Admin Agency. Jika TIDAK, maka berkas dikembalikan ke pemohon untuk dilengkapi.",
                [
                    "Surat Permohonan Hak Akses yang ditujukan kepada Kepala LPSE (surat permohonan berkop, tanda tangan dan stample basah instansi)",
                    "Surat Tugas/Surat Keputusan/Surat Penunjukan sebagai PPK/Anggota Pokja ULP/Pejabat Pengadaan yang berlaku",
                    "Data personal yang akan diberikan Hak Akses meliputi : Nama, NIP, Pangkat/Golongan, Jabatan, Instansi, Alamat, No telpon/HP, Email.",
                ],
                "10 menit", ["hasil pengecekan lengkap atau tidak"], null),
            new(4, "Menerima pengembalian berkas. Melengkapi berkas.", ["Berkas permohonan yang masih tidak lengkap"], "N/A", ["permohonan dikembalikan"],
                "Pemohon bisa langsung melakukan permohonan ulang setelah berkas dilengkapi"),
            new(5, "Akhir tahun admin agency berwenang untuk menonaktifkan akun PPK.", [], null, [], null),
            new(6, "Menonaktifkan/mengaktifkan akun pada aplikasi SPSE", ["Berkas permohonan lengkap", "User ID dan password"], "10 menit",
                ["permohonan ditindaklanjuti"], null),
            new(7, "Menerima hasil penonaktifan/pengaktifan hak akses dan berkas permohonan. Meneruskan hasil pembuatan hak akses ke pemohon",
                ["User ID dan password", "Berkas permohonan lengkap"], "N/A", ["User ID dan password"], null),
            new(8, "Menerima Hak Akses", ["Pemberitahuan telah diaktifkan / dinonaktifkan akun tersebut"], "10 menit",
                ["Pemberitahuan", "User ID dan password"], "10 menit setelah mendapatkan hasil registrasi dari admin agency"),
            new(9, "Melakukan arsip dokumen", ["Berkas permohonan", "Data hak akses"], "10 menit", ["Arsip berkas permohonan", "Arsip data"], null),
        ],
        null);

    /// <summary>Seed 003: SOP 3 as the Biro Pengadaan Barang/Jasa of Kalimantan Timur prints it.</summary>
    public static SeedTranscription Seed003 => new("003", Seeded(SopKind.StaffRegistration),
        new Letterhead("Biro Pengadaan Barang/Jasa Sekretariat Daerah", "Provinsi Kalimantan Timur", null, "BPBJ", null),
        [
            "BIRO PENGADAAN BARANG/ JASA", "SEKRETARIAT DAERAH", "PROVINSI KALIMANTAN TIMUR",
            "NOMOR SOP", "000-310624/BPLPSE/B.PBJ", "28 FEBRUARI 2023", "KEPALA BIRO PENGADAAN BARANG DAN JASA",
            "Buyung Dodi Gunawan, S.T., M.M.", "NIP. 19720528 200502 1 001", "NAMA SOP", "REGISTRASI VERIFIKATOR/HELPDESK/ADMIN AGENCY LPSE",
            .. Sections, "PENJELASAN SINGKAT", "TUJUAN", "DEFINISI", .. Columns,
            "Undang-undang (UU) Nomor 1 Tahun 2023 tentang Kitab Undang-Undang Hukum Pidana",
            "Peraturan Pemerintah (PP) Nomor 71 Tahun 2019 tentang Penyelenggaraan Sistem dan Transaksi Elektronik",
            "Peraturan Presiden No. 12 Tahun 2021 Tentang Perubahan atas Perpres No. 16 Tahun 2018 Tentang Pengadaan Barang/ Jasa Pemerintah",
            "PermenPan Nomor 35 Tahun 2012 tentang Pedoman Penyusunan Standar Operasional Prosedur Administrasi Pemerintahan",
            "Peraturan Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 10 Tahun 2021 tentang Unit Kerja Pengadaan Barang/Jasa",
            "Peraturan Kepala Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 1 Tahun 2015 tentang E-Tendering",
            "Kepala LPSE", "Admin PPE",
            "Prosedur ini mencakup proses perintah pembuatan akun oleh Kepala LPSE kepada Admin PPE, pembuatan akun oleh Admin PPE dan penyampaian akun yang telah dibuat kepada masing-masing personil (Verifikator/Helpdesk/Admin Agency LPSE)",
            "Formulir permohonan pembuatan akun Verifikator/Helpdesk/Admin Agency LPSE", "SK Pembuatan Akun",
            "Prosedur ini bertujuan sebagai standar bagi Kepala LPSE dalam melakukan perintah pembuatan akun registrasi verifikator/helpdesk/admin agency LPSE kepada Admin PPE",
            "Pelaksana bertanggung jawab atas pelaksanaan aktivitas yang telah dibakukan dan ditetapkan",
            "Segala bentuk penyimpangan atas mutu baku terkait perlengkapan, waktu maupun output dikategorikan sebagai bentuk kegagalan yang harus dipertanggungjawabkan oleh pelaksana",
            "Kepala LPSE adalah orang yang mempunyai tugas memimpin LPSE dalam menjalankan tugas dan fungsi LPSE.",
            "Admin PPE adalah personil LPSE yang memiliki tugas mengelola website LPSE serta mengelola dan membuatkan akun (user id dan password admin agency, verifikator, helpdesk dan auditor/pemeriksa).",
            "SOP Pengarsipan Dokumen",
        ],
        ["Kepala LPSE", "Admin PPE"],
        [
            new(1, "Mengeluarkan SK Pembuatan Akun Verifikator/Helpdesk/ Admin Agency LPSE, dilengkapi Formulir Pembuatan Akun Verifikator/Helpdesk/ Admin Agency LPSE",
                [], "3 Hari", ["SK Pembuatan Akun Verifikator/ Helpdesk/Admin Agency LPSE"], null),
            new(2, "Memerintah Admin PPE untuk membuat akun (user id dan password) sesuai SK dan Formulir Pembuatan Akun Verifikator/Helpdesk/ Admin Agency LPSE",
                [], "N/A", [], null),
            new(3, "Membuat akun Verifikator/Helpdesk/ Admin Agency LPSE pada aplikasi SPSE",
                [
                    "Data yang dimasukkan pada aplikasi SPSE saat pembuatan berdasarkan pada data yang tercantum dalam Formulir Pembuatan Akun Verifikator/Helpdesk/ Admin Agency LPSE",
                    "Tata cara pembuatan akun pada aplikasi SPSE mengacu pada panduan pengguna (user guide) aplikasi SPSE",
                ],
                "60 Menit", ["Akun Verifikator/ Helpdesk/Admin Agency LPSE pada aplikasi SPSE"], null),
            new(4, "Menginformasikan melalui e-mail akun (user id dan password) yang telah dibuat kepada Verifikator/Helpdesk/ Admin Agency LPSE",
                [
                    "Akun diberikan melalui email milik masing-masing personil Verifikator/ Helpdesk/ Admin Agency LPSE yang terdaftar pada aplikasi SPSE",
                    "Dalam email diinformasikan untuk segera melakukan login dengan user id dan password tersebut serta mewajibkan untuk melakukan perubahan password",
                ],
                "30 Menit", ["Email informasi akun Verifikator/ Helpdesk/Admin Agency LPSE"], null),
            new(5, "Mengarsipkan berkas dengan mengacu pada SOP pengarsipan berkas", ["Hasil pembuatan akun"], "10 Menit", ["Arsip berkas"], null),
        ],
        null);

    /// <summary>Seed 004: SOP 4, reset password dan perubahan informasi user ID Pokja Pemilihan (UKPBJ).</summary>
    public static SeedTranscription Seed004 => new("004", Seeded(SopKind.PasswordReset),
        new Letterhead("UKPBJ Kabupaten Contoh", null, null, "UKPBJ", null),
        [
            "Nama SOP", "SOP RESET PASSWORD DAN PERUBAHAN INFORMASI USER ID POKJA PEMILIHAN",
            .. Sections, .. Columns,
            "Undang-Undang Nomor 11 Tahun 2018 Tentang Informasi dan Transaksi Elektronik",
            "Peraturan Pemerintah Nomor 82 Tahun 2012 Tentang Penyelenggaraan Sistem dan Transaksi Elektronik .",
            "Peraturan Presiden Republik Indonesia Nomor 12 Tahun 2021 tentang Pengadaan Barang/Jasa Pemerintah.",
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Informasi Birokrasi Nomor PER/21/M.PAN/11/2018 Tentang Pedoman Penyusunan Standar Operasional Prosedur Administrasi Pemerintah",
            "Peraturan Kepala Lembbaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 9 Tahun 2015 Tentang Layanan Pengadaan Secara Elektronik",
            "Pokja Pemilihan : Memahami Penggunaan Aplikasi SPSE",
            "Admin Agency :Memahami tatacara Reset dan Perubahan Informasi Akun Pokja Pemilihan",
            "SOP Pengarsipan Berkas UKPBJ",
            "Surat Permohonan Reset Password dan Perubahan User ID Pokja Pemilihan", "Surat Penetapan Sebagai Pokja Pemilihan",
            "Pelaksana Bertanggung jawab atas pelaksanaan aktivitas yang telah dibakukan dan ditetapkan",
            "Segala Bentuk Penyimpangan atas mutu baku terkait perlengkapan, waktu maupun output dikategorikan sebagai bentuk kegagalan yang harus dipertanggungjawaban oleh pelaksana",
            "Berkas Permohonan didata sebagai data elektronik dalam berkas kearsipan",
            "Surat permohonan dan SK Pokja Pemilihan didata sebagai data manual dalam berkas kearsiapan.",
        ],
        ["Pokja Pemilihan", "Admin Agency"],
        [
            new(1, "Menyampaikan Berkas Permohonan Reset Password dan informasi User ID Pokja Pemilihan",
                ["Surat Permohonan Reset Password dan Info User ID Pokja Pemilihan", "Surat Keputusan Penetapan Sebagai Pokja Pemilihan"], "N/A", [],
                "Berkas dapat di sampaikan dalam bentuk Hardcopy."),
            new(2, "Menerima dan memeriksa kelengkapan berkas permohonan. Apakah berkas permohonan lengkap?", ["Berkas Permohonan"], "5",
                ["Hasil Pengecekan Berkas"], null),
            new(3, "Meminta Pokja Pemilihan untuk melengkapi berkas permohonan", ["Berkas permohonan yang tidak lengkap"], "5",
                ["Pemberitahuan untuk melengkapi berkas"], null),
            new(4, "Melengkapi Kekurangan Berkas Permohonan", ["Pemberitahuan untuk melengkapi berkas"], "N/A", [], null),
            new(5, "Memeriksa kebenaran berkas permohonan. Apakah Berkas Pemohonan Benar / Valid?",
                ["Data pada berkas permohonan sesuai dengan data yang ada di Aplikasi SPSE atau dengan arsip permohonan pada saat registrasi awal"], "15",
                ["Pengecekan Berkas"],
                "Admin Agency dapat melakukan konfirmasi kepada Pokja melalui telepon atau bertemu langsung (Jika diperlukan)"),
            new(6, "Apabila berkas lengkap dan benar/valid, Admin Agency Melakukan Reset Password pada Aplikasi SPSE",
                ["Pengecekan berkas bahwa berkas permohonan lengkap dan benar/valid"], "15", ["Hasil Reset Password dan Informasi User ID"], null),
            new(7, "Apabila berkas tidak lengkap dan tidak benar/valid, Admin Agency memberitahu kepada Pokja Pemilihan bahwa Permohonan ditolak",
                ["Pengecekan berkas bahwa berkas permohonan tidak lengkap atau tidak benar/ tidak valid."], "5", ["Pemberitahuan permohonan ditolak"], null),
            new(8, "Memberitahukan Password Baru atau Informasi User ID Pokja Pemilihan kepada Pokja Pemilihan",
                ["Reset Password / Informasi User ID Pokja Pemilihan"], "10",
                ["Password Baru / Informasi User diterima oleh Pokja Pemilihan dari Admin Agency"],
                "Pokja Pemilihan wajib melakukan perubahan Password standar"),
            new(9, "Mengarsipkan berkas dengan mengacu pada SOP Pengarsipan Berkas UKPBJ.",
                ["Reset Password / Informasi User ID", "Pemberitahuan Password Baru/Informasi User ID"], "5", ["Arsip berkas"], null),
        ],
        null);
}
