using AksesSpse.Core.Engine;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Tests.Engine;
using AksesSpse.Core.Tests.TestSupport;

namespace AksesSpse.Core.Tests.Requests;

/// <summary>
/// After a resubmission the completeness check starts from the previous ticks, and replaced documents are marked as such
/// (issue #8) — SOP 2's checklist items (their seeded codes) and its document list, on the engine.
/// </summary>
public sealed class CompletenessTicksTests : IDisposable
{
    private readonly AccessActivationEngineHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Sop2_TheReturnedCheckKeepsItsTicks_AndTheResubmittedDecreeIsNoLongerMarkedMissing()
    {
        var id = await _h.DriveToAsync(AccessActivationEngineHarness.CompletionStep); // all items but "SK valid" ticked, the decree missing
        var checkedAt = _h.Now;

        var returned = CompletenessTicks.LastOf(await _h.LoadAsync(id));
        Assert.NotNull(returned);
        Assert.Equal(checkedAt, returned.CheckedAt);
        Assert.Contains("KOP_SURAT", returned.Passed);
        Assert.DoesNotContain("SK_BERLAKU", returned.Passed);
        Assert.True(returned.StillMissing(await _h.LoadAsync(id), AccessActivationHarness.DecreeCode));

        _h.Time.Advance(TimeSpan.FromHours(2));
        AccessActivationHarness.AssertOk(await _h.ResubmitAsync(id));

        var r = await _h.LoadAsync(id);
        var ticks = CompletenessTicks.LastOf(r)!;
        Assert.Equal(AccessActivationEngineHarness.Checklist.Where(c => c != "SK_BERLAKU"), ticks.Passed);
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
        var id = await _h.DriveToAsync(AccessActivationEngineHarness.CompletenessStep);
        Assert.Null(CompletenessTicks.LastOf(await _h.LoadAsync(id)));

        AccessActivationHarness.AssertOk(await _h.CheckCompletenessAsync(id, StepAnswer.No, ["TANDA_TANGAN"], [], "Kop surat tidak ada"));
        AccessActivationHarness.AssertOk(await _h.ResubmitAsync(id, files: [], note: "Surat dengan kop diserahkan"));
        AccessActivationHarness.AssertOk(await _h.CheckCompletenessAsync(id, StepAnswer.No, ["TANDA_TANGAN", "KOP_SURAT"],
            [AccessActivationHarness.LetterCode], "Surat belum berstempel"));

        var ticks = CompletenessTicks.LastOf(await _h.LoadAsync(id))!;
        Assert.Equal(["TANDA_TANGAN", "KOP_SURAT"], ticks.Passed);
        Assert.True(ticks.StillMissing(await _h.LoadAsync(id), AccessActivationHarness.LetterCode));
    }

    // SOP 4 keeps its ticks on the engine: PasswordResetModuleTests (Engine/).
}
