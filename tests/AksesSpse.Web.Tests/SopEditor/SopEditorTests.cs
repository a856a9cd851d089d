using System.Net;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static AksesSpse.Tests.Shared.Poppler;

namespace AksesSpse.Web.Tests.SopEditor;

/// <summary>
/// The SOP editor through its pages (issue #11 §2): two officers on one draft (one wins, the other is told and keeps what they
/// typed), the steps inserted, moved and removed with their routing kept, bad input refused in Bahasa Indonesia, a draft the checks
/// refuse not published, a discarded draft leaving the version in force as it was, drafts hidden from everyone but their editors,
/// and two versions compared side by side.
/// </summary>
public sealed class SopEditorTests
{
    private static Task<int> CurrentAsync(AppFactory factory, SopKind kind) =>
        factory.WithDbAsync(db => db.SopDefinitions.Where(s => s.Kind == kind && s.IsCurrent &&
            s.OfficeId == db.Offices.Single(o => o.Code == AksesSpse.Core.Data.DatabaseInitializer.DemoOfficeCode).Id).Select(s => s.Id).SingleAsync());

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task Two_officers_save_the_same_draft_one_wins_and_the_other_is_told_with_their_text_kept(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database });
        var v1 = await CurrentAsync(factory, SopKind.PasswordReset);
        using var head = factory.CreateFormClient();
        using var admin = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);
        await admin.SignInAsync(DemoUsers.Administrator);

        var (headPage, draftId) = await SopEditorPages.OpenDraftAsync(head, v1);
        var (adminPage, sameDraft) = await SopEditorPages.OpenDraftAsync(admin, v1);
        Assert.Equal(draftId, sameDraft);

        var first = await SopEditorPages.SaveAsync(head, headPage, new() { ["Steps[1].StandardValue"] = "10" });
        Assert.Equal(HttpStatusCode.Redirect, first.Status);
        Assert.Contains("Draf disimpan.", first.Page.Body!.TextContent, StringComparison.Ordinal);

        var second = await SopEditorPages.SaveAsync(admin, adminPage, new() { ["Purpose"] = "Tujuan yang diketik Administrator" });
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Contains("baru saja diubah oleh petugas lain", second.Page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Tujuan yang diketik Administrator", second.Page.QuerySelector("#Purpose")!.TextContent);

        var saved = await factory.WithDbAsync(db => db.SopDefinitions.Include(s => s.Steps).SingleAsync(s => s.Id == draftId));
        Assert.Equal("", saved.Purpose);
        Assert.Equal(10, saved.Steps.Single(s => s.Number == 2).StandardValue);
        Assert.Equal(SopStatus.Draft, saved.Status);
        Assert.False(saved.IsCurrent);

        // Publishing from the stale page is refused too; from the fresh one it goes through, and the other officer is told.
        var stalePublish = await SopEditorPages.PublishAsync(admin, adminPage, "dari halaman lama");
        Assert.Contains("baru saja diubah oleh petugas lain", stalePublish.Page.Body!.TextContent, StringComparison.Ordinal);
        var fresh = await head.GetPageAsync($"/Sop/Draf/{draftId}");
        var published = await SopEditorPages.PublishAsync(head, fresh, "Pemeriksaan kelengkapan 10 menit");
        Assert.Equal($"/Sop/{draftId}", published.Location);
        var late = await SopEditorPages.SaveAsync(admin, adminPage, new() { ["Purpose"] = "Terlambat" }); // the draft is a version now
        Assert.Contains("Draf ini sudah tidak ada", late.Page.Body!.TextContent, StringComparison.Ordinal);

        var versions = await factory.WithDbAsync(db => db.SopDefinitions.Where(s => s.Kind == SopKind.PasswordReset && s.OfficeId == saved.OfficeId)
            .OrderBy(s => s.Version).Select(s => new { s.Version, s.IsCurrent, s.Status }).ToListAsync());
        Assert.Equal(new[] { (1, false), (2, true) }, versions.Select(v => (v.Version, v.IsCurrent)));
    }

    [Fact]
    public async Task Steps_inserted_moved_and_removed_keep_their_routing_and_bad_input_is_refused()
    {
        await using var factory = await AppFactory.CreateAsync();
        var v1 = await CurrentAsync(factory, SopKind.PasswordReset);
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);
        var (page, draftId) = await SopEditorPages.OpenDraftAsync(head, v1);

        // Saved as it came, the draft is the version in force word for word.
        var unchanged = await SopEditorPages.SaveAsync(head, page, []);
        Assert.Equal(HttpStatusCode.Redirect, unchanged.Status);
        Assert.Contains(" 0 perubahan", (await head.GetPageAsync($"/Sop/Bandingkan?dari={v1}&ke={draftId}")).QuerySelector("#compare-summary")!.TextContent,
            StringComparison.Ordinal);
        page = unchanged.Page;

        // A step inserted after step 2: step 2's "Ya → 5" and "Tidak → 3" now name 6 and 4.
        var inserted = await SopEditorPages.SaveAsync(head, page, [], "tambah:2");
        Assert.Contains("Langkah baru disisipkan sebagai langkah 3", inserted.Page.Body!.TextContent, StringComparison.Ordinal);
        var draft = await StepsAsync(factory, draftId);
        Assert.Equal(10, draft.Count);
        Assert.Equal((6, 4), (draft[1].NextStepNumber, draft[1].AlternateStepNumber));
        Assert.Equal(StepKind.Instruction, draft[2].Kind);
        Assert.Equal(2, draft[4].NextStepNumber); // the applicant's completion (now step 5) still goes back to the check, step 2
        Assert.Contains("Aktivitas wajib diisi", inserted.Page.QuerySelector("#publish-checks")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(inserted.Page.QuerySelector("#publish-checks a[href='#langkah-3']"));

        // Bad input: no title and a standard of 0 minutes: refused, each said, with what was typed; a NUL copied from another
        // document: refused by the app's guard, in Bahasa Indonesia. Nothing saved either time.
        var bad = await SopEditorPages.SaveAsync(head, inserted.Page, new()
        {
            ["Title"] = "", ["Steps[2].Activity"] = "Memeriksa surat", ["Steps[2].StandardKind"] = "Minutes", ["Steps[2].StandardValue"] = "0",
        });
        Assert.True(bad.Status == HttpStatusCode.OK, $"{bad.Status}: {SopEditorPages.Errors(bad.Page)}");
        var errors = bad.Page.QuerySelector(".validation-summary-errors")!.TextContent;
        Assert.Contains("Nama SOP wajib diisi.", errors, StringComparison.Ordinal);
        Assert.Contains("Isi standar waktu 1 sampai 10.000", errors, StringComparison.Ordinal);
        Assert.Equal("Memeriksa surat", bad.Page.QuerySelector("#act-3")!.TextContent);
        var nul = await SopEditorPages.SaveAsync(head, inserted.Page, new() { ["Steps[2].Activity"] = "Memeriksa\0" });
        Assert.Equal(HttpStatusCode.BadRequest, nul.Status);
        Assert.Contains("karakter kendali (NUL)", nul.Page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(10, (await StepsAsync(factory, draftId)).Count);
        Assert.Equal("", (await StepsAsync(factory, draftId))[2].Activity);

        // The new step moved down below the old step 3, then removed: the SOP is as it was.
        var moved = await SopEditorPages.SaveAsync(head, inserted.Page, [], "turun:3");
        draft = await StepsAsync(factory, draftId);
        Assert.Equal(StepKind.Instruction, draft[3].Kind);
        Assert.Equal((6, 3), (draft[1].NextStepNumber, draft[1].AlternateStepNumber));
        var removed = await SopEditorPages.SaveAsync(head, moved.Page, [], "hapus:4");
        Assert.Contains("Langkah 4 dihapus", removed.Page.Body!.TextContent, StringComparison.Ordinal);
        draft = await StepsAsync(factory, draftId);
        Assert.Equal(9, draft.Count);
        Assert.Equal((5, 3), (draft[1].NextStepNumber, draft[1].AlternateStepNumber));
        Assert.Equal(2, draft[3].NextStepNumber);
        Assert.Contains("lolos pemeriksaan", removed.Page.QuerySelector("#publish-checks")!.TextContent, StringComparison.Ordinal);

        // A draft the checks refuse is not published: step 5 loses its "Tidak" branch.
        var broken = await SopEditorPages.SaveAsync(head, removed.Page, new() { ["Steps[4].Alternate"] = "" });
        Assert.Contains("tentukan ke langkah mana cabang", broken.Page.QuerySelector("#publish-checks")!.TextContent, StringComparison.Ordinal);
        var refused = await SopEditorPages.PublishAsync(head, broken.Page, "tidak boleh terbit");
        Assert.Contains("Draf belum dapat diterbitkan", refused.Page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(v1, await CurrentAsync(factory, SopKind.PasswordReset));

        // The comparison with the version in force shows the change, step by step.
        var compare = await head.GetPageAsync($"/Sop/Bandingkan?dari={v1}&ke={draftId}");
        Assert.Equal("Changed", compare.QuerySelector("#compare-step-5")!.GetAttribute("data-change"));
        Assert.Contains("Tidak → langkah 7", compare.QuerySelector("#compare-step-5 td.old")!.TextContent + compare.QuerySelector("#compare-step-5")!.TextContent,
            StringComparison.Ordinal);
        Assert.Equal("Same", compare.QuerySelector("#compare-step-1")!.GetAttribute("data-change"));

        // Discarded: the draft is gone; the version in force is as it was.
        var discarded = await head.SubmitAsync(broken.Page, "#discard-form", []);
        Assert.Contains("Draf dibuang", discarded.Page.Body!.TextContent, StringComparison.Ordinal);
        Assert.False(await factory.WithDbAsync(db => db.SopDefinitions.AnyAsync(s => s.Id == draftId)));
        Assert.Equal(v1, await CurrentAsync(factory, SopKind.PasswordReset));
    }

    [Fact]
    public async Task A_draft_is_seen_only_by_its_editors()
    {
        await using var factory = await AppFactory.CreateAsync();
        var v1 = await CurrentAsync(factory, SopKind.AccessActivation);
        using var head = factory.CreateFormClient();
        await head.SignInAsync(DemoUsers.KepalaLpse);
        var (_, draftId) = await SopEditorPages.OpenDraftAsync(head, v1);
        Assert.NotNull((await head.GetPageAsync("/Sop")).QuerySelector($"#sop-versions a[href='/Sop/Draf/{draftId}']"));
        using (var preview = await head.GetAsync($"/Sop/{draftId}/Dokumen.pdf"))
        {
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            Assert.Contains("(versi 2)", Text(await preview.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        }

        using var helpdesk = factory.CreateFormClient();
        await helpdesk.SignInAsync(DemoUsers.Helpdesk);
        Assert.Null((await helpdesk.GetPageAsync("/Sop")).QuerySelector($"a[href='/Sop/Draf/{draftId}']"));
        Assert.Null((await helpdesk.GetPageAsync($"/Sop/{v1}")).QuerySelector("#sop-draft-open"));
        foreach (var url in new[] { $"/Sop/{draftId}", $"/Sop/{draftId}/Dokumen.pdf", $"/Sop/Bandingkan?dari={v1}&ke={draftId}" })
        {
            using var response = await helpdesk.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using (var editor = await helpdesk.GetAsync($"/Sop/Draf/{draftId}"))
        {
            Assert.Equal(HttpStatusCode.Found, editor.StatusCode);
            Assert.Contains("/Akun/AksesDitolak", editor.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        }

        // Requests keep starting under the version in force while the draft exists.
        using var pokja = factory.CreateFormClient();
        await pokja.SignInAsync(DemoUsers.Pokja);
        var form = await pokja.GetPageAsync("/Prosedur/Ajukan/2");
        Assert.DoesNotContain("versi 2", form.Body!.TextContent, StringComparison.Ordinal);
    }

    private static Task<List<SopStep>> StepsAsync(AppFactory factory, int draftId) =>
        factory.WithDbAsync(db => db.SopSteps.Where(s => s.SopDefinitionId == draftId).OrderBy(s => s.Number).ToListAsync());
}
