namespace AksesSpse.Core.Requests;

/// <summary>
/// One Pokja member as SOP 1's request lists them (typed in a row, or read from an imported CSV/XLSX line):
/// the personal data the account-request form asks for. Nothing here is checked against the register yet.
/// </summary>
public sealed record PokjaMember(
    string FullName,
    string Nip,
    string Position,
    string RankGrade,
    string Agency,
    string Email,
    string Phone)
{
    /// <summary>The columns of the template and of the account-request form, in their order (after "No").</summary>
    public static readonly IReadOnlyList<string> ColumnTitles =
        ["Nama", "NIP", "Jabatan", "Pangkat/Golongan", "Instansi", "Email", "No. HP"];

    public const int FullNameMax = 200;
    public const int PositionMax = 200;
    public const int RankGradeMax = 50;
    public const int AgencyMax = 200;
    public const int EmailMax = 256;
    public const int PhoneMax = 30;
}
