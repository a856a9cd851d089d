using AksesSpse.Core.Documents;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Tests.TestSupport;

namespace AksesSpse.Core.Tests.Requests;

/// <summary>
/// After a resubmission the completeness check starts from the previous ticks, and replaced documents are marked as such
/// (issue #8) — SOP 2's checklist items and both SOPs' document lists.
/// </summary>
public sealed class CompletenessTicksTests : IDisposable
{
    private readonly AccessActivationHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Sop2_TheReturnedCheckKeepsItsTicks_AndTheResubmittedDecreeIsNoLongerMarkedMissing()
    {
        var id = await _h.DriveToAsync(RequestStatus.ReturnedForCompletion); // all items but "SK valid" ticked, the decree missing
        var checkedAt = _h.Now;

        var returned = CompletenessTicks.LastOf(await _h.LoadAsync(id));
        Assert.NotNull(returned);
        Assert.Equal(checkedAt, returned.CheckedAt);
        Assert.True(returned.HasPassed(ChecklistItem.Letterhead));
        Assert.False(returned.HasPassed(ChecklistItem.SkValid));
        Assert.True(returned.StillMissing(await _h.LoadAsync(id), AccessActivationHarness.DecreeCode));

        _h.Time.Advance(TimeSpan.FromHours(2));
        AccessActivationHarness.AssertOk(await _h.ResubmitAsync(id));

        var r = await _h.LoadAsync(id);
        var ticks = CompletenessTicks.LastOf(r)!;
        Assert.Equal(Enum.GetValues<ChecklistItem>().Where(i => i != ChecklistItem.SkValid), Enum.GetValues<ChecklistItem>().Where(ticks.HasPassed));
        Assert.False(ticks.StillMissing(r, AccessActivationHarness.DecreeCode)); // uploaded again: staff look at the new one

        // The first decree is replaced by the new upload; the new one is current and new since the check.
        var decrees = r.Documents.Where(d => d.DocumentCode == AccessActivationHarness.DecreeCode).OrderBy(d => d.UploadedAt).ToList();
        Assert.Equal(2, decrees.Count);
        Assert.Equal(_h.Now, r.ReplacedAt(decrees[0]));
        Assert.Null(r.ReplacedAt(decrees[1]));
        Assert.True(r.IsNewSince(decrees[1], ticks.CheckedAt));
        Assert.False(r.IsNewSince(decrees[0], ticks.CheckedAt));
        Assert.Null(r.ReplacedAt(r.Documents.Single(d => d.DocumentCode == AccessActivationHarness.LetterCode)));
    }

    [Fact]
    public async Task Sop2_TheLastCheckCounts_AndARequestNeverCheckedHasNoTicks()
    {
        var id = await _h.DriveToAsync(RequestStatus.Submitted);
        Assert.Null(CompletenessTicks.LastOf(await _h.LoadAsync(id)));

        AccessActivationHarness.AssertOk(await _h.CheckCompletenessAsync(id, new CompletenessChecklist(CompletenessDecision.Incomplete,
            [ChecklistItem.Signature], [], "Kop surat tidak ada")));
        AccessActivationHarness.AssertOk(await _h.ResubmitAsync(id, files: [], note: "Surat dengan kop diserahkan"));
        AccessActivationHarness.AssertOk(await _h.CheckCompletenessAsync(id, new CompletenessChecklist(CompletenessDecision.Incomplete,
            [ChecklistItem.Signature, ChecklistItem.Letterhead], [AccessActivationHarness.LetterCode], "Surat belum berstempel")));

        var ticks = CompletenessTicks.LastOf(await _h.LoadAsync(id))!;
        Assert.Equal([ChecklistItem.Letterhead, ChecklistItem.Signature], Enum.GetValues<ChecklistItem>().Where(ticks.HasPassed));
        Assert.True(ticks.StillMissing(await _h.LoadAsync(id), AccessActivationHarness.LetterCode));
    }

    [Fact]
    public async Task Sop4_TheDocumentMarkedMissingStaysTicked_UntilANewUploadReplacesIt()
    {
        const string letter = "SURAT_PERMOHONAN";
        const string decree = "SK_POKJA";
        var resets = _h.PasswordResets();
        var id = (await resets.SubmitAsync(new SubmitResetCommand(Guid.NewGuid(), RequestType.ResetPassword, AccessActivationHarness.PokjaUserId,
            "Lupa password setelah cuti", null, null, null, null,
            [new IncomingFile(letter, "surat.pdf", TestFiles.Pdf()), new IncomingFile(decree, "sk.pdf", TestFiles.Pdf())]),
            _h.ApplicantActor, CancellationToken.None)).Value;
        AccessActivationHarness.AssertOk(await _h.PasswordResets().CheckCompletenessAsync(id, await _h.VersionOfAsync(id), CompletenessDecision.Incomplete,
            [letter, decree], null, null, _h.Admin, CancellationToken.None));

        _h.Time.Advance(TimeSpan.FromMinutes(30));
        AccessActivationHarness.AssertOk(await _h.PasswordResets().ResubmitAsync(id, await _h.VersionOfAsync(id),
            [new IncomingFile(decree, "sk-baru.pdf", TestFiles.Pdf())], null, _h.ApplicantActor, CancellationToken.None));

        var r = await _h.LoadAsync(id);
        var ticks = CompletenessTicks.LastOf(r)!;
        Assert.True(ticks.StillMissing(r, letter)); // not sent again: still ticked as missing for re-checking
        Assert.False(ticks.StillMissing(r, decree)); // a new decree came: staff check it afresh
        var oldDecree = r.Documents.Where(d => d.DocumentCode == decree).OrderBy(d => d.UploadedAt).First();
        Assert.Equal(_h.Now, r.ReplacedAt(oldDecree));
        Assert.Single(r.Steps, s => s.Kind == StepKind.CompletenessCheck && s.IsOpen);
    }
}
