using System.Net;
using AksesSpse.Tests.Shared;
using AksesSpse.Web.Tests.Infrastructure;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Sop2Pages = AksesSpse.Web.Tests.Sop2.Sop2;
using Sop4Pages = AksesSpse.Web.Tests.Sop4.Sop4;

namespace AksesSpse.Web.Tests.Security;

/// <summary>
/// Uploads that are too large, hostile or oddly named: the form comes back with what was typed and a message that names
/// the file; a body beyond any sane size gets a page in Bahasa Indonesia whose "Kembali" works under the app's CSP;
/// downloads are never cached.
/// </summary>
public sealed class UploadLimitTests
{
    [Theory]
    [InlineData(4, 6)]
    [InlineData(4, 40)]
    [InlineData(2, 6)]
    [InlineData(2, 40)]
    public async Task AnOversizedDocumentSaysBerkasTerlaluBesarAndKeepsTheForm(int sop, int megabytes)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { OutboxWorker = false });
        using var pokja = factory.CreateFormClient();
        await pokja.SignInAsync(DemoUsers.Pokja);
        var big = new byte[megabytes * 1024 * 1024];
        TestDocuments.Pdf().CopyTo(big, 0);
        const string reason = "Lupa password akun SPSE setelah cuti panjang (alasan yang diketik)";

        FormResult result;
        string documentName;
        if (sop == 4)
        {
            var page = await pokja.GetPageAsync("/Prosedur/Ajukan/4");
            result = await pokja.SubmitAsync(page, Sop4Pages.CreateForm, Sop4Pages.ResetFields(reason: reason),
                [Sop4Pages.Surat("surat-hasil-pindai.pdf", big), Sop4Pages.SkPokja()]);
            documentName = Sop4Pages.SuratName;
        }
        else
        {
            result = await Sop2Pages.TrySubmitAsync(pokja, Sop2Pages.RequestFields(reason: reason),
                [Sop2Pages.Surat("surat-hasil-pindai.pdf", big), Sop2Pages.Sk()]);
            documentName = Sop2Pages.SuratName;
        }

        Assert.Equal(HttpStatusCode.OK, result.Status);
        var summary = Sop4Pages.Text(result.Page.QuerySelector(".validation-summary-errors"));
        Assert.Contains("Berkas terlalu besar", summary);
        Assert.Contains(documentName, summary);
        Assert.Contains("surat-hasil-pindai.pdf", summary);
        Assert.Contains($"berukuran {megabytes},0 MB, melebihi batas 5 MB per dokumen", summary);
        Assert.Equal(reason, result.Page.QuerySelector("textarea[name=Reason]")!.TextContent);
        Assert.Equal(Sop4Pages.RinaSpseUserId, SpseUserId(result.Page));
        Assert.Contains("pilih ulang semua berkas", Sop4Pages.Text(result.Page.QuerySelector("#files-again")));
        Assert.Equal(0, await factory.WithDbAsync(db => db.AccessRequests.CountAsync()));
    }

    [Fact]
    public async Task ABodyBeyondTheHardLimitGetsAnIndonesianPageWhoseKembaliWorksUnderTheCsp()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings
        {
            OutboxWorker = false,
            Extra = new Dictionary<string, string?> { ["Storage:MaxRequestBytes"] = (8 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });
        using var pokja = factory.CreateFormClient();
        await pokja.SignInAsync(DemoUsers.Pokja);
        var page = await pokja.GetPageAsync("/Prosedur/Ajukan/4");
        pokja.Http.DefaultRequestHeaders.Referrer = new Uri("http://localhost/Prosedur/Ajukan/4");
        var huge = new byte[10 * 1024 * 1024];
        TestDocuments.Pdf().CopyTo(huge, 0);

        var result = await pokja.SubmitAsync(page, Sop4Pages.CreateForm, Sop4Pages.ResetFields(), [Sop4Pages.Surat("besar.pdf", huge), Sop4Pages.SkPokja()]);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, result.Status);
        Assert.Equal("Berkas terlalu besar", Sop4Pages.Text(result.Page.QuerySelector("h1")));
        var text = Sop4Pages.Text(result.Page);
        Assert.Contains("melebihi batas 8 MB untuk satu formulir", text);
        Assert.Contains("tidak ada yang tersimpan", text);
        Assert.DoesNotContain("kode 0", text);
        AssertKembaliWorksWithoutInlineScript(result.Page, "/Prosedur/Ajukan/4");
        Assert.Equal(0, await factory.WithDbAsync(db => db.AccessRequests.CountAsync()));

        // A URL-encoded value beyond the form reader's limit (4 MB per value): a page that explains, not "kode 0".
        using var anonymous = factory.CreateFormClient();
        var login = await anonymous.GetPageAsync("/Akun/Masuk");
        result = await anonymous.SubmitAsync(login, "form[action='/Akun/Masuk']", new() { ["Email"] = new string('a', 5 * 1024 * 1024), ["Password"] = "x" });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, result.Status);
        Assert.Equal("Isian terlalu besar", Sop4Pages.Text(result.Page.QuerySelector("h1")));
        Assert.Contains("tidak ada yang tersimpan", Sop4Pages.Text(result.Page));
        Assert.DoesNotContain("kode 0", Sop4Pages.Text(result.Page));
    }

    [Fact]
    public async Task KembaliOnTheStatusPagesIsALinkThatSiteJsTurnsIntoBack()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { OutboxWorker = false });
        using var pokja = factory.CreateFormClient();
        await pokja.SignInAsync(DemoUsers.Pokja);
        pokja.Http.DefaultRequestHeaders.Referrer = new Uri("http://localhost/Permohonan");

        using var missing = await pokja.GetAsync("/Permohonan/Detail/987654");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("script-src 'self'", missing.Headers.GetValues("Content-Security-Policy").Single());
        AssertKembaliWorksWithoutInlineScript(await FormClient.ParseAsync(missing), "/Permohonan");

        var script = await pokja.Http.GetStringAsync("/js/site.js");
        Assert.Contains("a[data-back]", script);
        Assert.Contains("history.back()", script);
    }

    [Fact]
    public async Task DownloadsAreNotCachedAndFileNamesLoseBidiControls()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { OutboxWorker = false });
        using var pokja = factory.CreateFormClient();
        await pokja.SignInAsync(DemoUsers.Pokja);

        // "laporan\u202Egnp.pdf" shows as "laporanfdp.png" in a right-to-left aware list.
        var id = await Sop4Pages.SubmitAsync(pokja, Sop4Pages.ResetFields(), [Sop4Pages.Surat("laporan\u202Egnp\u2066.pdf"), Sop4Pages.SkPokja()]);
        var stored = await factory.WithDbAsync(db => db.RequestDocuments.Where(d => d.AccessRequestId == id).Select(d => new { d.Id, d.FileName }).ToListAsync());
        Assert.Contains(stored, d => d.FileName == "laporangnp.pdf");
        var page = await Sop4Pages.DetailAsync(pokja, id);
        Assert.DoesNotContain('\u202E', page.Body!.TextContent);
        Assert.Contains("laporangnp.pdf", Sop4Pages.Text(page));

        foreach (var document in stored)
        {
            using var download = await pokja.GetAsync($"/Permohonan/{id}/Dokumen/{document.Id}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.True(download.Headers.CacheControl?.NoStore, "a document download must not be cached");
            var name = download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName ?? "";
            Assert.DoesNotContain('\u202E', name);
        }
    }

    [Fact]
    public async Task APdfWithHiddenJavaScriptIsRefusedByTheFormWithItsName()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { OutboxWorker = false });
        using var pokja = factory.CreateFormClient();
        await pokja.SignInAsync(DemoUsers.Pokja);
        var page = await pokja.GetPageAsync("/Prosedur/Ajukan/4");

        var result = await pokja.SubmitAsync(page, Sop4Pages.CreateForm, Sop4Pages.ResetFields(),
            [Sop4Pages.Surat("surat-aktif.pdf", TestDocuments.PdfWithJavaScriptInObjectStream()), Sop4Pages.SkPokja()]);

        Assert.Equal(HttpStatusCode.OK, result.Status);
        var summary = Sop4Pages.Text(result.Page.QuerySelector(".validation-summary-errors"));
        Assert.Contains("(surat-aktif.pdf) ditolak karena PDF-nya memuat JavaScript", summary);
        Assert.Equal(0, await factory.WithDbAsync(db => db.AccessRequests.CountAsync()));
        Assert.Empty(Sop2Pages.StoredFiles(factory));
    }

    private static string SpseUserId(IDocument page) =>
        page.QuerySelector("input[name=SpseUserId]") is IHtmlInputElement input ? input.Value
        : page.QuerySelector("select[name=SpseUserId]") is IHtmlSelectElement select ? select.Value ?? "" : "";

    private static void AssertKembaliWorksWithoutInlineScript(IDocument page, string expectedHref)
    {
        var back = page.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Kembali");
        Assert.Equal(expectedHref, back.GetAttribute("href"));
        Assert.True(back.HasAttribute("data-back"));
        Assert.DoesNotContain("javascript:", page.DocumentElement.OuterHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(page.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
        Assert.NotNull(page.QuerySelector("script[src^='/js/site.js']"));
    }
}
