using AksesSpse.Core.Common;
using AksesSpse.Core.Identity;

namespace AksesSpse.Core.Sop;

/// <summary>One way to start an SOP: the role that starts it, what the start page is for, and where it is.</summary>
public sealed record SopStart(SopKind Kind, string Role, string Title, string Description, string Url);

/// <summary>
/// Which SOPs the app runs and who starts each: the one place to change when an SOP goes live. The other SOPs are
/// only documented (their tables are shown under /Sop; nobody can start them here).
/// </summary>
public static class RunningSops
{
    /// <summary>The SOPs the app runs: every SOP the engine runs (all four).</summary>
    public static readonly IReadOnlySet<SopKind> Kinds = new HashSet<SopKind>(Engine.SopEngine.EngineKinds);

    /// <summary>Every start of every SOP; only those of running SOPs are offered (<see cref="StartsFor"/>).</summary>
    public static readonly IReadOnlyList<SopStart> Starts =
    [
        new(SopKind.PokjaAccountRequest, Roles.KepalaUkpbj, "Permintaan user ID/password anggota Pokja",
            "Meminta akun SPSE untuk seluruh anggota satu Pokja sekaligus, dengan SK penetapan dan surat penugasannya.",
            "/Prosedur/Ajukan/1"),
        new(SopKind.AccessActivation, Roles.Pemohon, "Penonaktifan / pengaktifan hak akses SPSE",
            "Menonaktifkan hak akses SPSE Anda yang tidak lagi diperlukan, atau mengaktifkannya kembali, dengan SK penunjukan.",
            "/Prosedur/Ajukan/2"),
        new(SopKind.AccessActivation, Roles.HelpdeskLpse, "Penerimaan berkas penonaktifan / pengaktifan hak akses",
            "Mencatat berkas yang diserahkan langsung, dikirim lewat pos, atau surel, beserta formulir serah terimanya.",
            "/Helpdesk/Penerimaan/Baru"),
        new(SopKind.StaffRegistration, Roles.KepalaLpse, "Registrasi akun petugas LPSE",
            "Menerbitkan SK dan formulir akun Verifikator, Helpdesk, Admin Agency, atau Auditor untuk petugas LPSE.",
            "/Prosedur/Ajukan/3"),
        new(SopKind.PasswordReset, Roles.Pemohon, "Reset password / perubahan informasi user ID",
            "Mengatur ulang password akun SPSE Anda, atau mengubah nama, email, instansi, atau nomor telepon pada user ID Anda.",
            "/Prosedur/Ajukan/4"),
    ];

    public static bool IsRunning(SopKind kind) => Kinds.Contains(kind);

    /// <summary>The running SOPs in the order of their numbers (the inbox's tabs).</summary>
    public static IReadOnlyList<SopKind> Ordered { get; } = [.. Kinds.OrderBy(k => (int)k)];

    /// <summary>The running SOP with this number, if any (the inbox's <c>?sop=</c>).</summary>
    public static SopKind? ByNumber(int? number) =>
        number is { } n && Enum.IsDefined(typeof(SopKind), n) && IsRunning((SopKind)n) ? (SopKind)n : null;

    /// <summary>The starts the actor may use, in SOP-number order.</summary>
    public static IReadOnlyList<SopStart> StartsFor(Actor actor) =>
        [.. Starts.Where(s => IsRunning(s.Kind) && actor.IsIn(s.Role)).OrderBy(s => (int)s.Kind)];

    /// <summary>A short name for tabs and rows.</summary>
    public static string ShortTitle(SopKind kind) => kind switch
    {
        SopKind.PokjaAccountRequest => "User ID Pokja",
        SopKind.AccessActivation => "Nonaktif/aktif hak akses",
        SopKind.StaffRegistration => "Registrasi petugas LPSE",
        SopKind.PasswordReset => "Reset password",
        _ => kind.ToString(),
    };
}
