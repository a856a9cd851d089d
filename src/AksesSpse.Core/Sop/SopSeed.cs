using AksesSpse.Core.Identity;

namespace AksesSpse.Core.Sop;

/// <summary>
/// The four SOPs as data: version 1 of each, read from the source documents (docs/sop-reference.md and
/// the OCR originals). An office starts from these and edits its own variant.
/// </summary>
public static class SopSeed
{
    private static readonly string StandardWarnings = Lines(
        "Pelaksana bertanggung jawab atas pelaksanaan aktivitas yang telah dibakukan dan ditetapkan.",
        "Segala bentuk penyimpangan atas mutu baku terkait perlengkapan, waktu maupun output dikategorikan "
            + "sebagai bentuk kegagalan yang harus dipertanggungjawabkan oleh pelaksana.");

    /// <summary>The SOP versions an office starts from; SOP 1 as the office's region wrote it (<paramref name="variant"/>).</summary>
    public static IReadOnlyList<SopDefinition> ForOffice(int officeId, SopVariant variant = SopVariant.Badung) =>
    [
        variant == SopVariant.Batang ? PokjaAccountRequestBatang(officeId) : PokjaAccountRequest(officeId),
        AccessActivation(officeId),
        StaffRegistration(officeId),
        PasswordReset(officeId),
    ];

    /// <summary>SOP 1 — Permintaan User ID/Password Anggota Pokja (the Badung variant, seed 001).</summary>
    private static SopDefinition PokjaAccountRequest(int officeId)
    {
        // The seed's words as printed, its typos included ("permohonon", "meyerahkan", "yang terkait terkait"): the
        // document the product generates must read as the one the office signed (issue #11 §1); the office's editor fixes them.
        const string documents = "Formulir permohonon pembuatan akun Pokja, SK penetapan/pengangkatan anggota Pokja "
            + "dan surat penugasan Pokja yang dibuat oleh Kepala Bagian Pengadaan Barang/Jasa";
        const string documentsStep2 = "Formulir permohonon pembuatan akun Pokja, SK penetapan/pengangkatan Anggota Pokja "
            + "Pemilihan dan surat penugasan Pokja yang dibuat oleh Kepala Bagian Pengadaan Barang/Jasa";
        const string headOfUnit = "Kepala Bagian Pengadaan Barang/Jasa";

        return new SopDefinition
        {
            OfficeId = officeId,
            Kind = SopKind.PokjaAccountRequest,
            Version = 1,
            IsCurrent = true,
            Number = "02",
            Title = "Permintaan User ID/Password Anggota Pokja",
            Unit = "Bagian Pengadaan Barang/Jasa",
            MadeOn = new DateOnly(2014, 10, 14),
            RevisedOn = new DateOnly(2017, 3, 1),
            EffectiveOn = new DateOnly(2017, 3, 1),
            ApproverName = "I Gusti Made Dwipayana, SH, M.Si",
            ApproverNip = "197011061996031002",
            ApproverTitle = "Kepala Bagian Pengadaan Barang/Jasa Sekretariat Daerah Kabupaten Badung",
            LegalBasis = Lines(
                "Peraturan Presiden Republik Indonesia Nomor 16 Tahun 2018 tentang Pengadaan Barang/Jasa Pemerintah",
                "Peraturan Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 14 Tahun 2018 tentang "
                    + "Unit Kerja Pengadaan Barang/Jasa",
                "Peraturan Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 9 Tahun 2018 tentang "
                    + "Pedoman Pelaksanaan Pengadaan Barang/Jasa Melalui Penyedia",
                "Keputusan Kepala Bagian Pengadaan Barang/Jasa / Kepala Unit Kerja Pengadaan Barang/Jasa "
                    + "Kabupaten Badung No 01 Tahun 2019 tentang Penetapan Ketua, Sekretaris, Anggota Kelompok "
                    + "Kerja Pemilihan, Anggota Teknis Layanan Pengadaan Secara Elektronik dan Tim Pendukung pada "
                    + "Unit Kerja Pengadaan Barang/Jasa Kabupaten Badung"),
            Qualifications = Lines(
                "Kepala Bagian Pengadaan Barang/Jasa: mampu memfasilitasi proses permintaan user ID dan password "
                    + "SPSE bagi anggota Pokja",
                "LPSE: mampu memfasilitasi proses pemberian user ID dan password SPSE bagi anggota Pokja",
                "Pokja: memahami dan mampu melaksanakan proses pengadaan barang/jasa sesuai prosedur pengadaan "
                    + "barang/jasa pemerintah"),
            RelatedSops = "",
            Equipment = Lines(
                "Formulir permohonon pembuatan akun Pokja",
                "SK penetapan/pengangkatan anggota Pokja",
                "Surat penugasan Pokja",
                "User ID dan password"),
            Warnings = StandardWarnings,
            Records = Lines(
                "Copy berkas-berkas terkait permintaan user ID dan password dicatat dan didata sebagai data "
                    + "elektronik dan manual dalam berkas kearsipan Bagian Pengadaan Barang/Jasa.",
                "Berkas-berkas yang terkait terkait permintaan user ID dan password dicatat dan didata sebagai data "
                    + "elektronik dan manual dalam berkas kearsipan Pokja."),
            Steps =
            [
                Step(1, StepKind.Submit, Roles.KepalaUkpbj, headOfUnit,
                    "Mengajukan permohonan user ID dan password SPSE kepada Admin Agency dengan meyerahkan daftar "
                        + "nama anggota Pokja serta tembusan kepada Kepala LPSE.",
                    documents,
                    TimeStandard.WorkingDays(1),
                    "Permintaan user ID dan password setiap anggota Pokja dikirim melalui email").CopiedTo(SopCopy.HeadOfLpse)
                    .Requires(PokjaDocuments("SK Penetapan/Pengangkatan Anggota Pokja", "Surat Penugasan Pokja")),
                Step(2, StepKind.AccountAction, Roles.AdminAgency, "LPSE (Admin Agency)",
                    "Menerima permohonan dan memberikan user ID dan password kepada Pokja dengan tembusan kepada "
                        + "Kepala LPSE.",
                    documentsStep2,
                    TimeStandard.AsNeeded,
                    "User ID dan password setiap anggota Pokja dikirim melalui email",
                    "Tembusan kepada Kepala LPSE").CopiedTo(SopCopy.HeadOfLpse),
                Step(3, StepKind.ConfirmReceipt, Roles.Pemohon, "Pokja",
                    "Menerima user ID dan password SPSE.",
                    "User ID dan password",
                    TimeStandard.WorkingDays(1),
                    "User ID dan password diterima anggota Pokja.",
                    "Tembusan kepada Kepala LPSE").CopiedTo(SopCopy.HeadOfLpse),
            ],
            RequiredDocuments =
            [
                Doc(1, "FORMULIR_PERMOHONAN", "Formulir Permohonan Pembuatan Akun Pokja"),
                Doc(2, "SK_POKJA", "SK Penetapan/Pengangkatan Anggota Pokja"),
                Doc(3, "SURAT_PENUGASAN", "Surat Penugasan Pokja"),
            ],
        };
    }

    /// <summary>
    /// SOP 1 as Kabupaten Batang's Unit Layanan Pengadaan wrote it (seed 000): Kepala ULP asks, with a copy to LPSE; LPSE gives
    /// each member of the Pokja ULP their user ID with a copy to Kepala LPSE; step 2 has no time standard (N/A). The scan
    /// prints no SOP number, dates or approver: they stay empty until the office fills them in.
    /// </summary>
    private static SopDefinition PokjaAccountRequestBatang(int officeId)
    {
        const string documents = "Formulir permohonan pembuatan akun Pokja, SK penetapan/pengangkatan Anggota Pokja ULP "
            + "dan surat penugasan Pokja yang dibuat oleh Kepala ULP";
        const string output = "Permintaan user ID dan password setiap anggota Pokja ULP";

        return new SopDefinition
        {
            OfficeId = officeId,
            Kind = SopKind.PokjaAccountRequest,
            Version = 1,
            IsCurrent = true,
            Number = "",
            Title = "Permintaan User ID/Password Anggota Pokja ULP",
            Unit = "Unit Layanan Pengadaan Pemerintah Kabupaten Batang",
            ApproverName = "",
            ApproverTitle = "",
            TotalTime = "Disesuaikan dengan kebutuhan",
            LegalBasis = Lines(
                "Peraturan Presiden Republik Indonesia Nomor 54 Tahun 2010 tentang Pengadaan Barang/Jasa Pemerintah yang "
                    + "terakhir diubah dengan Peraturan Presiden Nomor 4 Tahun 2015 tentang Perubahan Keempat atas Peraturan "
                    + "Presiden Nomor 54 Tahun 2010 tentang Pengadaan Barang/Jasa Pemerintah",
                "Peraturan Kepala Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 5 Tahun 2012 tentang Unit Layanan "
                    + "Pengadaan",
                "Peraturan Kepala Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 14 Tahun 2012 tentang Petunjuk Teknis "
                    + "Peraturan Presiden Republik Indonesia Nomor 54 Tahun 2010 tentang Pengadaan Barang/Jasa Pemerintah yang "
                    + "terakhir diubah dengan Peraturan Presiden Nomor 70 Tahun 2012 tentang Perubahan Kedua atas Peraturan "
                    + "Presiden Nomor 54 Tahun 2010 tentang Pengadaan Barang/Jasa Pemerintah",
                "Peraturan Kepala Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 18 Tahun 2012 tentang E-Tendering",
                "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 35 Tahun 2012 tentang Standar "
                    + "Operasional Prosedur Administrasi Pemerintah",
                "Peraturan Bupati Batang Nomor 52 Tahun 2013 tentang Unit Layanan Pengadaan Barang / Jasa Pemerintah Kabupaten "
                    + "Batang yang terakhir dirubah dengan Peraturan Bupati Batang Nomor 26 Tahun 2017 tentang Perubahan Kedua atas "
                    + "Peraturan Bupati Batang Nomor 52 Tahun 2013 tentang Unit Layanan Pengadaan Barang / Jasa Pemerintah "
                    + "Kabupaten Batang",
                "Peraturan Bupati Batang Nomor 53 Tahun 2013 tentang Pedoman Pelaksanaan Unit Layanan Pengadaan Barang / Jasa "
                    + "Pemerintah di Lingkungan Pemerintah Kabupaten Batang yang terakhir dirubah dengan Peraturan Bupati Batang "
                    + "Nomor 34 Tahun 2017 tentang Perubahan Kedua atas Peraturan Bupati Batang Nomor 53 Tahun 2013 tentang Pedoman "
                    + "Pelaksanaan Unit Layanan Pengadaan Barang / Jasa Pemerintah di Lingkungan Pemerintah Kabupaten Batang"),
            Qualifications = Lines(
                "Kepala ULP: mampu memfasilitasi proses permintaan user ID dan password SPSE bagi anggota Pokja ULP",
                "LPSE: mampu memfasilitasi proses pemberian user ID dan password SPSE bagi anggota Pokja ULP",
                "Pokja ULP: memahami dan mampu melaksanakan proses pengadaan barang/jasa sesuai prosedur pengadaan "
                    + "barang/jasa pemerintah"),
            RelatedSops = "",
            Equipment = Lines(
                "Formulir permohonan pembuatan akun Pokja",
                "SK penetapan/pengangkatan anggota Pokja ULOP", // sic, as printed
                "Surat penugasan Pokja ULP",
                "User ID dan password"),
            Warnings = StandardWarnings,
            Records = Lines(
                "Copy berkas-berkas terkait permintaan User ID dan password dicatat dan didata sebagai data elektronik dan "
                    + "manual dalam berkas kearsipan Sekretariat Kepala ULP.",
                "Berkas-berkas terkait permintaan User ID dan password dicatat dan didata sebagai data elektronik dan manual "
                    + "dalam berkas kearsipan Pokja ULP."),
            Steps =
            [
                Step(1, StepKind.Submit, Roles.KepalaUkpbj, "Kepala ULP",
                    "Mengajukan permohonan user ID dan password SPSE kepada Admin Agency dengan menyerahkan daftar nama "
                        + "anggota Pokja ULP serta tembusan kepada LPSE.",
                    documents,
                    TimeStandard.WorkingDays(1),
                    output).CopiedTo(SopCopy.Lpse)
                    .Requires(PokjaDocuments("SK Penetapan/Pengangkatan Anggota Pokja ULP", "Surat Penugasan Pokja ULP")),
                Step(2, StepKind.AccountAction, Roles.AdminAgency, "LPSE",
                    "Menerima permohonan dan memberikan user ID dan password kepada Pokja ULP dengan tembusan kepada Kepala LPSE.",
                    documents,
                    TimeStandard.NotApplicable,
                    output).CopiedTo(SopCopy.HeadOfLpse),
                Step(3, StepKind.ConfirmReceipt, Roles.Pemohon, "Pokja ULP",
                    "Menerima user ID dan password SPSE.",
                    "User ID dan password",
                    TimeStandard.WorkingDays(1),
                    "User ID dan password diterima anggota Pokja ULP"),
            ],
            RequiredDocuments =
            [
                Doc(1, "FORMULIR_PERMOHONAN", "Formulir Permohonan Pembuatan Akun Pokja"),
                Doc(2, "SK_POKJA", "SK Penetapan/Pengangkatan Anggota Pokja ULP"),
                Doc(3, "SURAT_PENUGASAN", "Surat Penugasan Pokja ULP"),
            ],
        };
    }

    /// <summary>SOP 2 — Penonaktifan dan Pengaktifan Hak Akses SPSE (seed 002, LPSE Kabupaten Batang).</summary>
    private static SopDefinition AccessActivation(int officeId)
    {
        const string applicant = "PPK/Pokja ULP/Pejabat Pengadaan";
        const string helpdesk = "Helpdesk (Bidang Layanan dan Dukungan)";
        const string adminAgency = "Admin Agency";
        // As printed (seed 002), "stample" and "telpon" included.
        const string letter = "Surat permohonan hak akses yang ditujukan kepada Kepala LPSE (surat permohonan berkop, "
            + "tanda tangan dan stample basah instansi)";
        const string appointment = "Surat Tugas/Surat Keputusan/Surat Penunjukan sebagai PPK/Anggota Pokja ULP/"
            + "Pejabat Pengadaan yang berlaku";
        const string personalData = "Data personal yang akan diberikan hak akses meliputi: Nama, NIP, "
            + "Pangkat/Golongan, Jabatan, Instansi, Alamat, No telpon/HP, Email";

        return new SopDefinition
        {
            OfficeId = officeId,
            Kind = SopKind.AccessActivation,
            Version = 1,
            IsCurrent = true,
            Number = "SOP-LPSE.BTG-019",
            Title = "Penonaktifan dan Pengaktifan Hak Akses SPSE bagi PPK, Anggota Pokja ULP dan Pejabat Pengadaan",
            Unit = "LPSE",
            MadeOn = null,
            RevisedOn = null,
            EffectiveOn = new DateOnly(2017, 1, 8),
            ApproverName = "Drs. Jamal Abdul Naser, MM",
            ApproverNip = null,
            ApproverTitle = "Ketua LPSE",
            LegalBasis = Lines(
                "Undang-Undang Nomor 11 Tahun 2008 tentang Informasi dan Transaksi Elektronik",
                "Peraturan Pemerintah Nomor 82 Tahun 2012 tentang Penyelenggaraan Sistem dan Transaksi Elektronik",
                "Peraturan Presiden Nomor 54 Tahun 2010 tentang Pengadaan Barang/Jasa Pemerintah beserta "
                    + "perubahannya",
                "Peraturan Menteri Dalam Negeri Nomor 52 Tahun 2011 tentang Standar Operasional Prosedur di "
                    + "Lingkungan Pemerintah Provinsi dan Kabupaten/Kota",
                "Peraturan Kepala Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 2 Tahun 2010 tentang "
                    + "Layanan Pengadaan Secara Elektronik",
                "Peraturan Kepala LKPP Nomor 1 Tahun 2015 tentang E-Tendering",
                "Peraturan Bupati No. 11 Tahun 2011 tentang Pedoman Pelaksana Pengadaan Barang/Jasa Secara "
                    + "Elektronik di Lingkungan Pemda Kab. Batang"),
            Qualifications = Lines(
                "Admin Agency",
                "Helpdesk LPSE",
                "PPK/Anggota Pokja ULP/Pejabat Pengadaan"),
            RelatedSops = "SOP Pengarsipan Dokumen",
            Equipment = Lines(
                appointment,
                "Formulir serah terima berkas/dokumen"),
            Warnings = StandardWarnings,
            Summary = "Prosedur ini mencakup proses penonaktifan dan pengaktifan kembali hak akses bagi PPK, Anggota Pokja ULP "
                + "dan Pejabat Pengadaan mulai dari permohonan hak akses, pengaktifan, serah terima sampai dengan "
                + "penon-aktifan hak akses tersebut.",
            Purpose = "Memberikan kepastian terfasilitasinya Kepala LPSE dalam penonaktifan dan pengaktifan kembali akun PPK "
                + "dan panitia Pengadaan/Pokja ULP.",
            Definitions = Lines(
                "Hak Akses yang berupa user ID dan password adalah izin untuk melakukan akses/masuk ke dalam sistem LPSE.",
                "Admin Agency adalah Tim pada LPSE yang menjalankan Tugas dan Fungsi Unit Registrasi dan Verifikasi LPSE.",
                "Helpdesk LPSE adalah Tim pada LPSE yang menjalankan Tugas dan Fungsi Unit Layanan Dukungan Pengguna LPSE.",
                "PPK (Pejabat Pembuat Komitmen) adalah pejabat yang bertanggung jawab atas pelaksanaan Pengadaan Barang/Jasa.",
                "Anggota Pokja ULP adalah personil yang merupakan bagian dari Kelompok Kerja di Unit Layanan Pengadaan yang "
                    + "ditunjuk untuk melaksanakan Pengadaan Barang dan Jasa.",
                "Pejabat Pengadaan adalah personil yang ditunjuk untuk melaksanakan Pengadaan Langsung, Penunjukan Langsung, "
                    + "dan E-Purchasing."),
            Records = Lines(
                "User ID dan password tercatat dalam system LPSE.",
                "Data berkas/dokumen permohonan dan lampirannya tercatat dalam formulir serah terima "
                    + "berkas/dokumen."),
            Steps =
            [
                Step(1, StepKind.Submit, Roles.Pemohon, applicant,
                    "Mengirimkan berkas permohonan penonaktifan/pengaktifan akun kepada LPSE.",
                    Lines(letter, appointment, personalData,
                        "Jika dikirimkan melalui email harus scan surat aslinya."),
                    TimeStandard.NotApplicable,
                    "",
                    "Berkas dapat disampaikan secara langsung (hardcopy) atau melalui email/TTS (softcopy). Apabila "
                        + "melalui email (softcopy), Bidang Layanan dan Dukungan tetap melakukan pencetakan berkas untuk "
                        + "dokumen arsip."),
                Step(2, StepKind.Receive, Roles.HelpdeskLpse, helpdesk,
                    "Menerima permohonan.",
                    "Formulir serah terima berkas",
                    TimeStandard.NotApplicable,
                    "Permohonan diterima",
                    "Apabila permohonan melalui email (softcopy), Bidang Layanan dan Dukungan membalas email "
                        + "sebagai bukti penerimaan."),
                Step(3, StepKind.CompletenessCheck, Roles.HelpdeskLpse, helpdesk,
                    "Melakukan pengecekan kelengkapan berkas. Apakah berkas lengkap? Jika iya, maka berkas diteruskan "
                        + "ke Admin Agency. Jika tidak, maka berkas dikembalikan ke pemohon untuk dilengkapi.",
                    Lines(letter, appointment, personalData),
                    TimeStandard.Minutes(10),
                    "Hasil pengecekan lengkap atau tidak")
                    .Routes(next: 6, alternate: 4)
                    .Requires(
                        Document(1, "SURAT_PERMOHONAN", "Surat permohonan hak akses"),
                        Document(2, "SK_PENUNJUKAN", "SK / Surat Tugas / Surat Penunjukan"),
                        Check(3, "KOP_SURAT", "Surat permohonan memakai kop surat instansi"),
                        Check(4, "TANDA_TANGAN", "Surat permohonan bertanda tangan"),
                        Check(5, "STEMPEL_BASAH", "Surat permohonan berstempel basah instansi"),
                        Check(6, "DITUJUKAN_KEPALA_LPSE", "Surat permohonan ditujukan kepada Kepala LPSE"),
                        Check(7, "SK_BERLAKU", "SK / Surat Tugas / Surat Penunjukan berlaku pada hari ini"),
                        Check(8, "DATA_PERSONAL", "Data personal lengkap (Nama, NIP, Pangkat/Golongan, Jabatan, Instansi, Alamat, No. HP, Email)")),
                Step(4, StepKind.ApplicantCompletion, Roles.Pemohon, applicant,
                    "Menerima pengembalian berkas. Melengkapi berkas.",
                    "Berkas permohonan yang masih tidak lengkap",
                    TimeStandard.NotApplicable,
                    "Permohonan dikembalikan",
                    "Pemohon bisa langsung melakukan permohonan ulang setelah berkas dilengkapi.")
                    .Routes(next: 3),
                Step(5, StepKind.Instruction, Roles.AdminAgency, adminAgency,
                    "Akhir tahun Admin Agency berwenang untuk menonaktifkan akun PPK.",
                    "",
                    TimeStandard.NotApplicable,
                    ""),
                Step(6, StepKind.AccountAction, Roles.AdminAgency, adminAgency,
                    "Menonaktifkan/mengaktifkan akun pada aplikasi SPSE.",
                    Lines("Berkas permohonan lengkap", "User ID dan password"),
                    TimeStandard.Minutes(10),
                    "Permohonan ditindaklanjuti"),
                Step(7, StepKind.Notify, Roles.HelpdeskLpse, helpdesk,
                    "Menerima hasil penonaktifan/pengaktifan hak akses dan berkas permohonan. Meneruskan hasil "
                        + "pembuatan hak akses ke pemohon.",
                    Lines("User ID dan password", "Berkas permohonan lengkap"),
                    TimeStandard.NotApplicable,
                    "User ID dan password"),
                Step(8, StepKind.ConfirmReceipt, Roles.Pemohon, applicant,
                    "Menerima hak akses.",
                    "Pemberitahuan telah diaktifkan/dinonaktifkan akun tersebut",
                    TimeStandard.Minutes(10),
                    Lines("Pemberitahuan", "User ID dan password"),
                    "10 menit setelah mendapatkan hasil registrasi dari Admin Agency."),
                Step(9, StepKind.Archive, Roles.HelpdeskLpse, helpdesk,
                    "Melakukan arsip dokumen.",
                    Lines("Berkas permohonan", "Data hak akses"),
                    TimeStandard.Minutes(10),
                    Lines("Arsip berkas permohonan", "Arsip data")),
            ],
            RequiredDocuments =
            [
                Doc(1, "SURAT_PERMOHONAN", "Surat Permohonan Hak Akses kepada Kepala LPSE (berkop, bertanda tangan "
                    + "dan berstempel basah instansi)"),
                Doc(2, "SK_PENUNJUKAN", "Surat Keputusan/Surat Tugas/Surat Penunjukan sebagai PPK/Anggota Pokja/"
                    + "Pejabat Pengadaan yang berlaku"),
            ],
        };
    }

    /// <summary>SOP 3 — Registrasi Verifikator/Helpdesk/Admin Agency LPSE (seed 003, Kalimantan Timur).</summary>
    private static SopDefinition StaffRegistration(int officeId)
    {
        const string head = "Kepala LPSE";
        const string adminPpe = "Admin PPE";
        const string staff = "Verifikator/Helpdesk/Admin Agency LPSE";

        return new SopDefinition
        {
            OfficeId = officeId,
            Kind = SopKind.StaffRegistration,
            Version = 1,
            IsCurrent = true,
            Number = "000-310624/BPLPSE/B.PBJ",
            Title = "Registrasi Verifikator/Helpdesk/Admin Agency LPSE",
            Unit = "Biro Pengadaan Barang/Jasa",
            MadeOn = new DateOnly(2023, 2, 28),
            RevisedOn = null,
            EffectiveOn = null,
            ApproverName = "Buyung Dodi Gunawan, S.T., M.M.",
            ApproverNip = "197205282005021001",
            ApproverTitle = "Kepala Biro Pengadaan Barang dan Jasa",
            LegalBasis = Lines(
                "Undang-Undang (UU) Nomor 1 Tahun 2023 tentang Kitab Undang-Undang Hukum Pidana",
                "Peraturan Pemerintah (PP) Nomor 71 Tahun 2019 tentang Penyelenggaraan Sistem dan Transaksi Elektronik",
                "Peraturan Presiden No. 12 Tahun 2021 tentang Perubahan atas Perpres No. 16 Tahun 2018 tentang Pengadaan "
                    + "Barang/Jasa Pemerintah",
                "PermenPAN Nomor 35 Tahun 2012 tentang Pedoman Penyusunan Standar Operasional Prosedur Administrasi "
                    + "Pemerintahan",
                "Peraturan Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 10 Tahun 2021 tentang Unit "
                    + "Kerja Pengadaan Barang/Jasa",
                "Peraturan Kepala Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 1 Tahun 2015 tentang "
                    + "E-Tendering"),
            Qualifications = Lines(head, adminPpe),
            RelatedSops = "SOP Pengarsipan Dokumen",
            Equipment = Lines(
                $"Formulir permohonan pembuatan akun {staff}",
                "SK Pembuatan Akun"),
            Warnings = StandardWarnings,
            Records = "",
            Summary = "Prosedur ini mencakup proses perintah pembuatan akun oleh Kepala LPSE kepada Admin PPE, pembuatan akun "
                + $"oleh Admin PPE dan penyampaian akun yang telah dibuat kepada masing-masing personil ({staff})",
            Purpose = "Prosedur ini bertujuan sebagai standar bagi Kepala LPSE dalam melakukan perintah pembuatan akun registrasi "
                + "verifikator/helpdesk/admin agency LPSE kepada Admin PPE",
            Definitions = Lines(
                "Kepala LPSE adalah orang yang mempunyai tugas memimpin LPSE dalam menjalankan tugas dan fungsi LPSE.",
                "Admin PPE adalah personil LPSE yang memiliki tugas mengelola website LPSE serta mengelola dan membuatkan akun "
                    + "(user id dan password admin agency, verifikator, helpdesk dan auditor/pemeriksa)."),
            Steps =
            [
                Step(1, StepKind.Approval, Roles.KepalaLpse, head,
                    $"Mengeluarkan SK Pembuatan Akun {staff}, dilengkapi Formulir Pembuatan Akun {staff}.",
                    "",
                    TimeStandard.WorkingDays(3),
                    $"SK Pembuatan Akun {staff}")
                    .Requires(Document(1, "SK_PEMBUATAN_AKUN", $"SK Pembuatan Akun {staff} yang sudah ditandatangani")),
                Step(2, StepKind.Instruction, Roles.KepalaLpse, head,
                    "Memerintah Admin PPE untuk membuat akun (user ID dan password) sesuai SK dan Formulir "
                        + $"Pembuatan Akun {staff}.",
                    "",
                    TimeStandard.NotApplicable,
                    ""),
                Step(3, StepKind.AccountAction, Roles.AdminPpe, adminPpe,
                    $"Membuat akun {staff} pada aplikasi SPSE.",
                    Lines(
                        "Data yang dimasukkan pada aplikasi SPSE saat pembuatan berdasarkan pada data yang "
                            + $"tercantum dalam Formulir Pembuatan Akun {staff}",
                        "Tata cara pembuatan akun pada aplikasi SPSE mengacu pada panduan pengguna (user guide) "
                            + "aplikasi SPSE"),
                    TimeStandard.Minutes(60),
                    $"Akun {staff} pada aplikasi SPSE")
                    .Requires(
                        Check(1, "DATA_SESUAI_FORMULIR", $"Data yang dimasukkan pada aplikasi SPSE sesuai Formulir Pembuatan Akun {staff}"),
                        Check(2, "PANDUAN_SPSE", "Akun dibuat mengikuti panduan pengguna (user guide) aplikasi SPSE")),
                Step(4, StepKind.Notify, Roles.AdminPpe, adminPpe,
                    $"Menginformasikan melalui e-mail akun (user ID dan password) yang telah dibuat kepada {staff}.",
                    Lines(
                        $"Akun diberikan melalui email milik masing-masing personil {staff} yang terdaftar pada "
                            + "aplikasi SPSE",
                        "Dalam email diinformasikan untuk segera melakukan login dengan user ID dan password "
                            + "tersebut serta mewajibkan untuk melakukan perubahan password"),
                    TimeStandard.Minutes(30),
                    $"Email informasi akun {staff}"),
                Step(5, StepKind.Archive, Roles.AdminPpe, adminPpe,
                    "Mengarsipkan berkas dengan mengacu pada SOP pengarsipan berkas.",
                    "Hasil pembuatan akun",
                    TimeStandard.Minutes(10),
                    "Arsip berkas"),
            ],
            RequiredDocuments =
            [
                Doc(1, "FORMULIR_AKUN", $"Formulir Permohonan Pembuatan Akun {staff}"),
                Doc(2, "SK_PEMBUATAN_AKUN", $"SK Pembuatan Akun {staff}"),
            ],
        };
    }

    /// <summary>SOP 4 — Reset Password dan Perubahan Informasi User ID Pokja Pemilihan (seed 004).</summary>
    private static SopDefinition PasswordReset(int officeId)
    {
        const string pokja = "Pokja Pemilihan";
        const string adminAgency = "Admin Agency";

        return new SopDefinition
        {
            OfficeId = officeId,
            Kind = SopKind.PasswordReset,
            Version = 1,
            IsCurrent = true,
            Number = "",
            Title = "Reset Password dan Perubahan Informasi User ID Pokja Pemilihan",
            Unit = "UKPBJ",
            MadeOn = null,
            RevisedOn = null,
            EffectiveOn = null,
            ApproverName = "",
            ApproverNip = null,
            ApproverTitle = "Kepala UKPBJ",
            LegalBasis = Lines(
                // As printed (seed 004): the year 2018 and "Informasi Birokrasi" are the document's, not the law's.
                "Undang-Undang Nomor 11 Tahun 2018 tentang Informasi dan Transaksi Elektronik",
                "Peraturan Pemerintah Nomor 82 Tahun 2012 tentang Penyelenggaraan Sistem dan Transaksi Elektronik",
                "Peraturan Presiden Republik Indonesia Nomor 12 Tahun 2021 tentang Pengadaan Barang/Jasa "
                    + "Pemerintah",
                "Peraturan Menteri Pendayagunaan Aparatur Negara dan Informasi Birokrasi Nomor "
                    + "PER/21/M.PAN/11/2018 tentang Pedoman Penyusunan Standar Operasional Prosedur Administrasi "
                    + "Pemerintah",
                "Peraturan Kepala Lembbaga Kebijakan Pengadaan Barang/Jasa Pemerintah Nomor 9 Tahun 2015 tentang "
                    + "Layanan Pengadaan Secara Elektronik"),
            Qualifications = Lines(
                "Pokja Pemilihan: memahami penggunaan aplikasi SPSE",
                "Admin Agency: memahami tatacara reset dan perubahan informasi akun Pokja Pemilihan"),
            RelatedSops = "SOP Pengarsipan Berkas UKPBJ",
            Equipment = Lines(
                "Surat Permohonan Reset Password dan Perubahan User ID Pokja Pemilihan",
                "Surat Penetapan sebagai Pokja Pemilihan"),
            Warnings = Lines(
                "Pelaksana bertanggung jawab atas pelaksanaan aktivitas yang telah dibakukan dan ditetapkan.",
                "Segala bentuk penyimpangan atas mutu baku terkait perlengkapan, waktu maupun output dikategorikan "
                    + "sebagai bentuk kegagalan yang harus dipertanggungjawaban oleh pelaksana."), // sic
            Records = Lines(
                "Berkas permohonan didata sebagai data elektronik dalam berkas kearsipan.",
                "Surat permohonan dan SK Pokja Pemilihan didata sebagai data manual dalam berkas kearsiapan."), // sic
            Steps =
            [
                Step(1, StepKind.Submit, Roles.Pemohon, pokja,
                    "Menyampaikan berkas permohonan reset password dan informasi user ID Pokja Pemilihan.",
                    Lines(
                        "Surat Permohonan Reset Password dan Info User ID Pokja Pemilihan",
                        "Surat Keputusan Penetapan sebagai Pokja Pemilihan"),
                    TimeStandard.NotApplicable,
                    "",
                    "Berkas dapat di sampaikan dalam bentuk hardcopy."),
                Step(2, StepKind.CompletenessCheck, Roles.AdminAgency, adminAgency,
                    "Menerima dan memeriksa kelengkapan berkas permohonan. Apakah berkas permohonan lengkap? "
                        + "Jika ya, lanjut ke langkah 5. Jika tidak, lanjut ke langkah 3.",
                    "Berkas permohonan",
                    TimeStandard.Minutes(5),
                    "Hasil pengecekan berkas")
                    .Routes(next: 5, alternate: 3)
                    .Requires(
                        Document(1, "SURAT_PERMOHONAN", "Surat Permohonan Reset Password dan Perubahan Informasi User ID"),
                        Document(2, "SK_POKJA", "Surat Keputusan Penetapan sebagai Pokja Pemilihan")),
                Step(3, StepKind.RequestCompletion, Roles.AdminAgency, adminAgency,
                    "Meminta Pokja Pemilihan untuk melengkapi berkas permohonan.",
                    "Berkas permohonan yang tidak lengkap",
                    TimeStandard.Minutes(5),
                    "Pemberitahuan untuk melengkapi berkas"),
                Step(4, StepKind.ApplicantCompletion, Roles.Pemohon, pokja,
                    "Melengkapi kekurangan berkas permohonan.",
                    "Pemberitahuan untuk melengkapi berkas",
                    TimeStandard.NotApplicable,
                    "")
                    .Routes(next: 2),
                Step(5, StepKind.ValidityCheck, Roles.AdminAgency, adminAgency,
                    "Memeriksa kebenaran berkas permohonan. Apakah berkas pemohonan benar/valid? Jika ya, lanjut "
                        + "ke langkah 6. Jika tidak, lanjut ke langkah 7.",
                    "Data pada berkas permohonan sesuai dengan data yang ada di aplikasi SPSE atau dengan arsip "
                        + "permohonan pada saat registrasi awal",
                    TimeStandard.Minutes(15),
                    "Pengecekan berkas",
                    "Admin Agency dapat melakukan konfirmasi kepada Pokja melalui telepon atau bertemu "
                        + "langsung (jika diperlukan).")
                    .Routes(next: 6, alternate: 7),
                Step(6, StepKind.AccountAction, Roles.AdminAgency, adminAgency,
                    "Apabila berkas lengkap dan benar/valid, Admin Agency melakukan reset password pada aplikasi SPSE.",
                    "Pengecekan berkas bahwa berkas permohonan lengkap dan benar/valid",
                    TimeStandard.Minutes(15),
                    "Hasil reset password dan informasi user ID")
                    .Routes(next: 8),
                Step(7, StepKind.RejectionNotice, Roles.AdminAgency, adminAgency,
                    "Apabila berkas tidak lengkap dan tidak benar/valid, Admin Agency memberitahu kepada Pokja "
                        + "Pemilihan bahwa permohonan ditolak.",
                    "Pengecekan berkas bahwa berkas permohonan tidak lengkap atau tidak benar/tidak valid",
                    TimeStandard.Minutes(5),
                    "Pemberitahuan permohonan ditolak")
                    .Routes(next: 9),
                Step(8, StepKind.Notify, Roles.AdminAgency, adminAgency,
                    "Memberitahukan password baru atau informasi user ID Pokja Pemilihan kepada Pokja Pemilihan.",
                    "Reset password/informasi user ID Pokja Pemilihan",
                    TimeStandard.Minutes(10),
                    "Password baru/informasi user diterima oleh Pokja Pemilihan dari Admin Agency",
                    "Pokja Pemilihan wajib melakukan perubahan password standar."),
                Step(9, StepKind.Archive, Roles.AdminAgency, adminAgency,
                    "Mengarsipkan berkas dengan mengacu pada SOP Pengarsipan Berkas UKPBJ.",
                    Lines(
                        "Permohonan reset password/informasi user ID",
                        "Pemberitahuan password baru/informasi user ID"),
                    TimeStandard.Minutes(5),
                    "Arsip berkas"),
            ],
            RequiredDocuments =
            [
                Doc(1, "SURAT_PERMOHONAN",
                    "Surat Permohonan Reset Password dan Perubahan Informasi User ID Pokja Pemilihan"),
                Doc(2, "SK_POKJA", "Surat Keputusan Penetapan sebagai Pokja Pemilihan"),
            ],
        };
    }

    private static SopStep Step(int number, StepKind kind, string role, string label, string activity,
        string inputs, TimeStandard standard, string output, string? note = null) =>
        new()
        {
            Number = number,
            Kind = kind,
            ActorRole = role,
            ActorLabel = label,
            Activity = activity,
            RequiredInputs = inputs,
            StandardKind = standard.Kind,
            StandardValue = standard.Value,
            Output = output,
            Note = note,
        };

    /// <summary>SOP 1's three documents, required with the request (kelengkapan of step 1 in both variants).</summary>
    private static SopStepRequirement[] PokjaDocuments(string sk, string letter) =>
    [
        Document(1, "FORMULIR_PERMOHONAN", "Formulir Permohonan Pembuatan Akun Pokja"),
        Document(2, "SK_POKJA", sk),
        Document(3, "SURAT_PENUGASAN", letter),
    ];

    private static SopStep CopiedTo(this SopStep step, params string[] recipients)
    {
        step.CopyTo = string.Join(",", recipients);
        return step;
    }

    private static SopStepRequirement Document(int order, string code, string label) =>
        new() { Order = order, Kind = RequirementKind.Document, Code = code, Label = label };

    private static SopStepRequirement Check(int order, string code, string label) =>
        new() { Order = order, Kind = RequirementKind.Check, Code = code, Label = label };

    private static SopStep Requires(this SopStep step, params SopStepRequirement[] items)
    {
        step.Requirements.AddRange(items);
        return step;
    }

    /// <summary>Where the step goes: <paramref name="next"/> when done or "Ya", <paramref name="alternate"/> on "Tidak".</summary>
    private static SopStep Routes(this SopStep step, int? next = null, int? alternate = null)
    {
        step.NextStepNumber = next;
        step.AlternateStepNumber = alternate;
        return step;
    }

    private static SopRequiredDocument Doc(int order, string code, string name) =>
        new() { Order = order, Code = code, Name = name };

    private static string Lines(params string[] items) => string.Join("\n", items);
}
