using System.Text;
using System.Text.RegularExpressions;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Documents.Pdf;
using AksesSpse.Core.Requests;
using AksesSpse.Tests.Shared;
using static AksesSpse.Tests.Shared.Poppler;

namespace AksesSpse.Core.Tests.Documents;

[Trait("Sop", "StaffRegistration")]
public sealed partial class StaffAccountFormPdfTests
{
    private static AccessRequest Request(int persons) => new()
    {
        Number = "RGS-2026-000007",
        SkNumber = "800/12/LPSE/2026",
        SkDate = new DateOnly(2026, 11, 20),
        ApplicantName = "Drs. Suharto, M.Si.",
        Persons = Enumerable.Range(1, persons).Select(i => new RequestPerson
        {
            Order = i, FullName = $"Personil Nomor {i}", Nip = "199001012015032001", Email = $"p{i}@contoh.go.id",
            Role = i % 2 == 0 ? SpseRole.Helpdesk : SpseRole.Verifikator, UserId = $"staf.{i}", Position = "Staf LPSE",
        }).ToList(),
    };

    [Fact]
    public void TheFormShowsTheSkEveryPersonAndTheSignatureOfKepalaLpse_OnAsManyPagesAsNeeded()
    {
        var pdf = StaffAccountFormPdf.Render("LPSE Kabupaten Contoh", Request(30), "29-11-2026 09.00 WIB");

        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        using var file = new TempPdf(pdf);
        var text = Whitespace().Replace(Run("pdftotext", "-layout", file.Path, "-"), " ");
        Assert.Contains(StaffAccountFormPdf.Title, text);
        Assert.Contains("SK 800/12/LPSE/2026 tanggal 20-11-2026", text);
        Assert.Contains("30. Personil Nomor 30", text);
        Assert.Contains("User ID: staf.29", text);
        Assert.Contains("Kepala LPSE,", text);
        Assert.Contains("Drs. Suharto, M.Si.", text);
        Assert.Matches(@"(?m)^Pages:\s+[2-9]$", Run("pdfinfo", file.Path));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
