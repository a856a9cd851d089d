using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Procedures;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Tests.Engine;

/// <summary>
/// SOP 1 on the engine, in both offices' variants: a whole Pokja in one request, each member's account made (or kept, or refused),
/// each member's own link and confirmation, the copies (tembusan) to whom each variant names, and the request closing when every
/// member is settled.
/// </summary>
[Trait("Sop", "PokjaAccounts")]
public sealed class PokjaAccountsModuleTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<OperationResult<int>> StartAsync(EngineHarness h, StartPokjaAccounts form, Actor? actor = null)
    {
        var engine = h.Engine();
        return await h.PokjaModule(engine).StartAsync(engine, form, actor ?? h.As(Roles.KepalaUkpbj), None);
    }

    private static async Task<int> StartedAsync(EngineHarness h, params PokjaMember[] members)
    {
        var started = await StartAsync(h, EngineHarness.PokjaForm(members));
        Assert.True(started.Succeeded, started.Message);
        return started.Value;
    }

    /// <summary>Step 2 by Admin Agency: every pending member created unless <paramref name="decide"/> says otherwise.</summary>
    private static async Task<OperationResult<MoveResult>> ActAsync(EngineHarness h, int id, Func<RequestPerson, PersonDecision>? decide = null,
        SopEngine? engine = null, int? version = null, Actor? actor = null)
    {
        var request = await h.LoadAsync(id);
        var move = new StepMove(2, version ?? request.Version)
        {
            Persons = request.Persons.Where(p => p.Outcome == PersonOutcome.Pending)
                .Select(p => decide?.Invoke(p) ?? new PersonDecision(p.Id, true, null, null, Reuse: p.HeldAccountId is not null)).ToList(),
        };
        return await (engine ?? h.Engine()).MoveAsync(id, move, actor ?? h.As(Roles.AdminAgency), None);
    }

    private static async Task<OperationResult<string>> ConfirmAsync(EngineHarness h, int personId, SopEngine? engine = null)
    {
        engine ??= h.Engine();
        return await h.PokjaModule(engine).ConfirmByMemberAsync(engine, personId, None);
    }

    private static StaffConfirmation ByPhone(EngineHarness h, TimeSpan? ago = null) =>
        new("Anggota sendiri", ConfirmationMethod.Phone, null, h.Time.GetUtcNow().UtcDateTime.Add(-(ago ?? TimeSpan.FromMinutes(1))).AddHours(7));

    [Fact]
    public async Task ADayOffAddedAfterTheLinksWentOutMovesTheMembersConfirmationDeadlineWithTheStep()
    {
        using var h = new EngineHarness();
        var id = await StartedAsync(h, EngineHarness.Member(1));
        Assert.True((await ActAsync(h, id)).Succeeded);
        var before = (await h.LoadAsync(id)).Persons.Single();
        Assert.NotNull(before.ConfirmationDueAt);

        // The office declares the day the confirmation falls due a regional day off.
        await using (var db = h.Query())
        {
            var calendar = new AksesSpse.Core.Offices.OfficeCalendar(db, h.Time, h.ZoneCache);
            var dueDay = DateOnly.FromDateTime((await calendar.ForOfficeAsync(h.Office.Id, None)).ToLocal(before.ConfirmationDueAt!.Value));
            db.DaysOff.Add(new AksesSpse.Core.Offices.DayOff
            {
                OfficeId = h.Office.Id, Date = dueDay, Kind = AksesSpse.Core.Offices.DayOffKind.Regional, Description = "Cuti daerah", CreatedAt = h.Time.GetUtcNow().UtcDateTime,
                CreatedByName = "Uji",
            });
            await db.SaveChangesAsync();
            calendar.Forget(h.Office.Id);
            // Counted in working time (the harness's engine counts wall-clock time: 1 day = 24 hours, the same here without the day off).
            var settings = new AksesSpse.Core.Offices.OfficeCalendarSettings(db, calendar, new WorkingTimeStepClock(), h.Time,
                Microsoft.Extensions.Logging.Abstractions.NullLogger<AksesSpse.Core.Offices.OfficeCalendarSettings>.Instance);
            Assert.Equal(2, await settings.RefreshDeadlinesAsync([h.Office.Id], None)); // the confirm step and the member
        }

        var request = await h.LoadAsync(id);
        var after = request.Persons.Single();
        Assert.True(after.ConfirmationDueAt > before.ConfirmationDueAt, $"{after.ConfirmationDueAt:o} after {before.ConfirmationDueAt:o}");
        Assert.Equal(request.CurrentStepDueAt, after.ConfirmationDueAt); // still counted from the same delivery, as the step is
    }

    [Fact]
    public async Task TheBadungRunMakesKeepsAndRefusesPerMemberSendsEachTheirOwnLinkCopiesKepalaLpseAndArchivesWhenAllAreSettled()
    {
        using var h = new EngineHarness();
        var holder = EngineHarness.Member(3) with { Nip = EngineHarness.Nip, Email = "pemohon.spse@contoh.go.id" }; // holds pemohon.pokja
        var id = await StartedAsync(h, EngineHarness.Member(1), EngineHarness.Member(2), holder);

        var request = await h.LoadAsync(id);
        Assert.StartsWith("PKJ-2026-", request.Number);
        Assert.Equal(RequestType.PokjaAccounts, request.Type);
        Assert.Equal("Pokja Pemilihan 07", request.PokjaName);
        Assert.Equal("800/07/ST/2026", request.AssignmentLetterNumber);
        Assert.Equal(2, request.CurrentStepNumber);
        Assert.Equal(Roles.AdminAgency, request.CurrentActorRole);
        Assert.Equal(AccessRequest.NoDeadline, request.CurrentStepDueAt); // Badung step 2: "sesuai kebutuhan"
        Assert.Equal([false, false, true], request.Persons.OrderBy(p => p.Order).Select(p => p.HeldAccountId is not null)); // flagged, not refused
        Assert.All(request.Persons, p => Assert.Equal("Penata / III-c", p.RankGrade));
        await using (var db = h.Query())
        {
            var copy = await db.OutboxMessages.SingleAsync(m => m.Kind == PokjaAccountsModule.CopyKind);
            Assert.Equal("kepala.lpse@contoh.go.id", copy.To);
            Assert.Contains("Tembusan kepada Kepala LPSE", copy.Body);
            Assert.Contains("Anggota Pokja 2", copy.Body);
        }

        var refused = request.Persons.Single(p => p.Order == 2).Id;
        var acted = await ActAsync(h, id, p => p.Id == refused ? new PersonDecision(p.Id, false, null, "Tidak tercantum pada SK terbaru") :
            new PersonDecision(p.Id, true, p.Order == 1 ? "anggota.satu" : null, null, Reuse: p.HeldAccountId is not null));
        Assert.True(acted.Succeeded, acted.Message);
        var secret = Assert.Single(acted.Value!.Secrets);
        Assert.Equal("anggota.satu", secret.SpseUserId);

        request = await h.LoadAsync(id);
        Assert.Equal(3, request.CurrentStepNumber);
        var made = request.Persons.Single(p => p.Order == 1);
        Assert.Equal(PersonOutcome.Done, made.Outcome);
        Assert.NotNull(made.DeliveredAt);
        Assert.Equal(request.CurrentStepDueAt, made.ConfirmationDueAt); // 1 hari kerja from the delivery
        Assert.Equal(PersonOutcome.NotDone, request.Persons.Single(p => p.Order == 2).Outcome);
        Assert.Equal(PersonOutcome.Reused, request.Persons.Single(p => p.Order == 3).Outcome);
        Assert.Equal(EngineHarness.PokjaUserId, request.Persons.Single(p => p.Order == 3).UserId);
        await using (var db = h.Query())
        {
            var account = await db.SpseAccounts.Include(a => a.History).SingleAsync(a => a.UserId == "anggota.satu");
            Assert.Equal((SpseRole.Pokja, SpseAccountStatus.Active, "027/07/SK-POKJA/2026"), (account.Role, account.Status, account.SkNumber));
            var kept = await db.SpseAccounts.Include(a => a.History).SingleAsync(a => a.UserId == EngineHarness.PokjaUserId);
            Assert.Contains(kept.History, x => x.Detail.Contains("027/07/SK-POKJA/2026"));
            var mail = await db.OutboxMessages.SingleAsync(m => m.Kind == "pokja-account");
            Assert.Equal("anggota1@contoh.go.id", mail.To);
            Assert.True(mail.RedactAfterSend);
            Assert.Contains("/Kredensial/Akun?token=", mail.Body);
            Assert.Contains("/Kredensial/Konfirmasi?t=", mail.Body);
            Assert.Contains("dikirim melalui email", mail.Body); // Badung's output
            Assert.Single(await db.OutboxMessages.Where(m => m.Kind == "pokja-reused").ToListAsync());
            var copies = await db.OutboxMessages.Where(m => m.Kind == PokjaAccountsModule.CopyKind).OrderBy(m => m.Id).ToListAsync();
            Assert.Equal(2, copies.Count);
            Assert.Contains("Tidak tercantum pada SK terbaru", copies[1].Body);
            Assert.Contains("anggota.satu", copies[1].Body);
            // The copy carries no secret: neither the password nor any link to it.
            Assert.DoesNotContain(secret.Password, copies[1].Body);
            Assert.DoesNotContain("token=", copies[1].Body);
            Assert.DoesNotContain("Konfirmasi?t=", copies[1].Body);
        }

        var confirmed = await ConfirmAsync(h, made.Id);
        Assert.True(confirmed.Succeeded, confirmed.Message);
        request = await h.LoadAsync(id);
        Assert.Equal(RequestStatus.Archived, request.Status);
        Assert.Equal(RequestOutcome.Completed, request.Outcome);
        var step3 = request.Steps.Single(s => s.StepNumber == 3);
        Assert.Null(step3.PerformerUserId); // the members themselves
        Assert.False(step3.IsLate);
        await using (var db = h.Query())
        {
            Assert.Equal(3, await db.OutboxMessages.CountAsync(m => m.Kind == PokjaAccountsModule.CopyKind)); // Badung: step 3 too
            var archive = await db.ArchiveRecords.SingleAsync(a => a.AccessRequestId == id);
            Assert.Contains("Anggota 2: Anggota Pokja 2", archive.Summary);
            Assert.Contains("tidak dibuatkan akun: Tidak tercantum pada SK terbaru", archive.Summary);
        }

        var again = await ConfirmAsync(h, made.Id);
        Assert.Equal(ErrorKind.InvalidState, again.Error); // the request is archived: nothing waits any more
    }

    [Fact]
    public async Task AMemberWhoConfirmsTwiceIsToldItIsRecordedAndNothingChanges()
    {
        using var h = new EngineHarness();
        var id = await StartedAsync(h, EngineHarness.Member(1), EngineHarness.Member(2));
        Assert.True((await ActAsync(h, id)).Succeeded);
        var first = (await h.LoadAsync(id)).Persons.Single(p => p.Order == 1);
        Assert.True((await ConfirmAsync(h, first.Id)).Succeeded);
        var before = await h.LoadAsync(id);

        var twice = await ConfirmAsync(h, first.Id);

        Assert.Equal(ErrorKind.InvalidState, twice.Error);
        Assert.Contains("sudah dikonfirmasi pada", twice.Message);
        var after = await h.LoadAsync(id);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Persons.Single(p => p.Id == first.Id).ConfirmedAt, after.Persons.Single(p => p.Id == first.Id).ConfirmedAt);
    }

    [Fact]
    public async Task CancellingTheLastMemberAfterTheStandardClosesTheRequestWithTheReasonAsTheExplanation()
    {
        using var h = new EngineHarness();
        var id = await StartedAsync(h, EngineHarness.Member(1));
        Assert.True((await ActAsync(h, id)).Succeeded);
        var person = (await h.LoadAsync(id)).Persons.Single();
        h.Time.Advance(TimeSpan.FromDays(3)); // past the confirm step's 1 hari kerja

        var engine = h.Engine();
        var cancelled = await h.PokjaModule(engine).CancelMemberAsync(engine, id, person.Id, "Dipindahtugaskan", h.As(Roles.AdminAgency), None);

        Assert.True(cancelled.Succeeded, cancelled.Message);
        var request = await h.LoadAsync(id);
        Assert.Equal(RequestStatus.Archived, request.Status);
        var step = request.Steps.Single(s => s.StepNumber == 3);
        Assert.True(step.IsLate);
        Assert.Contains("dibatalkan", step.LateExplanation);
        Assert.Contains("Dipindahtugaskan", step.LateExplanation);
    }

    [Fact]
    public async Task TheBatangVariantCopiesLpseAtStepOneKepalaLpseAtStepTwoHasNoStandardForStepTwoAndNamesItsOwnActors()
    {
        using var h = new EngineHarness(SopVariant.Batang);
        var id = await StartedAsync(h, EngineHarness.Member(1));
        var request = await h.LoadAsync(id);
        Assert.Equal("Permintaan User ID/Password Anggota Pokja ULP", request.Sop!.Title);
        Assert.Equal(["Kepala ULP", "LPSE", "Pokja ULP"], request.Sop.Steps.OrderBy(s => s.Number).Select(s => s.ActorLabel));
        Assert.Equal(AccessRequest.NoDeadline, request.CurrentStepDueAt);
        Assert.Equal(TimeStandardKind.None, SopEngine.CurrentStep(request)!.StandardKind);

        Assert.True((await ActAsync(h, id)).Succeeded);
        await using (var db = h.Query())
        {
            Assert.Equal(["lpse@contoh.go.id", "kepala.lpse@contoh.go.id"],
                await db.OutboxMessages.Where(m => m.Kind == PokjaAccountsModule.CopyKind).OrderBy(m => m.Id).Select(m => m.To).ToListAsync());
            Assert.DoesNotContain("dikirim melalui email", (await db.OutboxMessages.SingleAsync(m => m.Kind == "pokja-account")).Body);
        }

        request = await h.LoadAsync(id);
        Assert.True((await ConfirmAsync(h, request.Persons.Single().Id)).Succeeded);
        await using var q = h.Query();
        Assert.Equal(2, await q.OutboxMessages.CountAsync(m => m.Kind == PokjaAccountsModule.CopyKind)); // Batang's step 3 names no copy
        Assert.Equal(RequestStatus.Archived, (await h.LoadAsync(id)).Status);
    }

    public static TheoryData<string, Func<PokjaMember[]>> BadLists() => new()
    {
        { "NIP", () => [EngineHarness.Member(1) with { Nip = "12345" }] },
        { "lebih dari sekali (anggota 1, 2)", () => [EngineHarness.Member(1), EngineHarness.Member(2) with { Nip = EngineHarness.Member(1).Nip }] },
        { "Email anggota1@contoh.go.id tercantum lebih dari sekali", () => [EngineHarness.Member(1), EngineHarness.Member(2) with { Email = "ANGGOTA1@contoh.go.id" }] },
        { "alamat email tidak sah", () => [EngineHarness.Member(1) with { Email = "bukan-email" }] },
        { "No. HP", () => [EngineHarness.Member(1) with { Phone = "=HYPERLINK()" }] },
        { "sudah dipakai akun SPSE lain (pemohon.pokja)", () => [EngineHarness.Member(1) with { Email = "pemohon.spse@contoh.go.id" }] },
        { "Isi 1 sampai 500", () => [.. Enumerable.Range(1, 501).Select(EngineHarness.Member)] },
    };

    [Theory]
    [MemberData(nameof(BadLists))]
    public async Task ABadListIsRefusedWithWhatIsWrongAndNothingIsSaved(string expected, Func<PokjaMember[]> members)
    {
        using var h = new EngineHarness();
        var form = EngineHarness.PokjaForm(members());
        var result = await StartAsync(h, form.Members.Count == 0 ? form with { Members = [] } : form);
        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains(expected, result.Message);
        await using var db = h.Query();
        Assert.Equal(0, await db.AccessRequests.CountAsync());
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
    }

    [Theory]
    [InlineData(SopVariant.Badung)]
    [InlineData(SopVariant.Batang)]
    public async Task TheThreeDocumentsAreRequiredWithTheRequest(SopVariant variant)
    {
        using var h = new EngineHarness(variant);
        var form = EngineHarness.PokjaForm(EngineHarness.Member(1));
        var result = await StartAsync(h, form with { Files = form.Files.Where(f => f.DocumentCode != "SURAT_PENUGASAN").ToList() });
        Assert.Equal(ErrorKind.Validation, result.Error);
        Assert.Contains("Surat Penugasan Pokja", result.Message);
        await using var db = h.Query();
        Assert.Equal(0, await db.AccessRequests.CountAsync());
    }

    [Fact]
    public async Task AMemberAlreadyOnAnotherOpenRequestIsRefusedAndAFutureSkToo()
    {
        using var h = new EngineHarness();
        await StartedAsync(h, EngineHarness.Member(1));
        var twice = await StartAsync(h, EngineHarness.PokjaForm(EngineHarness.Member(1)));
        Assert.Contains("sudah tercantum pada permohonan PKJ-2026-", twice.Message);

        var future = await StartAsync(h, EngineHarness.PokjaForm(EngineHarness.Member(2)) with { SkDate = DateOnly.FromDateTime(h.Time.GetUtcNow().UtcDateTime).AddDays(3) });
        Assert.Contains("belum tiba", future.Message);
    }

    [Fact]
    public async Task OnlyTheHeadOfTheProcurementUnitStartsIt()
    {
        using var h = new EngineHarness();
        var result = await StartAsync(h, EngineHarness.PokjaForm(), h.As(Roles.Pemohon));
        Assert.Equal(ErrorKind.Forbidden, result.Error);
    }

    [Fact]
    public async Task AHeldAccountMustBeKeptOrRefusedNotMadeAgainAndAMemberWithoutOneCannotBeKept()
    {
        using var h = new EngineHarness();
        var id = await StartedAsync(h, EngineHarness.Member(1), EngineHarness.Member(2) with { Nip = EngineHarness.Nip, Email = "pemohon.spse@contoh.go.id" });

        var makeAgain = await ActAsync(h, id, p => new PersonDecision(p.Id, true, null, null));
        Assert.Contains("sudah memegang akun Pokja yang aktif", makeAgain.Message);
        var keepNothing = await ActAsync(h, id, p => new PersonDecision(p.Id, true, null, null, Reuse: true));
        Assert.Contains("tidak memegang akun Pokja yang aktif", keepNothing.Message);
        var noReason = await ActAsync(h, id, p => new PersonDecision(p.Id, false, null, " "));
        Assert.Contains("Tuliskan alasan", noReason.Message);
        await using var db = h.Query();
        Assert.Equal(1, await db.SpseAccounts.CountAsync());
        Assert.Equal(2, (await h.LoadAsync(id)).CurrentStepNumber);
    }

    [Fact]
    public async Task EveryMemberRefusedRejectsAndArchivesTheRequestAtOnce()
    {
        using var h = new EngineHarness();
        var id = await StartedAsync(h, EngineHarness.Member(1), EngineHarness.Member(2));
        Assert.True((await ActAsync(h, id, p => new PersonDecision(p.Id, false, null, "SK dicabut"))).Succeeded);
        var request = await h.LoadAsync(id);
        Assert.Equal(RequestOutcome.Rejected, request.Outcome);
        Assert.Equal(RequestStatus.Archived, request.Status);
        Assert.Contains("SK dicabut", request.RejectionReason);
    }

    [Fact]
    public async Task EveryMemberKeepingTheirAccountClosesTheConfirmStepAsItOpens()
    {
        using var h = new EngineHarness();
        var id = await StartedAsync(h, EngineHarness.Member(1) with { Nip = EngineHarness.Nip, Email = "pemohon.spse@contoh.go.id" });
        Assert.True((await ActAsync(h, id)).Succeeded);
        var request = await h.LoadAsync(id);
        Assert.Equal(RequestStatus.Archived, request.Status);
        Assert.Equal(RequestOutcome.Completed, request.Outcome);
        Assert.Equal("Tidak ada anggota yang perlu mengonfirmasi penerimaan", request.Steps.Single(s => s.StepNumber == 3).Outcome);
    }

    [Fact]
    public async Task StaffRecordAConfirmationGivenByPhoneOnlyAsTheRoleThatDeliveredAndNotInTheFuture()
    {
        using var h = new EngineHarness();
        var id = await StartedAsync(h, EngineHarness.Member(1), EngineHarness.Member(2));
        Assert.True((await ActAsync(h, id)).Succeeded);
        var persons = (await h.LoadAsync(id)).Persons.OrderBy(p => p.Order).ToList();
        h.Time.Advance(TimeSpan.FromMinutes(30));
        var engine = h.Engine();
        var module = h.PokjaModule(engine);

        var helpdesk = await module.RecordConfirmationAsync(engine, id, persons[0].Id, ByPhone(h), h.As(Roles.HelpdeskLpse), None);
        Assert.Equal(ErrorKind.Forbidden, helpdesk.Error);
        var future = await module.RecordConfirmationAsync(engine, id, persons[0].Id, ByPhone(h, TimeSpan.FromHours(-2)), h.As(Roles.AdminAgency), None);
        Assert.Contains("belum terjadi", future.Message);
        var before = await module.RecordConfirmationAsync(engine, id, persons[0].Id, ByPhone(h, TimeSpan.FromHours(2)), h.As(Roles.AdminAgency), None);
        Assert.Contains("lebih awal dari saat tautan akun dikirim", before.Message);

        var recorded = await module.RecordConfirmationAsync(engine, id, persons[0].Id, ByPhone(h), h.As(Roles.AdminAgency), None);
        Assert.True(recorded.Succeeded, recorded.Message);
        var request = await h.LoadAsync(id);
        var first = request.Persons.Single(p => p.Id == persons[0].Id);
        Assert.Equal((ConfirmationMethod?)ConfirmationMethod.Phone, first.ConfirmationMethod);
        Assert.Equal(EngineHarness.UserIdOf(Roles.AdminAgency), first.ConfirmationRecordedByUserId);
        Assert.Equal(3, request.CurrentStepNumber); // one member still to confirm: the request waits, it is not done

        var again = h.Engine();
        var twice = await h.PokjaModule(again).RecordConfirmationAsync(again, id, persons[0].Id, ByPhone(h), h.As(Roles.AdminAgency), None);
        Assert.Equal(ErrorKind.Conflict, twice.Error);
    }

    [Fact]
    public async Task TheApplicantCannotCloseTheConfirmStepForTheMembers()
    {
        using var h = new EngineHarness();
        var id = await StartedAsync(h, EngineHarness.Member(1));
        Assert.True((await ActAsync(h, id)).Succeeded);
        var request = await h.LoadAsync(id);
        var result = await h.Engine().MoveAsync(id, EngineHarness.PassingMove(request), h.As(Roles.KepalaUkpbj), None);
        Assert.Equal(ErrorKind.Forbidden, result.Error);
        Assert.Equal(3, (await h.LoadAsync(id)).CurrentStepNumber);
    }

    [Fact]
    public async Task AMemberWhoConfirmsLateMakesTheStepLateWithTheExplanationTakenFromTheRecord()
    {
        using var h = new EngineHarness();
        var id = await StartedAsync(h, EngineHarness.Member(1));
        Assert.True((await ActAsync(h, id)).Succeeded);
        var person = (await h.LoadAsync(id)).Persons.Single();
        h.Time.Advance(TimeSpan.FromDays(2));
        Assert.True(person.IsOverdue(h.Time.GetUtcNow().UtcDateTime));
        Assert.Contains("1 terlambat konfirmasi", PokjaAccountsModule.Progress((await h.LoadAsync(id)).Persons, h.Time.GetUtcNow().UtcDateTime));

        Assert.True((await ConfirmAsync(h, person.Id)).Succeeded);
        var step = (await h.LoadAsync(id)).Steps.Single(s => s.StepNumber == 3);
        Assert.True(step.IsLate);
        Assert.Contains("Konfirmasi anggota melewati standar waktu: Anggota Pokja 1 (melalui tautan", step.LateExplanation);
    }

    [Fact]
    public async Task AMemberRefusedAfterTheirAccountWasMadeLosesTheAccountAndTheLinkButNotOnceTheyConfirmed()
    {
        using var h = new EngineHarness();
        var id = await StartedAsync(h, EngineHarness.Member(1), EngineHarness.Member(2));
        Assert.True((await ActAsync(h, id)).Succeeded);
        var persons = (await h.LoadAsync(id)).Persons.OrderBy(p => p.Order).ToList();
        Assert.True((await ConfirmAsync(h, persons[1].Id)).Succeeded);
        var engine = h.Engine();
        var module = h.PokjaModule(engine);

        Assert.Contains("Tuliskan alasan", (await module.CancelMemberAsync(engine, id, persons[0].Id, "", h.As(Roles.AdminAgency), None)).Message);
        Assert.Equal(ErrorKind.Forbidden, (await module.CancelMemberAsync(engine, id, persons[0].Id, "Salah orang", h.As(Roles.KepalaUkpbj), None)).Error);
        var confirmedOne = await module.CancelMemberAsync(engine, id, persons[1].Id, "Salah orang", h.As(Roles.AdminAgency), None);
        Assert.Contains("SOP 2", confirmedOne.Message);

        var fresh = h.Engine(); // the module and the engine share one context, as in a web request
        var cancelled = await h.PokjaModule(fresh).CancelMemberAsync(fresh, id, persons[0].Id, "Bukan anggota Pokja ini", h.As(Roles.AdminAgency), None);
        Assert.True(cancelled.Succeeded, cancelled.Message);
        var request = await h.LoadAsync(id);
        Assert.Equal(RequestStatus.Archived, request.Status); // the other member had confirmed: everyone is settled
        Assert.Equal(PersonOutcome.NotDone, request.Persons.Single(p => p.Id == persons[0].Id).Outcome);
        await using var db = h.Query();
        var account = await db.SpseAccounts.SingleAsync(a => a.Id == persons[0].SpseAccountId);
        Assert.Equal(SpseAccountStatus.Inactive, account.Status);
        Assert.All(await db.CredentialDeliveries.Where(c => c.RequestPersonId == persons[0].Id).ToListAsync(), c => Assert.Null(c.ProtectedSecret));
        Assert.Equal(SpseAccountStatus.Active, (await db.SpseAccounts.SingleAsync(a => a.Id == persons[1].SpseAccountId)).Status);
    }

    [Fact]
    public async Task TwoMembersConfirmingAtTheSameMomentAreBothRecordedAndTheRequestCloses()
    {
        using var h = new EngineHarness();
        var id = await StartedAsync(h, EngineHarness.Member(1), EngineHarness.Member(2));
        Assert.True((await ActAsync(h, id)).Succeeded);
        var persons = (await h.LoadAsync(id)).Persons.OrderBy(p => p.Order).ToList();
        // Member 2's confirmation is saved while member 1's, loaded from the same version, is about to be claimed.
        var hook = new BeforeTransactionHook(async () => Assert.True((await ConfirmAsync(h, persons[1].Id)).Succeeded));
        var first = h.Engine(h.Database.NewContext(hook));

        var result = await ConfirmAsync(h, persons[0].Id, first);

        Assert.True(hook.Ran);
        Assert.True(result.Succeeded, result.Message);
        var request = await h.LoadAsync(id);
        Assert.All(request.Persons, p => Assert.NotNull(p.ConfirmedAt));
        Assert.Equal(RequestStatus.Archived, request.Status);
    }

    [Fact]
    public async Task TwoAdminAgencyOfficersOnStepTwoAtOnceMakeTheAccountsOnce()
    {
        using var h = new EngineHarness();
        var id = await StartedAsync(h, EngineHarness.Member(1), EngineHarness.Member(2));
        var seen = (await h.LoadAsync(id)).Version;
        var hook = new BeforeTransactionHook(async () => Assert.True((await ActAsync(h, id, version: seen)).Succeeded));
        var late = await ActAsync(h, id, version: seen, engine: h.Engine(h.Database.NewContext(hook)));

        Assert.True(hook.Ran);
        Assert.Equal(ErrorKind.Conflict, late.Error);
        await using var db = h.Query();
        Assert.Equal(3, await db.SpseAccounts.CountAsync()); // the harness's own one and the two members', once
        Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.Kind == "pokja-account"));
    }

    [Fact]
    public async Task TwoHundredMembersAreMadeAndSentInOneMoveAndAFailureLeavesNothingHalfDone()
    {
        using var h = new EngineHarness();
        var members = Enumerable.Range(1, 200).Select(EngineHarness.Member).ToArray();
        var id = await StartedAsync(h, members);

        // A user ID taken in the register: the whole move is refused and nothing of it is saved.
        var taken = await ActAsync(h, id, p => new PersonDecision(p.Id, true, p.Order == 200 ? EngineHarness.PokjaUserId : null, null));
        Assert.Contains($"User ID {EngineHarness.PokjaUserId} sudah dipakai", taken.Message);
        await using (var db = h.Query())
        {
            Assert.Equal(1, await db.SpseAccounts.CountAsync());
            Assert.Equal(0, await db.CredentialDeliveries.CountAsync());
            Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.Kind == "pokja-account"));
        }

        var acted = await ActAsync(h, id);
        Assert.True(acted.Succeeded, acted.Message);
        Assert.Equal(200, acted.Value!.Secrets.Count);
        await using (var db = h.Query())
        {
            Assert.Equal(201, await db.SpseAccounts.CountAsync());
            Assert.Equal(200, await db.OutboxMessages.CountAsync(m => m.Kind == "pokja-account"));
            Assert.Equal(2, await db.OutboxMessages.CountAsync(m => m.Kind == PokjaAccountsModule.CopyKind)); // one per step, not one per member
        }
    }

    [Fact]
    public async Task ALostLinkIsMadeAgainByAdminAgencyOnlyUntilTheMemberConfirms()
    {
        using var h = new EngineHarness();
        var id = await StartedAsync(h, EngineHarness.Member(1));
        Assert.True((await ActAsync(h, id)).Succeeded);
        var request = await h.LoadAsync(id);
        var person = request.Persons.Single();
        var engine = h.Engine();

        Assert.Equal(ErrorKind.Forbidden, (await h.PokjaModule(engine).ReissueLinkAsync(id, person.Id, request.Version, h.As(Roles.KepalaUkpbj), None)).Error);
        var again = h.Engine();
        var reissued = await h.PokjaModule(again).ReissueLinkAsync(id, person.Id, request.Version, h.As(Roles.AdminAgency), None);
        Assert.True(reissued.Succeeded, reissued.Message);
        await using (var db = h.Query())
        {
            var deliveries = await db.CredentialDeliveries.Where(c => c.RequestPersonId == person.Id).OrderBy(c => c.Id).ToListAsync();
            Assert.Equal(2, deliveries.Count);
            Assert.Null(deliveries[0].ProtectedSecret); // the old link stops working
            Assert.NotNull(deliveries[1].ProtectedSecret);
            Assert.Contains("Tautan baru", (await db.OutboxMessages.Where(m => m.Kind == "pokja-account").OrderBy(m => m.Id).LastAsync()).Subject);
        }

        Assert.True((await ConfirmAsync(h, person.Id)).Succeeded);
        var closed = await h.LoadAsync(id);
        var third = h.Engine();
        Assert.Equal(ErrorKind.InvalidState, (await h.PokjaModule(third).ReissueLinkAsync(id, person.Id, closed.Version, h.As(Roles.AdminAgency), None)).Error);
    }

    /// <summary>The database refuses the move's last save (the mails): nothing of it stays, and no other request is blamed.</summary>
    private sealed class FailingOutbox : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
            Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result,
            CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<AksesSpse.Core.Notifications.OutboxMessage>().Any(e => e.State == EntityState.Added && e.Entity.Kind == "pokja-account")
                ? throw new DbUpdateException("disk I/O error", new IOException("disk I/O error"))
                : ValueTask.FromResult(result);
    }

    [Fact]
    public async Task ADatabaseFailureMidMoveSavesNothingAndBlamesNoOtherRequest()
    {
        using var h = new EngineHarness();
        var id = await StartedAsync(h, EngineHarness.Member(1), EngineHarness.Member(2));
        var before = await h.LoadAsync(id);

        var failed = await ActAsync(h, id, engine: h.Engine(h.Database.NewContext(new FailingOutbox())));

        Assert.Equal(ErrorKind.Unavailable, failed.Error);
        Assert.Contains("gangguan pada basis data", failed.Message);
        Assert.DoesNotContain("permohonan lain", failed.Message);
        var after = await h.LoadAsync(id);
        Assert.Equal((2, before.Version), (after.CurrentStepNumber!.Value, after.Version));
        Assert.All(after.Persons, p => Assert.Equal(PersonOutcome.Pending, p.Outcome));
        await using var db = h.Query();
        Assert.Equal(1, await db.SpseAccounts.CountAsync()); // the harness's own
        Assert.Equal(0, await db.CredentialDeliveries.CountAsync());
        Assert.True((await ActAsync(h, id)).Succeeded); // and the same move goes through once the database is back
    }

    [Fact]
    public async Task AForgedOrUnknownConfirmationIsRefused()
    {
        using var h = new EngineHarness();
        Assert.Equal(ErrorKind.NotFound, (await ConfirmAsync(h, 4242)).Error);
    }
}
