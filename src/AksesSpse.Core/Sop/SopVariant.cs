namespace AksesSpse.Core.Sop;

/// <summary>
/// The regional versions of the seeded SOPs an office can start from. Only SOP 1 differs: Kabupaten Badung's (seed 001, the
/// default) and Kabupaten Batang's ULP (seed 000).
/// </summary>
public enum SopVariant
{
    Badung = 0,
    Batang = 1,
}

/// <summary>
/// Who gets a copy (tembusan) of what a step sends, as the codes <see cref="SopStep.CopyTo"/> lists. Resolved when the copy is
/// sent: Kepala LPSE is the office's head-of-LPSE address and every Kepala LPSE user of the office; LPSE is the office's address.
/// </summary>
public static class SopCopy
{
    public const string HeadOfLpse = "KEPALA_LPSE";
    public const string Lpse = "LPSE";

    public static readonly IReadOnlyList<string> All = [HeadOfLpse, Lpse];

    public static IReadOnlyList<string> Parse(string? copyTo) =>
        string.IsNullOrWhiteSpace(copyTo) ? [] : copyTo.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Label(string code) => code switch
    {
        HeadOfLpse => "Kepala LPSE",
        Lpse => "LPSE",
        _ => code,
    };
}
