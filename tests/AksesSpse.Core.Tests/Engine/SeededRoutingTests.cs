using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Tests.TestSupport;

namespace AksesSpse.Core.Tests.Engine;

/// <summary>
/// SOP 4's and SOP 2's seeded definitions, run through the engine with a module that does nothing SOP-specific: the
/// routing in the data ("Ya → langkah 5, Tidak → langkah 3") takes each request where the SOP says, the clock stops
/// while the file is with the applicant, a rejection goes through the notice to the archive. This is the ground SOP 4
/// and SOP 2 move onto.
/// </summary>
public sealed class SeededRoutingTests
{
    private sealed class ProbeModule(SopKind kind) : IProcedureModule
    {
        public SopKind Kind => kind;
        public string NumberPrefix => "PRB";
        public IEnumerable<string> Facts(AccessRequest request) => [];
        public Task<OperationResult> ActOnAccountsAsync(StepContext context, CancellationToken ct) => Task.FromResult(OperationResult.Ok());
        public Task<OperationResult> DeliverAsync(StepContext context, CancellationToken ct) => Task.FromResult(OperationResult.Ok());

        public Task<IReadOnlyList<string>> FailedChecksAsync(StepContext context, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<string>>(context.Request.Reason == "gagal" ? ["NIP pemohon sama dengan NIP pemegang akun"] : []);
    }

    private static EngineHarness Harness(SopKind kind)
    {
        var h = new EngineHarness();
        h.ExtraModules.Add(new ProbeModule(kind));
        return h;
    }

    private static async Task<int> StartAsync(EngineHarness h, SopKind kind, string reason = "")
    {
        IReadOnlyList<IncomingFile> files = kind == SopKind.PasswordReset
            ? [new("SURAT_PERMOHONAN", "surat.pdf", TestFiles.Pdf()), new("SK_POKJA", "sk.pdf", TestFiles.Pdf())]
            : [new("SURAT_PERMOHONAN", "surat.pdf", TestFiles.Pdf()), new("SK_PENUNJUKAN", "sk.pdf", TestFiles.Pdf())];
        var result = await h.Engine().StartAsync(kind, h.As(Roles.Pemohon), Guid.NewGuid(), files, [], null, (r, _) =>
        {
            r.Type = kind == SopKind.PasswordReset ? RequestType.ResetPassword : RequestType.Deactivate;
            r.Reason = reason;
            return Task.FromResult(OperationResult.Ok());
        }, CancellationToken.None);
        Assert.True(result.Succeeded, result.Message);
        return result.Value;
    }

    private static async Task<AccessRequest> MoveAsync(EngineHarness h, int id, StepAnswer answer = StepAnswer.Done, string? note = null,
        string? deviation = null, ErrorKind expected = ErrorKind.None)
    {
        var request = await h.LoadAsync(id);
        var step = SopEngine.CurrentStep(request)!;
        var move = EngineHarness.PassingMove(request) with { Answer = answer, Note = note, DeviationReason = deviation };
        if (answer == StepAnswer.Done && step.IsDecision)
        {
            move = move with { Answer = StepAnswer.Yes };
        }

        var result = await h.Engine().MoveAsync(id, move, h.As(step.ActorRole), CancellationToken.None);
        Assert.Equal(expected, result.Error);
        return await h.LoadAsync(id);
    }

    private static int[] Path(AccessRequest r) => r.Steps.OrderBy(s => s.ActionableAt).ThenBy(s => s.Id).Select(s => s.StepNumber).ToArray();

    [Fact]
    public async Task Sop4CompleteAndValidGoesTwoFiveSixEightNine()
    {
        using var h = Harness(SopKind.PasswordReset);
        var id = await StartAsync(h, SopKind.PasswordReset);
        AccessRequest r;
        do
        {
            r = await MoveAsync(h, id);
        }
        while (r.ClosedAt is null);

        Assert.Equal([1, 2, 5, 6, 8, 9], Path(r));
        Assert.Equal(RequestOutcome.Completed, r.Outcome);
    }

    [Fact]
    public async Task Sop4IncompleteReturnsThroughStepsThreeAndFourWithTheClockStopped()
    {
        using var h = Harness(SopKind.PasswordReset);
        var id = await StartAsync(h, SopKind.PasswordReset);
        await MoveAsync(h, id, StepAnswer.No, expected: ErrorKind.Validation); // what is missing must be said
        var returned = await MoveAsync(h, id, StepAnswer.No, "SK Pokja tidak terbaca");
        Assert.Equal(4, returned.CurrentStepNumber);
        Assert.Equal(Roles.Pemohon, returned.CurrentActorRole);
        Assert.Equal("SK Pokja tidak terbaca", returned.MissingItems);
        Assert.NotNull(returned.PausedSince);

        h.Time.Advance(TimeSpan.FromHours(3));
        var back = await MoveAsync(h, id);
        Assert.Equal(2, back.CurrentStepNumber);
        Assert.Null(back.PausedSince);
        Assert.Equal(3 * 3600, back.PausedSeconds);
        Assert.Equal([1, 2, 3, 4, 2], Path(back));
        Assert.Equal(TimeSpan.Zero, back.OfficeTime(h.Time.GetUtcNow().UtcDateTime));
    }

    [Fact]
    public async Task Sop4InvalidGoesThroughTheRejectionNoticeToTheArchive()
    {
        using var h = Harness(SopKind.PasswordReset);
        var id = await StartAsync(h, SopKind.PasswordReset);
        await MoveAsync(h, id);
        var rejected = await MoveAsync(h, id, StepAnswer.No, "User ID bukan milik pemohon");
        Assert.Equal(9, rejected.CurrentStepNumber);
        Assert.Equal([1, 2, 5, 7], Path(rejected)[..4]);
        var archived = await MoveAsync(h, id);
        Assert.Equal(RequestStatus.Archived, archived.Status);
        Assert.Equal(RequestOutcome.Rejected, archived.Outcome);
        Assert.Equal("User ID bukan milik pemohon", archived.RejectionReason);

        var id2 = await StartAsync(h, SopKind.PasswordReset);
        var outright = await MoveAsync(h, id2, StepAnswer.Reject, "Bukan anggota Pokja");
        Assert.Equal(RequestOutcome.Rejected, outright.Outcome);
        Assert.Equal([1, 2, 7, 9], Path(outright));
    }

    [Fact]
    public async Task ValidDespiteAFailedCheckNeedsAReasonRecordedAsADeviation()
    {
        using var h = Harness(SopKind.PasswordReset);
        var id = await StartAsync(h, SopKind.PasswordReset, reason: "gagal");
        await MoveAsync(h, id);
        await MoveAsync(h, id, expected: ErrorKind.Validation);
        var passed = await MoveAsync(h, id, deviation: "Dikonfirmasi langsung; NIP di register salah ketik");
        var step5 = passed.Steps.Single(s => s.StepNumber == 5);
        Assert.Contains("Dinyatakan valid meskipun", step5.Deviation);
        Assert.Contains("NIP di register salah ketik", step5.Deviation);
        Assert.Equal(6, passed.CurrentStepNumber);
    }

    [Fact]
    public async Task Sop2GoesFromReceiptThroughTheChecklistToTheApplicantsConfirmation()
    {
        using var h = Harness(SopKind.AccessActivation);
        var id = await StartAsync(h, SopKind.AccessActivation);
        var received = await MoveAsync(h, id);
        Assert.Equal(3, received.CurrentStepNumber);
        Assert.Equal(Roles.HelpdeskLpse, received.CurrentActorRole);

        var request = await h.LoadAsync(id);
        var unticked = await h.Engine().MoveAsync(id, EngineHarness.PassingMove(request) with { CheckedItems = ["KOP_SURAT"] },
            h.As(Roles.HelpdeskLpse), CancellationToken.None);
        Assert.Equal(ErrorKind.Validation, unticked.Error);
        Assert.Contains("berstempel basah", unticked.Message);

        var returned = await MoveAsync(h, id, StepAnswer.No, "Stempel basah tidak ada");
        Assert.Equal(4, returned.CurrentStepNumber);
        var back = await MoveAsync(h, id);
        Assert.Equal(3, back.CurrentStepNumber);
        AccessRequest r;
        do
        {
            r = await MoveAsync(h, id);
        }
        while (r.ClosedAt is null);

        Assert.Equal([1, 2, 3, 4, 3, 6, 7, 8, 9], Path(r));
    }

    [Fact]
    public async Task Sop2RejectedAtTheChecklistGoesStraightToTheArchive_AndTheYearEndStepIsNeverOpened()
    {
        using var h = Harness(SopKind.AccessActivation);
        var id = await StartAsync(h, SopKind.AccessActivation);
        await MoveAsync(h, id);
        var rejected = await MoveAsync(h, id, StepAnswer.Reject, "Surat bukan dari instansi pemohon");
        Assert.Equal(9, rejected.CurrentStepNumber); // SOP 2 has no rejection notice step: the reason goes with the archive
        var archived = await MoveAsync(h, id);

        Assert.Equal([1, 2, 3, 9], Path(archived));
        Assert.Equal(RequestOutcome.Rejected, archived.Outcome);
        var sop = archived.Sop!;
        var check = sop.Steps.Single(s => s.Number == 3);
        Assert.Equal((6, 4), (check.NextStepNumber, check.AlternateStepNumber));
        Assert.Equal(3, sop.Steps.Single(s => s.Number == 4).NextStepNumber);
        Assert.Equal(StepKind.Instruction, sop.Steps.Single(s => s.Number == 5).Kind); // the year-end PPK authority (a campaign, not a request step)
        Assert.Equal(8, check.Requirements.Count);
    }
}
