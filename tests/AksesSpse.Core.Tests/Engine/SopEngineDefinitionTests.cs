using AksesSpse.Core.Offices;
using AksesSpse.Core.Common;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Tests.Engine;

/// <summary>
/// One set of tests for every SOP the engine runs, generated from the seeded definitions: for every step after the first
/// and every role, the move is allowed exactly for the step's actor role in the request's office; an allowed move opens
/// the step the definition names next, with that step's actor and deadline; a refused move changes nothing.
/// </summary>
public sealed class SopEngineDefinitionTests
{
    /// <summary>
    /// Every engine SOP as seeded, in each regional variant where the variants differ (SOP 1: Badung's and Batang's): a variant that
    /// seeds the same definition as Badung's adds nothing.
    /// </summary>
    private static IEnumerable<(SopVariant Variant, SopDefinition Sop)> Seeds() =>
        Enum.GetValues<SopVariant>().SelectMany(v => SopSeed.ForOffice(0, v).Select(sop => (v, sop)))
            .Where(x => EngineHarness.EngineKinds.Contains(x.sop.Kind) &&
                        (x.v == SopVariant.Badung || SopSeed.ForOffice(0).Single(b => b.Kind == x.sop.Kind).Title != x.sop.Title));

    public static TheoryData<SopKind, SopVariant, int, string> StepsAndRoles()
    {
        var data = new TheoryData<SopKind, SopVariant, int, string>();
        foreach (var (variant, sop) in Seeds())
        {
            foreach (var step in sop.Steps.Where(s => s.Number > sop.Steps.Min(x => x.Number) && !SopEngine.IsAutomatic(s.Kind) && Reachable(sop, s) &&
                                                  !PerPerson(sop, s)))
            {
                foreach (var role in Roles.All)
                {
                    data.Add(sop.Kind, variant, step.Number, role);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StepsAndRoles))]
    public async Task OnlyTheStepsActorRoleMayPerformItAndTheDefinitionChoosesTheNextStep(SopKind kind, SopVariant variant, int number, string role)
    {
        using var h = new EngineHarness(variant);
        var id = await h.StartAsync(kind);
        var before = await h.DriveToStepAsync(id, number);
        var step = SopEngine.CurrentStep(before)!;
        Assert.Equal(number, step.Number);
        Assert.Equal(step.ActorRole, before.CurrentActorRole);
        var opened = before.Steps.Single(s => s.IsOpen);
        Assert.Equal(new WallClockStepClock().DueAt(opened.ActionableAt, step.Standard, WorkCalendar.Standard(h.Office.TimeZoneId)), opened.DueAt);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        var result = await h.Engine().MoveAsync(id, EngineHarness.PassingMove(before), h.As(role), CancellationToken.None);
        var after = await h.LoadAsync(id);

        var mayAct = step.ActorRole == Roles.Pemohon ? role == Roles.Pemohon && before.ApplicantUserId == EngineHarness.UserIdOf(role) : role == step.ActorRole;
        if (!mayAct)
        {
            Assert.Equal(ErrorKind.Forbidden, result.Error);
            Assert.Equal(before.Version, after.Version);
            Assert.Equal(number, after.CurrentStepNumber);
            return;
        }

        Assert.True(result.Succeeded, result.Message);
        var done = after.Steps.Single(s => s.StepNumber == number && !s.IsOpen);
        Assert.Equal(EngineHarness.UserIdOf(role), done.PerformerUserId);
        Assert.Equal(60, done.ElapsedSeconds);
        var next = SopEngine.NextStep(after.Sop!, step, EngineHarness.PassingMove(before).Answer);
        while (next is not null && SopEngine.IsAutomatic(next.Kind))
        {
            next = SopEngine.NextStep(after.Sop!, next, StepAnswer.Done);
        }

        if (next is null || step.Kind == StepKind.Archive)
        {
            Assert.Null(after.CurrentStepNumber);
            Assert.NotNull(after.ClosedAt);
            Assert.Equal(RequestStatus.Archived, after.Status);
            await using var db = h.Query();
            Assert.True(await db.ArchiveRecords.AnyAsync(a => a.AccessRequestId == id));
            return;
        }

        Assert.Equal(next.Number, after.CurrentStepNumber);
        Assert.Equal(next.ActorRole, after.CurrentActorRole);
        var open = after.Steps.Single(s => s.IsOpen);
        Assert.Equal(next.Number, open.StepNumber);
        Assert.Equal(new WallClockStepClock().DueAt(open.ActionableAt, next.Standard, WorkCalendar.Standard(h.Office.TimeZoneId)), open.DueAt);
        Assert.Equal(open.DueAt ?? AccessRequest.NoDeadline, after.CurrentStepDueAt);
    }

    /// <summary>
    /// SOP 1's confirm step is settled member by member, never by one move (PokjaAccountsModuleTests cover it): a request of SOP 1
    /// always names its members.
    /// </summary>
    private static bool PerPerson(SopDefinition sop, SopStep step) => sop.Kind == SopKind.PokjaAccountRequest && step.Kind == StepKind.ConfirmReceipt;

    /// <summary>
    /// Whether a request can reach the step from the first one by the steps' next / alternate numbers (SOP 2's step 5, the
    /// year-end deactivation of PPK accounts, is a standing authority run as a campaign: no request stands on it).
    /// </summary>
    private static bool Reachable(SopDefinition sop, SopStep target)
    {
        var seen = new HashSet<int>();
        var todo = new Stack<SopStep>([sop.Steps.OrderBy(s => s.Number).First()]);
        while (todo.TryPop(out var step))
        {
            if (step.Number == target.Number)
            {
                return true;
            }

            if (!seen.Add(step.Number))
            {
                continue;
            }

            foreach (var answer in new[] { StepAnswer.Done, StepAnswer.No })
            {
                if (SopEngine.NextStep(sop, step, answer) is { } next)
                {
                    todo.Push(next);
                }
            }
        }

        return false;
    }

    public static TheoryData<SopKind, SopVariant, int> Steps()
    {
        var data = new TheoryData<SopKind, SopVariant, int>();
        foreach (var (variant, sop) in Seeds())
        {
            foreach (var step in sop.Steps.Where(s => s.Number > sop.Steps.Min(x => x.Number) && !SopEngine.IsAutomatic(s.Kind) && Reachable(sop, s) &&
                                                  !PerPerson(sop, s)))
            {
                data.Add(sop.Kind, variant, step.Number);
            }
        }

        return data;
    }

    /// <summary>Written out by hand from the SOP documents, not computed by the engine: the path of a request that passes every step.</summary>
    [Theory]
    [InlineData(SopKind.StaffRegistration, new[] { 1, 2, 3, 4, 5 })]
    [InlineData(SopKind.PasswordReset, new[] { 1, 2, 5, 6, 8, 9 })]
    [InlineData(SopKind.PokjaAccountRequest, new[] { 1, 2, 3 })]
    [InlineData(SopKind.PokjaAccountRequest, new[] { 1, 2, 3 }, SopVariant.Batang)]
    public async Task ARequestThatPassesEveryStepFollowsTheSopsOwnOrder(SopKind kind, int[] path, SopVariant variant = SopVariant.Badung)
    {
        using var h = new EngineHarness(variant);
        var id = await h.StartAsync(kind);
        var closed = await h.DriveToStepAsync(id, -1);
        Assert.Equal(path, closed.Steps.OrderBy(s => s.ActionableAt).ThenBy(s => s.Id).Select(s => s.StepNumber));
        Assert.Equal(RequestStatus.Archived, closed.Status);
    }

    [Fact]
    public void TheEnginesKindsAreTheRegisteredModules()
    {
        using var h = new EngineHarness();
        Assert.Equal(SopEngine.EngineKinds.Order(), h.Engine().Kinds.Order());
        Assert.Equal(SopEngine.EngineKinds.Order(), EngineHarness.EngineKinds.Order());
    }

    [Fact]
    public void EveryStepTheSeedsRouteToExists()
    {
        foreach (var sop in SopSeed.ForOffice(0))
        {
            var numbers = sop.Steps.Select(s => s.Number).ToHashSet();
            foreach (var step in sop.Steps)
            {
                Assert.True(step.NextStepNumber is null || numbers.Contains(step.NextStepNumber.Value), $"{sop.Kind} step {step.Number}");
                Assert.True(step.AlternateStepNumber is null || numbers.Contains(step.AlternateStepNumber.Value), $"{sop.Kind} step {step.Number}");
            }

        }
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task TheStepsActorInAnotherOfficeIsRefused(SopKind kind, SopVariant variant, int number)
    {
        using var h = new EngineHarness(variant);
        var id = await h.StartAsync(kind);
        var before = await h.DriveToStepAsync(id, number);
        var role = SopEngine.CurrentStep(before)!.ActorRole;

        var result = await h.Engine().MoveAsync(id, EngineHarness.PassingMove(before), h.As(role, h.OtherOffice.Id), CancellationToken.None);

        Assert.Equal(ErrorKind.Forbidden, result.Error);
        Assert.Equal(number, (await h.LoadAsync(id)).CurrentStepNumber);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task AStaleVersionIsAConflictAndAStaleStepIsRefused(SopKind kind, SopVariant variant, int number)
    {
        using var h = new EngineHarness(variant);
        var id = await h.StartAsync(kind);
        var before = await h.DriveToStepAsync(id, number);
        var actor = h.As(SopEngine.CurrentStep(before)!.ActorRole);

        var stale = await h.Engine().MoveAsync(id, EngineHarness.PassingMove(before, before.Version - 1), actor, CancellationToken.None);
        Assert.Equal(ErrorKind.Conflict, stale.Error);
        Assert.Contains("petugas lain", stale.Message);

        var wrongStep = await h.Engine().MoveAsync(id, EngineHarness.PassingMove(before) with { StepNumber = number - 1 }, actor, CancellationToken.None);
        Assert.Equal(ErrorKind.InvalidState, wrongStep.Error);
        Assert.Equal(before.Version, (await h.LoadAsync(id)).Version);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task ALateStepNeedsAnExplanationThatIsRecorded(SopKind kind, SopVariant variant, int number)
    {
        using var h = new EngineHarness(variant);
        var id = await h.StartAsync(kind);
        var before = await h.DriveToStepAsync(id, number);
        var step = SopEngine.CurrentStep(before)!;
        if (!step.Standard.IsBounded)
        {
            return; // N/A and "as needed" steps cannot be late
        }

        h.Time.Advance(TimeSpan.FromDays(step.Standard.Kind == TimeStandardKind.WorkingDays ? step.Standard.Value!.Value + 1 : 1));
        var actor = h.As(step.ActorRole);
        var unexplained = await h.Engine().MoveAsync(id, EngineHarness.PassingMove(before), actor, CancellationToken.None);
        Assert.Equal(ErrorKind.LateExplanationRequired, unexplained.Error);

        var explained = await h.Engine().MoveAsync(id, EngineHarness.PassingMove(before) with { LateExplanation = "Server SPSE gangguan" },
            actor, CancellationToken.None);
        Assert.True(explained.Succeeded, explained.Message);
        var done = (await h.LoadAsync(id)).Steps.Single(s => s.StepNumber == number && !s.IsOpen);
        Assert.True(done.IsLate);
        Assert.Equal("Server SPSE gangguan", done.LateExplanation);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task EveryCheckTheStepNamesMustBeTicked(SopKind kind, SopVariant variant, int number)
    {
        using var h = new EngineHarness(variant);
        var id = await h.StartAsync(kind);
        var before = await h.DriveToStepAsync(id, number);
        var step = SopEngine.CurrentStep(before)!;
        var checks = step.Requirements.Where(r => r.Kind == RequirementKind.Check).ToList();
        if (checks.Count == 0)
        {
            return;
        }

        var move = EngineHarness.PassingMove(before) with { CheckedItems = checks.Skip(1).Select(c => c.Code).ToList() };
        var result = await h.Engine().MoveAsync(id, move, h.As(step.ActorRole), CancellationToken.None);

        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains(checks[0].Label, result.Message);
        Assert.Equal(number, (await h.LoadAsync(id)).CurrentStepNumber);
    }
}
