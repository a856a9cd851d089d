using System.Net;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using AksesSpse.Web.Tests.SopEditor;
using Microsoft.EntityFrameworkCore;
using static AksesSpse.Tests.Shared.Poppler;

namespace AksesSpse.Web.Tests.Sop4;

/// <summary>
/// The public service standard of SOP 4 (issue #11 §3): read without signing in, its SOP components derived from the current
/// version (a new version changes the page), the office's own components filled in once by Kepala LPSE, two officers saving at
/// once (one wins, the other is told), bad input refused in Bahasa Indonesia, the request form linking to it, and the SOP
/// document limited per client.
/// </summary>
public sealed class ServiceStandardPageTests
{
    private const string Path = "/Standar/" + AksesSpse.Core.Data.DatabaseInitializer.DemoOfficeCode + "/reset-password";

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Anyone_reads_the_standard_derived_from_the_sop_and_the_office_fills_in_the_rest(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database });
        using var anonymous = factory.CreateFormClient();

        var page = await anonymous.GetPageAsync(Path);
        var text = page.Body!.TextContent;
        Assert.Contains("Standar pelayanan: Reset Password dan Perubahan Informasi User ID Pokja Pemilihan", text, StringComparison.Ordinal);
        Assert.Contains("Surat Keputusan Penetapan sebagai Pokja Pemilihan", page.QuerySelector("#komponen-1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Admin Agency: Memeriksa kebenaran berkas permohonan", page.QuerySelector("#komponen-2")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 jam (60 menit)", page.QuerySelector("#komponen-3")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Belum ditetapkan oleh kantor.", page.QuerySelector("#komponen-4")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Arsip berkas", page.QuerySelector("#komponen-5")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Peraturan Presiden Republik Indonesia Nomor 12 Tahun 2021", page.QuerySelector("#komponen-7")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Admin Agency: memahami tatacara reset", page.QuerySelector("#komponen-9")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(14, page.QuerySelectorAll(".standard-component").Length);
        Assert.NotNull(page.QuerySelector("#sop-drawing svg"));
        Assert.Null(page.QuerySelector("#standard-edit"));
        Assert.NotNull(page.QuerySelector("button[data-print]"));

        using (var pdf = await anonymous.GetAsync(Path + "/sop.pdf"))
        {
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Contains("RESET PASSWORD DAN PERUBAHAN INFORMASI USER ID POKJA PEMILIHAN", Text(await pdf.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        }

        using (var missing = await anonymous.GetAsync("/Standar/TIDAK-ADA/reset-password"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var missing = await anonymous.GetAsync(Path.Replace("reset-password", "bukan-sop", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        // The applicant's request form links to it.
        using var pokja = factory.CreateFormClient();
        await pokja.SignInAsync(DemoUsers.Pokja);
        var form = await pokja.GetPageAsync("/Prosedur/Ajukan/4");
        Assert.Equal(Path, form.QuerySelector(".standard-link a")!.GetAttribute("href"));
        using (var denied = await pokja.GetAsync("/Standar/Ubah/reset-password"))
        {
            Assert.Equal(HttpStatusCode.Found, denied.StatusCode);
            Assert.Contains("/Akun/AksesDitolak", denied.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        }

        // Kepala LPSE fills in the office's components; two heads on the same form: the second is told, and keeps what they typed.
        using var head = factory.CreateFormClient();
        using var other = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);
        await other.SignInAsync(DemoUsers.Administrator);
        var headForm = await head.GetPageAsync("/Standar/Ubah/reset-password");
        var otherForm = await other.GetPageAsync("/Standar/Ubah/reset-password");

        var bad = await head.SubmitAsync(headForm, "#standard-form", new() { ["Cost"] = new string('x', ServiceStandard.MaxLength + 1) });
        Assert.Contains("Biaya/tarif maksimal 4000 karakter.", bad.Page.Body!.TextContent, StringComparison.Ordinal);

        var saved = await head.SubmitAsync(headForm, "#standard-form", new()
        {
            ["Cost"] = "Tidak dipungut biaya.",
            ["Complaints"] = "Email helpdesk@lpse.contoh.go.id\nSP4N-LAPOR! (lapor.go.id)",
            ["StaffCount"] = "2 orang Admin Agency",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.Status);
        Assert.Equal(Path, saved.Location);
        Assert.Contains("Standar pelayanan disimpan", saved.Page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Tidak dipungut biaya.", saved.Page.QuerySelector("#komponen-4")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, saved.Page.QuerySelectorAll("#komponen-6 li").Length);
        Assert.NotNull(saved.Page.QuerySelector("#standard-edit"));

        var stale = await other.SubmitAsync(otherForm, "#standard-form", new() { ["Cost"] = "Rp 0" });
        Assert.Contains("baru saja disimpan oleh petugas lain", stale.Page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Rp 0", stale.Page.QuerySelector("#Cost")!.TextContent);
        Assert.Contains("Tidak dipungut biaya.", (await anonymous.GetPageAsync(Path)).QuerySelector("#komponen-4")!.TextContent, StringComparison.Ordinal);

        // A new version of SOP 4 (step 2 within 10 minutes instead of 5): the public page follows it at once.
        var sopId = await factory.WithDbAsync(db => db.SopDefinitions.Where(s => s.Kind == SopKind.PasswordReset && s.IsCurrent &&
            s.OfficeId == db.Offices.Single(o => o.Code == AksesSpse.Core.Data.DatabaseInitializer.DemoOfficeCode).Id).Select(s => s.Id).SingleAsync());
        await SopEditorPages.PublishChangeAsync(head, sopId, new() { ["Steps[1].StandardValue"] = "10" }, "Pemeriksaan kelengkapan 10 menit");

        Assert.Contains("1 jam 5 menit (65 menit)", (await anonymous.GetPageAsync(Path)).QuerySelector("#komponen-3")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_sop_document_is_limited_per_client_with_a_page_in_bahasa_indonesia()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings
        {
            Extra = new Dictionary<string, string?> { ["RateLimits:Enabled"] = "true", ["RateLimits:PublicDocumentPerClient:PermitLimit"] = "2" },
        });
        using var anonymous = factory.CreateFormClient();
        for (var i = 0; i < 2; i++)
        {
            using var ok = await anonymous.GetAsync(Path + "/sop.pdf");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await anonymous.GetAsync(Path + "/sop.pdf");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Terlalu banyak", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The page itself stays readable.
        using var pageResponse = await anonymous.GetAsync(Path);
        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
    }
}
