using System.Net;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using AksesSpse.Web.Tests.SopEditor;
using Microsoft.EntityFrameworkCore;
using static AksesSpse.Tests.Shared.Poppler;

namespace AksesSpse.Web.Tests.Sop3;

/// <summary>
/// The SOP document on the SOP's page (issue #11 §1): the procedure table drawn as SVG in a box of its own, and the PDF
/// generated from the very version the page shows, for anyone of the office, not for another office or a stranger. A new
/// version's document shows the new standard while the old version's keeps the old.
/// </summary>
public sealed class SopDocumentPageTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task The_sop_page_draws_the_flowchart_and_the_pdf_follows_the_version_it_was_generated_from(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database });
        var (officeId, v1) = await factory.WithDbAsync(async db =>
        {
            var office = await db.Offices.SingleAsync(o => o.Code == AksesSpse.Core.Data.DatabaseInitializer.DemoOfficeCode);
            var id = await db.SopDefinitions.Where(s => s.OfficeId == office.Id && s.Kind == SopKind.StaffRegistration && s.IsCurrent).Select(s => s.Id).SingleAsync();
            return (office.Id, id);
        });

        using var pokja = factory.CreateFormClient();
        await pokja.SignInAsync(DemoUsers.Pokja);
        var page = await pokja.GetPageAsync($"/Sop/{v1}");
        var svg = page.QuerySelector("#sop-drawing svg");
        Assert.NotNull(svg);
        Assert.Equal("841.89", svg!.GetAttribute("width"));
        Assert.Contains("Membuat akun Verifikator/Helpdesk/", svg.TextContent, StringComparison.Ordinal);
        Assert.Contains("Total Waktu Penyelesaian", svg.TextContent, StringComparison.Ordinal);
        Assert.Contains("Definisi", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/Sop/{v1}/Dokumen.pdf", page.QuerySelector("#sop-pdf")!.GetAttribute("href"));

        var first = await PdfTextAsync(pokja, v1);
        Assert.Contains("REGISTRASI VERIFIKATOR/HELPDESK/ADMIN AGENCY LPSE", first, StringComparison.Ordinal);
        Assert.Contains("60 menit", first, StringComparison.Ordinal);
        Assert.Contains("Halaman 1 dari", first, StringComparison.Ordinal);

        // Kepala LPSE publishes version 2: step 3 within 30 minutes. Its document says so; version 1's still says 60.
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);
        var v2 = await SopEditorPages.PublishChangeAsync(head, v1, new() { ["Steps[2].StandardKind"] = "Minutes", ["Steps[2].StandardValue"] = "30" },
            "Standar pembuatan akun dipersingkat");

        var second = await PdfTextAsync(pokja, v2);
        Assert.Contains("30 menit", second, StringComparison.Ordinal);
        Assert.DoesNotContain("60 menit", second, StringComparison.Ordinal);
        Assert.Contains("(versi 2)", second, StringComparison.Ordinal);
        Assert.Contains("Prosedur ini mencakup proses perintah pembuatan akun", second, StringComparison.Ordinal); // Penjelasan Singkat kept
        Assert.Contains("60 menit", await PdfTextAsync(pokja, v1), StringComparison.Ordinal);

        // Signed out: to the sign-in page. Another office's user: not found, for the page and for the document.
        using var anonymous = factory.CreateFormClient();
        using (var response = await anonymous.GetAsync($"/Sop/{v1}/Dokumen.pdf"))
        {
            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            Assert.Contains("/Akun/Masuk", response.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        }

        await factory.AddOfficeWithUserAsync("LAIN", "LPSE Kota Lain", "helpdesk@lain.go.id", Roles.HelpdeskLpse);
        using var stranger = factory.CreateFormClient();
        await stranger.SignInAsync("helpdesk@lain.go.id");
        using (var response = await stranger.GetAsync($"/Sop/{v1}/Dokumen.pdf"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using (var response = await stranger.GetAsync($"/Sop/{v1}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Kepala_lpse_sets_the_letterhead_and_the_documents_print_it_and_a_disguised_or_oversized_logo_is_refused()
    {
        await using var factory = await AppFactory.CreateAsync();
        var sopId = await factory.WithDbAsync(db => db.SopDefinitions.Where(s => s.Kind == SopKind.PasswordReset && s.IsCurrent &&
            s.OfficeId == db.Offices.Single(o => o.Code == AksesSpse.Core.Data.DatabaseInitializer.DemoOfficeCode).Id).Select(s => s.Id).SingleAsync());
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);
        var page = await head.GetPageAsync("/Sop/Kop");
        Assert.NotNull(page.QuerySelector("#logo-none"));

        // A PDF named .png, then an oversized image: refused in Bahasa Indonesia, nothing stored.
        var disguised = await head.SubmitAsync(page, "#letterhead-form", new() { ["ParentAuthority"] = "Pemerintah Kabupaten Contoh" },
            [new FormFile("logo", "logo.png", SampleFiles.Pdf("bukan gambar"), "image/png")]);
        Assert.Contains("bernama .png tetapi isinya PDF", disguised.Page.Body!.TextContent, StringComparison.Ordinal);
        var oversized = await head.SubmitAsync(page, "#letterhead-form", [],
            [new FormFile("logo", "logo.png", [.. SampleFiles.Png(), .. new byte[300 * 1024]], "image/png")]);
        Assert.Contains("melebihi batas 256 KB", oversized.Page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(await factory.WithDbAsync(db => db.Offices.Where(o => o.Code == AksesSpse.Core.Data.DatabaseInitializer.DemoOfficeCode)
            .Select(o => o.ParentAuthority).SingleAsync()));

        var saved = await head.SubmitAsync(page, "#letterhead-form", new() { ["ParentAuthority"] = "Pemerintah Kabupaten Contoh" },
            [new FormFile("logo", "logo.png", SampleFiles.Png(), "image/png")]);
        Assert.Contains("Kop dokumen SOP disimpan", saved.Page.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(saved.Page.QuerySelector("#logo-current img"));

        var sop = await head.GetPageAsync($"/Sop/{sopId}");
        Assert.Contains("RESET PASSWORD", sop.QuerySelector("#sop-drawing svg")!.TextContent, StringComparison.Ordinal);
        var text = await PdfTextAsync(head, sopId);
        Assert.Contains("PEMERINTAH KABUPATEN CONTOH", text, StringComparison.Ordinal);
        using (var pdf = await head.GetAsync($"/Sop/{sopId}/Dokumen.pdf"))
        {
            var images = WithTempPdf(await pdf.Content.ReadAsByteArrayAsync(), path => Run("pdfimages", "-list", path));
            Assert.Contains("image", images, StringComparison.Ordinal); // the logo, on the first page
        }

        // Removed: the emblem again.
        var removed = await head.SubmitAsync(saved.Page, "#letterhead-form", new() { ["ParentAuthority"] = "Pemerintah Kabupaten Contoh", ["RemoveLogo"] = "true" });
        Assert.NotNull(removed.Page.QuerySelector("#logo-none"));
    }

    private static async Task<string> PdfTextAsync(FormClient client, int sopId)
    {
        using var response = await client.GetAsync($"/Sop/{sopId}/Dokumen.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("sop-demo-", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName ?? "",
            StringComparison.Ordinal);
        return Text(await response.Content.ReadAsByteArrayAsync());
    }
}
