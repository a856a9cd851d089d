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

    // SOP 4 keeps its ticks on the engine: PasswordResetModuleTests (Engine/).
}
