using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Procedures;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Tests.Engine;

/// <summary>SOP 3 on the engine: what its module adds (persons, the register, the one-time account links) and how a new SOP version takes effect.</summary>
public sealed class StaffRegistrationTests
{
    private static async Task<OperationResult<int>> StartAsync(EngineHarness h, StartStaffRegistration form, Actor? actor = null)
    {
        var engine = h.Engine();
        return await h.StaffModule(engine).StartAsync(engine, form, actor ?? h.As(Roles.KepalaLpse), CancellationToken.None);
    }

    private static async Task<OperationResult<MoveResult>> MoveAsync(EngineHarness h, int id, Func<AccessRequest, StepMove, StepMove>? change = null, Actor? actor = null)
    {
        var request = await h.LoadAsync(id);
        var move = EngineHarness.PassingMove(request);
        return await h.Engine().MoveAsync(id, change is null ? move : change(request, move), actor ?? h.As(SopEngine.CurrentStep(request)!.ActorRole), CancellationToken.None);
    }

    [Fact]
    public async Task TheWholeRunMakesEachAccountSendsEachPersonALinkAndArchives()
    {
        using var h = new EngineHarness();
        var started = await StartAsync(h, EngineHarness.StaffForm(EngineHarness.Person(1), EngineHarness.Person(2, SpseRole.Verifikator)));
        Assert.True(started.Succeeded, started.Message);
        var id = started.Value;
        var request = await h.LoadAsync(id);
        Assert.StartsWith("RGS-2026-", request.Number);
        Assert.Equal(2, request.CurrentStepNumber);
        Assert.Equal(Roles.KepalaLpse, request.CurrentActorRole);

        Assert.True((await MoveAsync(h, id)).Succeeded); // step 2: order Admin PPE
        // The SOP names no output for the order: the log says what it was, not a bare "Selesai".
        Assert.StartsWith("Diperintahkan kepada", (await h.LoadAsync(id)).Steps.Single(s => s.StepNumber == 2).Outcome);
        var made = await MoveAsync(h, id);               // step 3: accounts made
        Assert.True(made.Succeeded, made.Message);
        Assert.Equal(["helpdesk.1", "helpdesk.2"], made.Value!.Secrets.Select(s => s.SpseUserId).Order());
        Assert.All(made.Value.Secrets, s => Assert.Equal(16, s.Password.Length));

        await using (var db = h.Query())
        {
            var accounts = await db.SpseAccounts.Where(a => a.SkNumber == "800/12/LPSE/2026").OrderBy(a => a.UserId).ToListAsync();
            Assert.Equal([SpseRole.Helpdesk, SpseRole.Verifikator], accounts.Select(a => a.Role));
            Assert.All(accounts, a => Assert.Equal(SpseAccountStatus.Active, a.Status));
            // The temporary passwords exist only encrypted.
            Assert.DoesNotContain(h.Database.AllTextValues(), v => made.Value.Secrets.Any(s => v.Value.Contains(s.Password, StringComparison.Ordinal)));
        }

        Assert.True((await MoveAsync(h, id)).Succeeded); // step 4: links sent
        await using (var db = h.Query())
        {
            var mails = await db.OutboxMessages.Where(m => m.Kind == "staff-account").OrderBy(m => m.To).ToListAsync();
            Assert.Equal(["personil1@contoh.go.id", "personil2@contoh.go.id"], mails.Select(m => m.To));
            Assert.All(mails, m => Assert.Contains("WAJIB mengganti password", m.Body));
            Assert.All(mails, m => Assert.True(m.RedactAfterSend));
            // The link's expiry in the office's time with its label, never UTC (docs/adr/0018).
            Assert.All(mails, m => Assert.Matches(@"berlaku sampai\s+\d{2}-\d{2}-\d{4} \d{2}:\d{2} WIB:", m.Body));
            Assert.All(mails, m => Assert.DoesNotContain("UTC", m.Body));
        }

        Assert.True((await MoveAsync(h, id)).Succeeded); // step 5: archive
        request = await h.LoadAsync(id);
        Assert.Equal(RequestStatus.Archived, request.Status);
        Assert.Equal(RequestOutcome.Completed, request.Outcome);
        Assert.All(request.Persons, p => Assert.Equal(PersonOutcome.Done, p.Outcome));
        await using var q = h.Query();
        var archive = await q.ArchiveRecords.SingleAsync(a => a.AccessRequestId == id);
        Assert.Contains("Personil 2: Personil 2", archive.Summary);
    }

    [Fact]
    public async Task ThePersonOpensTheLinkWithTheirNipOnceOnly()
    {
        using var h = new EngineHarness();
        var id = (await StartAsync(h, EngineHarness.StaffForm())).Value;
        await MoveAsync(h, id);
        var password = (await MoveAsync(h, id)).Value!.Secrets.Single().Password;
        Assert.True((await MoveAsync(h, id)).Succeeded); // step 4 issues the token; take it from the mail in the outbox

        string token;
        await using (var db = h.Query())
        {
            var body = (await db.OutboxMessages.SingleAsync(m => m.Kind == "staff-account")).Body;
            token = body[(body.IndexOf("token=", StringComparison.Ordinal) + 6)..].Split('\n', '\r', ' ')[0];
        }

        var context = h.Database.NewContext();
        var credentials = new AksesSpse.Core.Credentials.CredentialService(context, h.Protection, h.Time,
            new AksesSpse.Core.Offices.OfficeCalendar(context, h.Time, h.ZoneCache), h.AppOptions);
        // The applicant route (the signed-in requester, here Kepala LPSE) never opens a person's link.
        var applicantRoute = await credentials.RevealAsync(token, EngineHarness.UserIdOf(Roles.KepalaLpse), CancellationToken.None);
        Assert.Equal(ErrorKind.Forbidden, applicantRoute.Error);
        var wrong = await credentials.RevealToPersonAsync(token, "199001012015011001", CancellationToken.None);
        Assert.Equal(ErrorKind.Validation, wrong.Error);
        var right = await credentials.RevealToPersonAsync(token, "19850312 201001 2 001", CancellationToken.None);
        Assert.True(right.Succeeded, right.Message);
        Assert.Equal(password, right.Value!.Password);
        var again = await credentials.RevealToPersonAsync(token, "198503122010012001", CancellationToken.None);
        Assert.Equal(ErrorKind.InvalidState, again.Error);
        Assert.Contains("sudah dibuka", again.Message);
    }

    private static async Task<string> PersonTokenAsync(EngineHarness h)
    {
        var id = (await StartAsync(h, EngineHarness.StaffForm())).Value;
        await MoveAsync(h, id);
        await MoveAsync(h, id);
        await MoveAsync(h, id);
        await using var db = h.Query();
        var body = (await db.OutboxMessages.SingleAsync(m => m.Kind == "staff-account")).Body;
        return body[(body.IndexOf("token=", StringComparison.Ordinal) + 6)..].Split('\n', '\r', ' ')[0];
    }

    [Fact]
    public async Task FiveWrongNipsEraseThePasswordForGood()
    {
        using var h = new EngineHarness();
        var token = await PersonTokenAsync(h);
        var context = h.Database.NewContext();
        var credentials = new AksesSpse.Core.Credentials.CredentialService(context, h.Protection, h.Time,
            new AksesSpse.Core.Offices.OfficeCalendar(context, h.Time, h.ZoneCache), h.AppOptions);
        for (var i = 1; i < AksesSpse.Core.Credentials.CredentialService.MaxNipAttempts; i++)
        {
            var wrong = await credentials.RevealToPersonAsync(token, "", CancellationToken.None);
            Assert.Equal(ErrorKind.Validation, wrong.Error);
        }

        var last = await credentials.RevealToPersonAsync(token, "199001012015011001", CancellationToken.None);
        Assert.Contains("diblokir", last.Message);
        var right = await credentials.RevealToPersonAsync(token, "198503122010012001", CancellationToken.None);
        Assert.Equal(ErrorKind.InvalidState, right.Error);
        await using var db = h.Query();
        Assert.Null((await db.CredentialDeliveries.SingleAsync()).ProtectedSecret);
    }

    [Fact]
    public async Task AnExpiredUnopenedLinksPasswordIsErasedByTheHousekeepingAndAPendingOneIsKept()
    {
        using var h = new EngineHarness();
        await PersonTokenAsync(h);
        var credentials = new AksesSpse.Core.Credentials.CredentialService(h.Database.NewContext(), h.Protection, h.Time,
            new AksesSpse.Core.Offices.OfficeCalendar(h.Database.NewContext(), h.Time, h.ZoneCache), h.AppOptions);
        var pending = credentials.Prepare((await h.Query().AccessRequests.SingleAsync()).Id, null, "belum.dikirim", "x@contoh.go.id", "Secret#Pass2345x");
        await using (var db = h.Query())
        {
            db.CredentialDeliveries.Add(pending);
            await db.SaveChangesAsync();
        }

        Assert.Equal(0, await credentials.PurgeExpiredAsync(CancellationToken.None)); // the sent link is still valid

        h.Time.Advance(TimeSpan.FromHours(h.AppOptions.Value.CredentialLinkHours) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await credentials.PurgeExpiredAsync(CancellationToken.None));

        await using var q = h.Query();
        var rows = await q.CredentialDeliveries.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        Assert.Null(rows[0].ProtectedSecret); // sent, expired, never opened: erased
        Assert.NotNull(rows[1].ProtectedSecret); // prepared but not yet sent: left for its request
        Assert.Equal(0, await credentials.PurgeExpiredAsync(CancellationToken.None));
    }

    private static async Task<OperationResult<IssuedSecret>> ReissueAsync(EngineHarness h, int id, Actor actor, int? version = null)
    {
        var request = await h.LoadAsync(id);
        return await h.StaffModule(h.Engine()).ReissueLinkAsync(id, request.Persons.Single().Id, version ?? request.Version, actor, CancellationToken.None);
    }

    private static string TokenOf(string body) => body[(body.IndexOf("token=", StringComparison.Ordinal) + 6)..].Split('\n', '\r', ' ')[0];

    [Fact]
    public async Task AdminPpeReissuesALostLinkTheOldOneStopsAndTheNewOneOpensWithTheNewPassword()
    {
        using var h = new EngineHarness();
        var oldToken = await PersonTokenAsync(h);
        var id = (await h.Query().AccessRequests.SingleAsync()).Id;

        // Only the role that makes the accounts in this SOP version, in the request's office; never on a stale page.
        Assert.Equal(ErrorKind.Forbidden, (await ReissueAsync(h, id, h.As(Roles.KepalaLpse))).Error);
        Assert.Equal(ErrorKind.Forbidden, (await ReissueAsync(h, id, h.As(Roles.AdminPpe, h.OtherOffice.Id))).Error);
        Assert.Equal(ErrorKind.Conflict, (await ReissueAsync(h, id, h.As(Roles.AdminPpe), version: 0)).Error);

        var reissued = await ReissueAsync(h, id, h.As(Roles.AdminPpe));
        Assert.True(reissued.Succeeded, reissued.Message);
        Assert.Equal(16, reissued.Value!.Password.Length);

        var credentials = new AksesSpse.Core.Credentials.CredentialService(h.Database.NewContext(), h.Protection, h.Time,
            new AksesSpse.Core.Offices.OfficeCalendar(h.Database.NewContext(), h.Time, h.ZoneCache), h.AppOptions);
        var old = await credentials.RevealToPersonAsync(oldToken, "198503122010012001", CancellationToken.None);
        Assert.False(old.Succeeded); // the lost link no longer works

        string newToken;
        await using (var db = h.Query())
        {
            var mails = await db.OutboxMessages.Where(m => m.Kind == "staff-account").OrderBy(m => m.Id).ToListAsync();
            Assert.Equal(2, mails.Count);
            Assert.Contains("Tautan baru", mails[1].Subject);
            Assert.Contains("tidak berlaku lagi", mails[1].Body);
            Assert.True(mails[1].RedactAfterSend);
            newToken = TokenOf(mails[1].Body);
            var history = await db.SpseAccountHistory.Where(x => x.AccessRequestId == id).OrderBy(x => x.Id).ToListAsync();
            Assert.Equal(SpseAccountChange.PasswordReset, history[^1].Change);
            Assert.Equal(EngineHarness.UserIdOf(Roles.AdminPpe), history[^1].ChangedByUserId);
            Assert.DoesNotContain(h.Database.AllTextValues(), v => v.Value.Contains(reissued.Value.Password, StringComparison.Ordinal));
        }

        var opened = await credentials.RevealToPersonAsync(newToken, "198503122010012001", CancellationToken.None);
        Assert.True(opened.Succeeded, opened.Message);
        Assert.Equal(reissued.Value.Password, opened.Value!.Password);

        // Once the person opened it, it is theirs: no further reissue (a lost password goes through the reset procedure).
        var again = await ReissueAsync(h, id, h.As(Roles.AdminPpe));
        Assert.Equal(ErrorKind.InvalidState, again.Error);
        Assert.Contains("sudah membuka", again.Message);
    }

    [Fact]
    public async Task ALinkIsReissuedOnlyAfterItWasFirstSent()
    {
        using var h = new EngineHarness();
        var id = (await StartAsync(h, EngineHarness.StaffForm())).Value;
        await MoveAsync(h, id);
        await MoveAsync(h, id); // accounts made, links not yet sent (step 4 open)

        var early = await ReissueAsync(h, id, h.As(Roles.AdminPpe));

        Assert.Equal(ErrorKind.InvalidState, early.Error);
        Assert.Contains("langkah 4", early.Message);
    }

    [Fact]
    public async Task AGroupedNipIsStoredAsDigitsAndAnEmptyOrBadFieldIsRefused()
    {
        using var h = new EngineHarness();
        var grouped = await StartAsync(h, EngineHarness.StaffForm(EngineHarness.Person(1) with { Nip = "19850312 201001 2 001" }));
        Assert.True(grouped.Succeeded, grouped.Message);
        Assert.Equal("198503122010012001", (await h.LoadAsync(grouped.Value)).Persons.Single().Nip);

        var empty = await StartAsync(h, EngineHarness.StaffForm(EngineHarness.Person(2) with { Nip = "", Email = "bukan-email", UserId = "a b" }));
        Assert.Equal(ErrorKind.Validation, empty.Error);
        Assert.Contains("NIP", empty.Message);
        Assert.Contains("email tidak sah", empty.Message);
        Assert.Contains("user ID", empty.Message);
        Assert.Equal(ErrorKind.Validation, (await StartAsync(h, EngineHarness.StaffForm() with { SkNumber = " " })).Error);
    }

    [Fact]
    public async Task WhenNoAccountIsMadeTheRequestEndsRejectedWithoutDeliveringAnything()
    {
        using var h = new EngineHarness();
        var id = (await StartAsync(h, EngineHarness.StaffForm())).Value;
        await MoveAsync(h, id);
        var none = await MoveAsync(h, id, (_, m) => m with { Persons = m.Persons.Select(d => d with { Done = false, Note = "Belum dilantik" }).ToList() });
        Assert.True(none.Succeeded, none.Message);
        var request = await h.LoadAsync(id);
        Assert.Equal(5, request.CurrentStepNumber); // straight to the archive: no delivery step for a rejected request
        Assert.Equal(RequestOutcome.Rejected, request.Outcome);
        Assert.Contains("Belum dilantik", request.RejectionReason);
    }

    [Fact]
    public async Task AnUndefinedAnswerOrADocumentTheStepDoesNotTakeIsRefused()
    {
        using var h = new EngineHarness();
        var id = (await StartAsync(h, EngineHarness.StaffForm())).Value;
        var atStep3 = await h.DriveToStepAsync(id, 3);
        var odd = await h.Engine().MoveAsync(id, EngineHarness.PassingMove(atStep3) with { Answer = (StepAnswer)99 }, h.As(Roles.AdminPpe), CancellationToken.None);
        Assert.Equal(ErrorKind.Validation, odd.Error);
        var upload = await h.Engine().MoveAsync(id, EngineHarness.PassingMove(atStep3) with { Files = [new IncomingFile("SK_PEMBUATAN_AKUN", "sk.pdf", TestFiles.Pdf())] },
            h.As(Roles.AdminPpe), CancellationToken.None);
        Assert.Equal(ErrorKind.Validation, upload.Error);
        Assert.Equal(3, (await h.LoadAsync(id)).CurrentStepNumber);
    }

    [Fact]
    public void AnIssuedSecretNeverPrintsItsPassword() =>
        Assert.DoesNotContain("Rahasia#123", new IssuedSecret("Rina", "rina.hd", "Rahasia#123").ToString() + new MoveResult([new("Rina", "rina.hd", "Rahasia#123")]));

    [Fact]
    public async Task APersonWhoAlreadyHoldsThatRolesAccountOrATakenUserIdIsRefusedAtTheStart()
    {
        using var h = new EngineHarness();
        await using (var db = h.Query())
        {
            db.SpseAccounts.Add(Holding(new SpseAccountBuilder().InOffice(h.Office.Id).Build(), EngineHarness.Person(1)));
            await db.SaveChangesAsync();
        }

        var held = await StartAsync(h, EngineHarness.StaffForm(EngineHarness.Person(1)));
        Assert.Equal(ErrorKind.Validation, held.Error);
        Assert.Contains("sudah memegang akun Helpdesk yang aktif", held.Message);

        var taken = await StartAsync(h, EngineHarness.StaffForm(EngineHarness.Person(3) with { UserId = "lama.helpdesk" }));
        Assert.Contains("User ID lama.helpdesk sudah dipakai", taken.Message);

        var twice = await StartAsync(h, EngineHarness.StaffForm(EngineHarness.Person(3), EngineHarness.Person(3) with { UserId = "lain" }));
        Assert.Contains("tercantum lebih dari sekali", twice.Message);

        var pokja = await StartAsync(h, EngineHarness.StaffForm(EngineHarness.Person(4, SpseRole.Pokja)));
        Assert.Contains("tidak dibuat melalui SOP ini", pokja.Message);
        await using var q = h.Query();
        Assert.Equal(0, await q.AccessRequests.CountAsync());
    }

    private static SpseAccount Holding(SpseAccount account, StaffPerson person)
    {
        account.UserId = "lama.helpdesk";
        account.HolderNip = person.Nip;
        account.Role = person.Role;
        return account;
    }

    [Fact]
    public async Task AnSkDatedInTheFutureOrWithoutItsFileIsRefused()
    {
        using var h = new EngineHarness();
        var future = await StartAsync(h, EngineHarness.StaffForm() with { SkDate = DateOnly.FromDateTime(h.Time.GetUtcNow().UtcDateTime).AddDays(2) });
        Assert.Equal(ErrorKind.Validation, future.Error);
        Assert.Contains("belum tiba", future.Message);

        var noFile = await StartAsync(h, EngineHarness.StaffForm() with { Files = [] });
        Assert.Equal(ErrorKind.Validation, noFile.Error);
        Assert.Contains("SK Pembuatan Akun", noFile.Message);

        var disguised = await StartAsync(h, EngineHarness.StaffForm() with { Files = [new IncomingFile("SK_PEMBUATAN_AKUN", "sk.pdf", TestFiles.Exe())] });
        Assert.Equal(ErrorKind.Validation, disguised.Error);
    }

    [Fact]
    public async Task OnlyKepalaLpseMayStartAndADoubleSubmissionMakesOneRequest()
    {
        using var h = new EngineHarness();
        foreach (var role in Roles.All.Where(r => r != Roles.KepalaLpse))
        {
            Assert.Equal(ErrorKind.Forbidden, (await StartAsync(h, EngineHarness.StaffForm(), h.As(role))).Error);
        }

        var form = EngineHarness.StaffForm();
        var first = await StartAsync(h, form);
        var second = await StartAsync(h, form);
        Assert.Equal(first.Value, second.Value);
    }

    [Fact]
    public async Task APersonNotMadeNeedsAReasonAndGetsNoAccountOrLink()
    {
        using var h = new EngineHarness();
        var id = (await StartAsync(h, EngineHarness.StaffForm(EngineHarness.Person(1), EngineHarness.Person(2)))).Value;
        await MoveAsync(h, id);
        var request = await h.LoadAsync(id);
        var second = request.Persons.Single(p => p.Order == 2);

        var noReason = await MoveAsync(h, id, (_, m) => m with { Persons = m.Persons.Select(d => d.PersonId == second.Id ? d with { Done = false } : d).ToList() });
        Assert.Equal(ErrorKind.Validation, noReason.Error);
        Assert.Contains("alasan", noReason.Message);

        var made = await MoveAsync(h, id, (_, m) => m with
        {
            Persons = m.Persons.Select(d => d.PersonId == second.Id ? d with { Done = false, Note = "Belum lulus pelatihan" } : d with { UserId = "hd.satu" }).ToList(),
        });
        Assert.True(made.Succeeded, made.Message);
        Assert.Equal("hd.satu", made.Value!.Secrets.Single().SpseUserId);
        await MoveAsync(h, id);
        request = await h.LoadAsync(id);
        Assert.Equal(PersonOutcome.NotDone, request.Persons.Single(p => p.Order == 2).Outcome);
        Assert.Null(request.Persons.Single(p => p.Order == 2).DeliveredAt);
        await using var db = h.Query();
        Assert.Equal(["personil1@contoh.go.id"], await db.OutboxMessages.Where(m => m.Kind == "staff-account").Select(m => m.To).ToListAsync());
    }

    [Fact]
    public async Task ANewSopVersionChangesWhoActsTheDeadlineAndTheChecklistForRequestsStartedUnderIt()
    {
        using var h = new EngineHarness();
        var underV1 = (await StartAsync(h, EngineHarness.StaffForm(EngineHarness.Person(1)))).Value;

        // The office publishes version 2 through the SOP editor's service: step 3 is now done by Admin Agency within 30 minutes,
        // with one more item to check.
        int v1Id;
        await using (var db = h.Query())
        {
            v1Id = await db.SopDefinitions.Where(s => s.OfficeId == h.Office.Id && s.Kind == SopKind.StaffRegistration).Select(s => s.Id).SingleAsync();
        }

        SopDrafts Drafts()
        {
            var context = h.Database.NewContext();
            return new SopDrafts(context, new SopCatalog(context), h.Time, [h.StaffModule(h.Engine())],
                Microsoft.Extensions.Logging.Abstractions.NullLogger<SopDrafts>.Instance);
        }

        Assert.Equal(ErrorKind.Forbidden, (await Drafts().StartAsync(v1Id, h.As(Roles.AdminPpe), CancellationToken.None)).Error);
        var head = h.As(Roles.KepalaLpse);
        var opened = await Drafts().StartAsync(v1Id, head, CancellationToken.None);
        Assert.True(opened.Succeeded, opened.Message);
        Assert.Equal(opened.Value, (await Drafts().StartAsync(v1Id, head, CancellationToken.None)).Value); // one draft per SOP
        SopDefinition draft;
        await using (var db = h.Query())
        {
            draft = (await new SopCatalog(db).GetAsync(h.Office.Id, opened.Value, CancellationToken.None))!;
        }

        var step3 = draft.Steps.Single(s => s.Number == 3);
        step3.ActorRole = Roles.AdminAgency;
        step3.ActorLabel = "";
        step3.StandardKind = TimeStandardKind.Minutes;
        step3.StandardValue = 30;
        step3.Requirements.Add(new SopStepRequirement { Kind = RequirementKind.Check, Label = "Email personil aktif" });
        var saved = await Drafts().SaveAsync(draft.Id, draft, draft.DraftStamp, head, CancellationToken.None);
        Assert.True(saved.Succeeded, saved.Message);
        Assert.Equal(ErrorKind.Conflict, (await Drafts().SaveAsync(draft.Id, draft, draft.DraftStamp, head, CancellationToken.None)).Error); // a stale stamp
        var published = await Drafts().PublishAsync(draft.Id, saved.Value, "Admin PPE dirangkap Admin Agency", head, CancellationToken.None);
        Assert.True(published.Succeeded, published.Message);
        Assert.Equal(ErrorKind.Conflict, (await Drafts().PublishAsync(draft.Id, saved.Value, null, head, CancellationToken.None)).Error); // published already

        var underV2 = (await StartAsync(h, EngineHarness.StaffForm(EngineHarness.Person(2)))).Value;
        await h.DriveToStepAsync(underV1, 3);
        var v2Request = await h.DriveToStepAsync(underV2, 3);

        // v1 still goes to Admin PPE with 60 minutes; v2 to Admin Agency with 30 and the new check.
        var v1Request = await h.LoadAsync(underV1);
        Assert.Equal(Roles.AdminPpe, v1Request.CurrentActorRole);
        Assert.Equal(TimeSpan.FromMinutes(60), v1Request.CurrentStepDueAt - v1Request.CurrentStepSince);
        Assert.Equal(Roles.AdminAgency, v2Request.CurrentActorRole);
        Assert.Equal(TimeSpan.FromMinutes(30), v2Request.CurrentStepDueAt - v2Request.CurrentStepSince);

        Assert.Equal(ErrorKind.Forbidden, (await MoveAsync(h, underV2, actor: h.As(Roles.AdminPpe))).Error);
        var unticked = await MoveAsync(h, underV2, (_, m) => m with { CheckedItems = m.CheckedItems.Where(c => c != "CEK_3_3").ToList() });
        Assert.Contains("Email personil aktif", unticked.Message);
        Assert.True((await MoveAsync(h, underV2)).Succeeded);
        Assert.True((await MoveAsync(h, underV1)).Succeeded);
    }

    [Fact]
    public async Task TwoAdminPpeAtOnceOneWinsAndTheOtherIsToldNothingWasSaved()
    {
        using var h = new EngineHarness();
        var id = (await StartAsync(h, EngineHarness.StaffForm())).Value;
        var atStep3 = await h.DriveToStepAsync(id, 3);

        var first = await h.Engine().MoveAsync(id, EngineHarness.PassingMove(atStep3), h.As(Roles.AdminPpe), CancellationToken.None);
        var second = await h.Engine().MoveAsync(id, EngineHarness.PassingMove(atStep3), h.As(Roles.AdminPpe), CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.Equal(ErrorKind.Conflict, second.Error);
        await using var db = h.Query();
        Assert.Equal(1, await db.SpseAccounts.CountAsync(a => a.UserId == "helpdesk.1"));
        Assert.Equal(1, await db.CredentialDeliveries.CountAsync());
    }
}
