using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Validation;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Procedures;

public sealed record StartPokjaAccounts(Guid SubmissionKey, string PokjaName, string SkNumber, DateOnly SkDate, string AssignmentLetterNumber,
    string? Note, IReadOnlyList<PokjaMember> Members, IReadOnlyList<IncomingFile> Files);

/// <summary>
/// SOP 1, "Permintaan User ID/Password Anggota Pokja", on the engine, in each office's variant (Badung, Batang): the head of the
/// procurement unit asks for accounts for every member of a Pokja in one request (step 1, with a copy to LPSE / Kepala LPSE);
/// Admin Agency makes each member's account — or keeps the one they hold, or refuses them with a reason — and sends each
/// their own one-time link (step 2, copy to Kepala LPSE); each member confirms receipt (step 3), by their link or as staff record
/// it, and the request closes and is archived once every member is settled.
/// </summary>
public sealed class PokjaAccountsModule(AppDbContext db, CredentialService credentials, Notifier notifier, OfficeCalendar calendar,
    IStepClock clock, RequestLinks links) : IProcedureModule, IReissuesPersonLinks
{
    /// <summary>A whole procurement unit's yearly intake fits; a larger list is split into several requests.</summary>
    public const int MaxMembers = 500;

    /// <summary>The outbox kind of a copy (tembusan): listed on the request page.</summary>
    public const string CopyKind = "tembusan";

    /// <summary>At most this many problems are listed at once (a 200-row list with one fault per row stays readable).</summary>
    private const int MaxListed = 20;

    public SopKind Kind => SopKind.PokjaAccountRequest;

    public string NumberPrefix => "PKJ";

    // ---- step 1 ----

    /// <summary>Step 1 by the head of the procurement unit: the Pokja, its SK and letter, and its members, checked before anything is saved.</summary>
    public Task<OperationResult<int>> StartAsync(SopEngine engine, StartPokjaAccounts command, Actor actor, CancellationToken ct) =>
        engine.StartAsync(Kind, actor, command.SubmissionKey, command.Files, [], command.Note, async (request, _) =>
        {
            var today = await calendar.TodayAsync(actor.OfficeId, ct);
            if (command.Members.Count is 0 or > MaxMembers)
            {
                return OperationResult.Fail(ErrorKind.Validation, $"Isi 1 sampai {MaxMembers} anggota Pokja dalam satu permohonan.");
            }

            var problems = Invalid(command, today);
            var members = command.Members.Select(m => m with { Nip = NipValidator.Normalize(m.Nip) ?? m.Nip, Email = m.Email.Trim() }).ToList();
            if (problems.Count == 0)
            {
                problems.AddRange(await ConflictsAsync(actor.OfficeId, members, ct));
            }

            if (problems.Count > 0)
            {
                return OperationResult.Fail(ErrorKind.Validation, Listed(problems));
            }

            var nips = members.Select(m => m.Nip).ToList();
            var held = await db.SpseAccounts.AsNoTracking()
                .Where(a => a.OfficeId == actor.OfficeId && nips.Contains(a.HolderNip) && a.Role == SpseRole.Pokja && a.Status == SpseAccountStatus.Active)
                .Select(a => new { a.Id, a.HolderNip }).ToListAsync(ct);
            request.Type = RequestType.PokjaAccounts;
            request.PokjaName = command.PokjaName.Trim();
            request.SkNumber = command.SkNumber.Trim();
            request.SkDate = command.SkDate;
            request.AssignmentLetterNumber = command.AssignmentLetterNumber.Trim();
            request.Reason = command.Note?.Trim() ?? "";
            request.SpseUserId = "";
            request.Persons.AddRange(members.Select((m, i) => new RequestPerson
            {
                Order = i + 1,
                FullName = m.FullName.Trim(),
                Nip = m.Nip,
                Email = m.Email,
                Phone = m.Phone.Trim(),
                Position = m.Position.Trim(),
                RankGrade = m.RankGrade.Trim(),
                Agency = m.Agency.Trim(),
                Role = SpseRole.Pokja,
                UserId = m.Nip, // SPSE's usual user ID for a Pokja member; Admin Agency may change it at step 2
                HeldAccountId = held.FirstOrDefault(h => h.HolderNip == m.Nip)?.Id,
            }));
            return OperationResult.Ok();
        }, ct);

    /// <summary>The request goes to every Admin Agency of the office, and its copy to whom step 1 names.</summary>
    public async Task StartedAsync(AccessRequest request, Actor actor, DateTime now, string timeZone, List<string> stored, CancellationToken ct)
    {
        var sop = request.Sop!;
        var submit = sop.Steps.OrderBy(s => s.Number).First();
        var maker = sop.Steps.FirstOrDefault(s => s.Kind == StepKind.AccountAction);
        var by = $"{submit.ActorLabel} ({request.ApplicantName})";
        var emailed = submit.Output.Contains("email", StringComparison.OrdinalIgnoreCase) ? " (dikirim melalui email)" : "";
        var body = $"""
            {by} mengajukan permohonan user ID dan password SPSE untuk {request.Persons.Count} anggota {request.PokjaName}{emailed}.

            Nomor permohonan: {request.Number}
            SOP: {sop.Title}{(sop.Number.Length > 0 ? $" (Nomor {sop.Number})" : "")}
            SK penetapan anggota Pokja: {request.SkNumber}, tanggal {request.SkDate:dd-MM-yyyy}
            Surat penugasan: {request.AssignmentLetterNumber}

            {MemberList(request)}

            Lihat dan kerjakan permohonan ini di: {notifier.RequestLink(request)}
            """;
        foreach (var officer in await UsersInRoleAsync(request.OfficeId, maker?.ActorRole ?? Roles.AdminAgency, ct))
        {
            notifier.Queue(request, "pokja-request", officer.Email, $"[{request.Number}] Permohonan user ID/password anggota {request.PokjaName}", body);
            notifier.Tell(officer.Id, request, $"Permohonan {request.Number}: {request.Persons.Count} anggota {request.PokjaName} menunggu dibuatkan akun.");
        }

        await SendCopiesAsync(request, submit, $"Permohonan user ID/password anggota {request.PokjaName}", body, ct);
    }

    public IEnumerable<string> Facts(AccessRequest request) =>
        PageFacts(request).Concat(request.Persons.OrderBy(p => p.Order).Select(p =>
            $"Anggota {p.Order}: {p.FullName} (NIP {p.Nip}), {p.Position}, {p.Agency}, {p.Email} — {StatusText(p)}"));

    /// <summary>The request's own facts without one line per member: the page shows the members in their table.</summary>
    public IEnumerable<string> PageFacts(AccessRequest request) =>
    [
        $"Pokja: {request.PokjaName}",
        $"SK penetapan anggota Pokja: {request.SkNumber} tanggal {request.SkDate:dd-MM-yyyy}",
        $"Surat penugasan: {request.AssignmentLetterNumber}",
        $"Diajukan oleh: {request.ApplicantName}",
        Progress(request.Persons, DateTime.MinValue),
    ];

    // ---- step 2 ----

    /// <summary>
    /// Step 2: for each member, the account made in SPSE and the register (user ID editable), the account they hold kept, or
    /// a refusal with its reason; each new account's one-time link sent to its member at once (the SOP's step 2 both gives and
    /// sends), and one copy listing every delivery to whom the step names. All of it in the engine's one transaction.
    /// </summary>
    public async Task<OperationResult> ActOnAccountsAsync(StepContext ctx, CancellationToken ct)
    {
        var request = ctx.Request;
        var pending = request.Persons.Where(p => p.Outcome == PersonOutcome.Pending).OrderBy(p => p.Order).ToList();
        var decisions = ctx.Move.Persons.GroupBy(d => d.PersonId).ToDictionary(g => g.Key, g => g.Last());
        // Who holds an active Pokja account now (it may have changed since the request was made): they keep it or are refused.
        var nips = pending.Select(p => p.Nip).ToList();
        var active = (await db.SpseAccounts.AsNoTracking()
            .Where(a => a.OfficeId == request.OfficeId && nips.Contains(a.HolderNip) && a.Role == SpseRole.Pokja && a.Status == SpseAccountStatus.Active)
            .Select(a => new { a.Id, a.HolderNip }).ToListAsync(ct)).GroupBy(a => a.HolderNip).ToDictionary(g => g.Key, g => g.Min(a => a.Id));
        foreach (var person in pending)
        {
            person.HeldAccountId = active.TryGetValue(person.Nip, out var held) ? held : null;
        }

        var problems = new List<string>();
        foreach (var person in pending)
        {
            if (!decisions.TryGetValue(person.Id, out var decision))
            {
                problems.Add($"Tentukan hasil untuk {person.FullName}: buat akun, pakai akun yang ada, atau tolak.");
            }
            else if (!decision.Done && string.IsNullOrWhiteSpace(decision.Note))
            {
                problems.Add($"Tuliskan alasan {person.FullName} tidak dibuatkan akun.");
            }
            else if (!decision.Done && decision.Note!.Trim().Length > 500)
            {
                problems.Add($"Alasan untuk {person.FullName} paling panjang 500 karakter.");
            }
            else if (decision is { Done: true, Reuse: true } && person.HeldAccountId is null)
            {
                problems.Add($"{person.FullName} tidak memegang akun Pokja yang aktif; pilih \"Buat akun\" atau \"Tolak\".");
            }
            else if (decision is { Done: true, Reuse: false } && person.HeldAccountId is not null)
            {
                problems.Add($"{person.FullName} sudah memegang akun Pokja yang aktif; pilih \"Pakai akun yang ada\" atau \"Tolak\" dengan alasannya.");
            }
            else if (decision is { Done: true, Reuse: false } && decision.UserId is { } typed && !ValidUserId(typed))
            {
                problems.Add($"User ID untuk {person.FullName}: 3–100 karakter, hanya huruf, angka, titik, garis bawah atau tanda hubung.");
            }
        }

        if (problems.Count > 0)
        {
            return OperationResult.Fail(ErrorKind.Validation, Listed(problems));
        }

        var made = pending.Where(p => decisions[p.Id] is { Done: true, Reuse: false }).ToList();
        var reused = pending.Where(p => decisions[p.Id] is { Done: true, Reuse: true }).ToList();
        foreach (var person in made.Where(p => !string.IsNullOrWhiteSpace(decisions[p.Id].UserId)))
        {
            person.UserId = decisions[person.Id].UserId!.Trim();
        }

        problems.AddRange(await MakingConflictsAsync(request, made, ct));
        if (problems.Count > 0)
        {
            return OperationResult.Fail(ErrorKind.Validation,
                Listed(problems) + " Ubah user ID-nya, atau tolak anggota tersebut dengan alasannya.");
        }

        var zone = calendar.ForZone(ctx.TimeZone);
        var confirm = SopEngine.NextStep(request.Sop!, ctx.Definition, StepAnswer.Done);
        var due = confirm is null ? null : clock.DueAt(ctx.Now, confirm.Standard, ctx.Calendar);
        var accounts = made.Select(p => (Person: p, Account: new SpseAccount
        {
            OfficeId = request.OfficeId, UserId = p.UserId, HolderName = p.FullName, HolderNip = p.Nip, HolderEmail = p.Email,
            HolderPhone = p.Phone, Agency = p.Agency ?? "", Role = SpseRole.Pokja, SkNumber = request.SkNumber ?? "", SkDate = request.SkDate,
            ValidFrom = request.SkDate, Status = SpseAccountStatus.Active, CreatedAt = ctx.Now, UpdatedAt = ctx.Now,
        })).ToList();
        db.SpseAccounts.AddRange(accounts.Select(a => a.Account));
        await db.SaveChangesAsync(ct); // inside the engine's transaction: the accounts need their ids

        foreach (var (person, account) in accounts)
        {
            db.SpseAccountHistory.Add(new SpseAccountHistory
            {
                SpseAccountId = account.Id, Change = SpseAccountChange.Registered, ChangedAt = ctx.Now, ChangedByUserId = ctx.Actor.UserId,
                ChangedByName = ctx.Actor.Name, AccessRequestId = request.Id,
                Detail = $"Akun Pokja dibuat sesuai SK {request.SkNumber} ({request.PokjaName}); password sementara wajib diganti saat login pertama.",
            });
            var password = CredentialService.GeneratePassword();
            var delivery = credentials.Prepare(request.Id, account.Id, account.UserId, person.Email, password);
            delivery.RequestPersonId = person.Id;
            ctx.Secrets.Add(new IssuedSecret(person.FullName, account.UserId, password));
            person.SpseAccountId = account.Id;
            person.Outcome = PersonOutcome.Done;
            person.OutcomeAt = ctx.Now;
            person.DeliveredAt = ctx.Now;
            person.ConfirmationDueAt = due;
            SendLink(request, person, delivery, zone, ctx.Definition.ActorLabel, reissued: false);
        }

        await KeepHeldAccountsAsync(ctx, reused, ct);
        foreach (var person in pending.Where(p => !decisions[p.Id].Done))
        {
            person.Outcome = PersonOutcome.NotDone;
            person.OutcomeNote = decisions[person.Id].Note!.Trim();
            person.OutcomeAt = ctx.Now;
        }

        if (made.Count + reused.Count == 0)
        {
            // Nobody gets an account: the request ends rejected, with each member's reason on record.
            request.Outcome = RequestOutcome.Rejected;
            request.RejectionReason = Shorten("Tidak ada akun yang dibuat: " + string.Join("; ", pending.Select(p => $"{p.FullName} — {p.OutcomeNote}")), 2000);
        }

        ctx.Outcome = Shorten($"{ctx.Definition.Output}: akun dibuat dan tautannya dikirim untuk {made.Count} dari {pending.Count} anggota" +
                              (reused.Count > 0 ? $", {reused.Count} memakai akun yang sudah ada" : "") +
                              (pending.Count - made.Count - reused.Count is > 0 and var refused ? $", {refused} ditolak" : ""), 2000);
        notifier.Tell(request.ApplicantUserId, request, Shorten($"Permohonan {request.Number}: {ctx.Outcome}.", 1000));
        await SendCopiesAsync(request, ctx.Definition, $"Pemberian user ID dan password anggota {request.PokjaName}",
            $"""
            {ctx.Definition.ActorLabel} ({ctx.Actor.Name}) telah memproses permohonan {request.Number} pada {zone.Format(ctx.Now)}.
            Setiap anggota menerima user ID dan tautan password sementaranya sendiri melalui email. Tembusan ini tidak memuat password
            maupun tautan.

            {DeliveryList(request, zone)}

            Lihat permohonan: {notifier.RequestLink(request)}
            """, ct);
        return OperationResult.Ok();
    }

    /// <summary>SOP 1 delivers with its account step; a Notify step in an office's own version has nothing left to send.</summary>
    public Task<OperationResult> DeliverAsync(StepContext ctx, CancellationToken ct)
    {
        ctx.Outcome = "User ID dan tautan password sementara sudah dikirim kepada setiap anggota pada langkah pemberian akun";
        return Task.FromResult(OperationResult.Ok());
    }

    /// <summary>The per-member confirm step closes by itself when the last member is settled: nobody completes it for them.</summary>
    public Task<OperationResult> CheckStepAsync(StepContext ctx, CancellationToken ct)
    {
        if (SopEngine.ConfirmsPerPerson(ctx.Request, ctx.Definition) && ctx.Request.Persons.Where(p => !p.IsSettled).ToList() is { Count: > 0 } waiting)
        {
            return Task.FromResult(OperationResult.Fail(ErrorKind.InvalidState,
                $"Langkah {ctx.Definition.Number} selesai dengan sendirinya setelah setiap anggota mengonfirmasi penerimaan. Masih menunggu " +
                $"{waiting.Count} anggota: {Shorten(string.Join(", ", waiting.Select(p => p.FullName)), 300).TrimEnd('.')}. Anggota mengonfirmasi melalui " +
                "tautan di email mereka, atau Admin Agency mencatat konfirmasi yang diberikan lewat telepon atau datang langsung."));
        }

        return Task.FromResult(OperationResult.Ok());
    }

    /// <summary>When the last member is settled, Kepala LPSE gets a copy of the confirmations if the confirm step names it.</summary>
    public async Task StepDoneAsync(StepContext ctx, CancellationToken ct)
    {
        if (SopEngine.ConfirmsPerPerson(ctx.Request, ctx.Definition) && SopCopy.Parse(ctx.Definition.CopyTo).Count > 0)
        {
            var zone = calendar.ForZone(ctx.TimeZone);
            await SendCopiesAsync(ctx.Request, ctx.Definition, $"Penerimaan user ID dan password anggota {ctx.Request.PokjaName}",
                $"""
                Setiap anggota pada permohonan {ctx.Request.Number} sudah tuntas; permohonan selesai dan diarsipkan.

                {DeliveryList(ctx.Request, zone)}

                Lihat permohonan: {notifier.RequestLink(ctx.Request)}
                """, ct);
        }
    }

    // ---- step 3, per member ----

    /// <summary>The member confirms, through the link in their own email, that they received their user ID and password.</summary>
    public async Task<OperationResult<string>> ConfirmByMemberAsync(SopEngine engine, int personId, CancellationToken ct)
    {
        var target = await db.RequestPersons.AsNoTracking().Where(p => p.Id == personId)
            .Join(db.AccessRequests, p => p.AccessRequestId, r => r.Id, (p, r) => new { p.AccessRequestId, p.FullName, r.OfficeId, r.Kind })
            .SingleOrDefaultAsync(ct);
        if (target is null || target.Kind != Kind)
        {
            return OperationResult<string>.From(OperationResult.Fail(ErrorKind.NotFound, "Tautan konfirmasi tidak dikenal. Periksa kembali tautan pada email Anda."));
        }

        var member = new Actor("", $"{target.FullName} (anggota Pokja, melalui tautan)", target.OfficeId, new HashSet<string>());
        var result = await engine.SettlePersonAsync(target.AccessRequestId, personId, member, (request, person, now, tz) =>
        {
            if (person.ConfirmedAt is { } at)
            {
                return Task.FromResult(OperationResult.Fail(ErrorKind.InvalidState,
                    $"Penerimaan user ID {person.UserId} sudah dikonfirmasi pada {calendar.ForZone(tz).Format(at)}. Terima kasih."));
            }

            if (person is not { Outcome: PersonOutcome.Done, DeliveredAt: not null })
            {
                return Task.FromResult(OperationResult.Fail(ErrorKind.InvalidState,
                    "Akun Anda pada permohonan ini tidak (lagi) menunggu konfirmasi. Hubungi Admin Agency LPSE bila ada pertanyaan."));
            }

            person.ConfirmedAt = now;
            person.ConfirmedByName = person.FullName;
            person.ConfirmationMethod = null;
            notifier.Tell(request.ApplicantUserId, request, $"Permohonan {request.Number}: {person.FullName} mengonfirmasi penerimaan user ID {person.UserId}.");
            return Task.FromResult(OperationResult.Ok());
        }, ct);
        return result.Succeeded ? OperationResult<string>.Ok(target.FullName) : OperationResult<string>.From(result);
    }

    /// <summary>
    /// Staff who delivered the accounts (the role of the account step) record a member's confirmation given by phone, at the desk
    /// or otherwise: who, how and when.
    /// </summary>
    public Task<OperationResult> RecordConfirmationAsync(SopEngine engine, int requestId, int personId, StaffConfirmation confirmation, Actor actor,
        CancellationToken ct) =>
        engine.SettlePersonAsync(requestId, personId, actor, (request, person, now, tz) =>
        {
            if (!SopEngine.MayRecordConfirmation(request, actor))
            {
                return Task.FromResult(OperationResult.Forbidden());
            }

            var zone = calendar.ForZone(tz);
            if (person.ConfirmedAt is { } at)
            {
                return Task.FromResult(OperationResult.Fail(ErrorKind.Conflict,
                    $"Penerimaan {person.FullName} sudah dikonfirmasi pada {zone.Format(at)} ({WhoConfirmed(person)}). Tidak ada yang diubah."));
            }

            if (person is not { Outcome: PersonOutcome.Done, DeliveredAt: { } delivered })
            {
                return Task.FromResult(OperationResult.Fail(ErrorKind.InvalidState, $"{person.FullName} tidak menunggu konfirmasi ({StatusText(person)})."));
            }

            var who = Clean(confirmation.ConfirmedBy);
            var detail = Clean(confirmation.MethodDetail);
            if (who is null || who.Length > 200)
            {
                return Invalid("Tuliskan nama orang yang mengonfirmasi penerimaan (paling panjang 200 karakter).");
            }

            if (!Enum.IsDefined(confirmation.Method))
            {
                return Invalid("Pilih cara konfirmasi: telepon, datang langsung, atau lainnya.");
            }

            if (confirmation.Method == ConfirmationMethod.Other && detail is null)
            {
                return Invalid("Jelaskan cara konfirmasi yang lain itu (mis. pesan WhatsApp ke nomor dinas).");
            }

            if (detail?.Length > 200)
            {
                return Invalid("Keterangan cara konfirmasi paling panjang 200 karakter.");
            }

            var given = zone.ToUtc(confirmation.ConfirmedAtLocal);
            if (given > now)
            {
                return Invalid($"Waktu konfirmasi ({zone.Format(given)}) belum terjadi. Isi waktu anggota mengonfirmasi.");
            }

            if (given < delivered.AddMinutes(-1))
            {
                return Invalid($"Waktu konfirmasi ({zone.Format(given)}) lebih awal dari saat tautan akun dikirim ({zone.Format(delivered)}).");
            }

            person.ConfirmedAt = given < delivered ? delivered : given;
            person.ConfirmedByName = who;
            person.ConfirmationMethod = confirmation.Method;
            person.ConfirmationDetail = detail;
            person.ConfirmationRecordedByUserId = actor.UserId;
            person.ConfirmationRecordedByName = actor.Name;
            notifier.Tell(request.ApplicantUserId, request,
                $"Permohonan {request.Number}: konfirmasi penerimaan {person.FullName} ({confirmation.Method.Label()}) dicatat oleh {actor.Name}.");
            return Task.FromResult(OperationResult.Ok());
        }, ct);

    /// <summary>
    /// A member refused after their account was made (the SK changed, the wrong person was listed), while they have not confirmed:
    /// the account is deactivated in the register, their link stops working, and their outcome becomes "not done" with the reason.
    /// Once confirmed, the account is theirs: deactivating it is SOP 2's.
    /// </summary>
    public Task<OperationResult> CancelMemberAsync(SopEngine engine, int requestId, int personId, string? reason, Actor actor, CancellationToken ct) =>
        engine.SettlePersonAsync(requestId, personId, actor, async (request, person, now, tz) =>
        {
            var maker = request.Sop!.Steps.FirstOrDefault(s => s.Kind == StepKind.AccountAction);
            if (maker is null || request.OfficeId != actor.OfficeId || !actor.IsIn(maker.ActorRole))
            {
                return OperationResult.Forbidden();
            }

            if (Clean(reason) is not { Length: <= 500 } why)
            {
                return OperationResult.Fail(ErrorKind.Validation, $"Tuliskan alasan pembatalan akun {person.FullName} (paling panjang 500 karakter).");
            }

            if (person.ConfirmedAt is not null)
            {
                return OperationResult.Fail(ErrorKind.InvalidState,
                    $"{person.FullName} sudah mengonfirmasi penerimaan akun {person.UserId}; akun itu tidak dibatalkan di sini. Untuk menonaktifkannya, " +
                    "ajukan permohonan penonaktifan hak akses (SOP 2).");
            }

            if (person is not { Outcome: PersonOutcome.Done, SpseAccountId: { } accountId })
            {
                return OperationResult.Fail(ErrorKind.InvalidState, $"Tidak ada akun {person.FullName} yang dapat dibatalkan ({StatusText(person)}).");
            }

            var account = await db.SpseAccounts.SingleAsync(a => a.Id == accountId, ct);
            account.Status = SpseAccountStatus.Inactive;
            account.UpdatedAt = now;
            db.SpseAccountHistory.Add(new SpseAccountHistory
            {
                SpseAccountId = accountId, Change = SpseAccountChange.Deactivated, ChangedAt = now, ChangedByUserId = actor.UserId,
                ChangedByName = actor.Name, AccessRequestId = request.Id, Detail = $"Dibatalkan setelah dibuat (permohonan {request.Number}): {why}",
            });
            await db.CredentialDeliveries.Where(c => c.AccessRequestId == request.Id && c.RequestPersonId == person.Id)
                .ForEachAsync(c => { c.ProtectedSecret = null; c.ExpiresAt = now; }, ct); // the link stops working now
            person.Outcome = PersonOutcome.NotDone;
            person.OutcomeNote = Shorten($"Dibatalkan setelah akun dibuat: {why}", 1000);
            person.OutcomeAt = now;
            notifier.Queue(request, "pokja-cancelled", person.Email, $"[{request.Number}] Akun SPSE Pokja Anda dibatalkan",
                $"""
                Yth. {person.FullName},

                Akun SPSE {person.UserId} yang dibuat untuk Anda pada permohonan {request.Number} dibatalkan oleh {actor.Name}:
                {why}

                Tautan password sementara yang dikirim sebelumnya tidak berlaku lagi. Hubungi {request.ApplicantName} bila ada pertanyaan.
                """);
            notifier.Tell(request.ApplicantUserId, request, $"Permohonan {request.Number}: akun {person.FullName} dibatalkan oleh {actor.Name}: {why}");
            return OperationResult.Ok();
        }, ct);

    /// <summary>A member's lost or expired link made again before they confirmed, by the role that makes the accounts (<see cref="PersonLinkReissue"/>).</summary>
    public Task<OperationResult<IssuedSecret>> ReissueLinkAsync(int requestId, int personId, int expectedVersion, Actor actor, CancellationToken ct) =>
        new PersonLinkReissue(db, credentials, notifier, calendar).ReissueAsync(Kind, requestId, personId, expectedVersion, actor,
            (request, person, delivery, zone) =>
            {
                // A new link gives the member the confirm step's full standard again, from now.
                var maker = request.Sop!.Steps.First(s => s.Kind == StepKind.AccountAction);
                if (SopEngine.NextStep(request.Sop, maker, StepAnswer.Done) is { } confirm)
                {
                    person.ConfirmationDueAt = clock.DueAt(zone.UtcNow, confirm.Standard, calendar.WorkCalendarFor(request.OfficeId));
                }

                SendLink(request, person, delivery, zone, maker.ActorLabel, reissued: true);
            }, ct);

    // ---- words ----

    /// <summary>A member's standing in words: created, delivered, confirmed (how), refused (why), keeping the account they hold.</summary>
    public static string StatusText(RequestPerson p) => p switch
    {
        { Outcome: PersonOutcome.NotDone } => "tidak dibuatkan akun: " + p.OutcomeNote,
        { Outcome: PersonOutcome.Reused } => "memakai akun Pokja yang sudah dimiliki; SK dicatat",
        { Outcome: PersonOutcome.Pending } => p.HeldAccountId is null ? "menunggu dibuatkan akun" : "menunggu keputusan (sudah memegang akun Pokja aktif)",
        { ConfirmedAt: not null } => $"akun {p.UserId} dibuat, penerimaan dikonfirmasi ({WhoConfirmed(p)})",
        { DeliveredAt: not null } => $"akun {p.UserId} dibuat, tautan dikirim, menunggu konfirmasi",
        _ => $"akun {p.UserId} dibuat",
    };

    /// <summary>The counts shown above the member table and in the facts ("5 anggota: 3 dikonfirmasi, 1 terkirim, 1 ditolak; 1 terlambat").</summary>
    public static string Progress(IReadOnlyCollection<RequestPerson> persons, DateTime now)
    {
        var parts = new List<string>();
        void Add(int count, string label)
        {
            if (count > 0)
            {
                parts.Add($"{count} {label}");
            }
        }

        Add(persons.Count(p => p.ConfirmedAt is not null), "dikonfirmasi");
        Add(persons.Count(p => p is { Outcome: PersonOutcome.Done, ConfirmedAt: null, DeliveredAt: not null }), "terkirim, menunggu konfirmasi");
        Add(persons.Count(p => p.Outcome == PersonOutcome.Reused), "memakai akun yang ada");
        Add(persons.Count(p => p.Outcome == PersonOutcome.NotDone), "ditolak");
        Add(persons.Count(p => p.Outcome == PersonOutcome.Pending), "belum diproses");
        var late = now == DateTime.MinValue ? 0 : persons.Count(p => p.IsOverdue(now));
        return $"{persons.Count} anggota: " + (parts.Count == 0 ? "-" : string.Join(", ", parts)) + (late > 0 ? $"; {late} terlambat konfirmasi" : "");
    }

    private static string WhoConfirmed(RequestPerson p) => p.ConfirmationMethod is { } method
        ? $"oleh {p.ConfirmedByName} melalui {method.Label()}{(p.ConfirmationDetail is null ? "" : $" ({p.ConfirmationDetail})")}, dicatat {p.ConfirmationRecordedByName}"
        : "oleh anggota melalui tautan email";

    // ---- helpers ----

    /// <summary>Members who already hold an active Pokja account keep it: the request's SK is recorded on it, and they are told.</summary>
    private async Task KeepHeldAccountsAsync(StepContext ctx, List<RequestPerson> reused, CancellationToken ct)
    {
        if (reused.Count == 0)
        {
            return;
        }

        var request = ctx.Request;
        var ids = reused.Select(p => p.HeldAccountId!.Value).ToList();
        var accounts = await db.SpseAccounts.Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        foreach (var person in reused)
        {
            var account = accounts[person.HeldAccountId!.Value]; // active: read in this transaction, after the request was claimed
            account.SkNumber = request.SkNumber ?? account.SkNumber;
            account.SkDate = request.SkDate;
            account.UpdatedAt = ctx.Now;
            db.SpseAccountHistory.Add(new SpseAccountHistory
            {
                SpseAccountId = account.Id, Change = SpseAccountChange.InformationChanged, ChangedAt = ctx.Now, ChangedByUserId = ctx.Actor.UserId,
                ChangedByName = ctx.Actor.Name, AccessRequestId = request.Id,
                Detail = $"Tetap dipakai untuk {request.PokjaName}; SK {request.SkNumber} dicatat (permohonan {request.Number}).",
            });
            person.UserId = account.UserId;
            person.SpseAccountId = account.Id;
            person.Outcome = PersonOutcome.Reused;
            person.OutcomeAt = ctx.Now;
            notifier.Queue(request, "pokja-reused", person.Email, $"[{request.Number}] Akun SPSE Pokja Anda tetap dipakai",
                $"""
                Yth. {person.FullName},

                Untuk {request.PokjaName} (SK {request.SkNumber}), Anda tetap memakai akun SPSE Pokja yang sudah Anda miliki:
                user ID {account.UserId}. Password Anda tidak berubah. SK tersebut telah dicatat pada akun Anda.
                """);
        }
    }

    /// <summary>The member's own mail: user ID, the one-time link (opened with their NIP), the duty to change the password, and how to confirm.</summary>
    private void SendLink(AccessRequest request, RequestPerson person, CredentialDelivery delivery, OfficeClock zone, string giver, bool reissued)
    {
        var link = credentials.PersonLink(credentials.IssueToken(delivery));
        var emailed = request.Sop!.Steps.Any(s => s.Kind == StepKind.AccountAction && s.Output.Contains("email", StringComparison.OrdinalIgnoreCase))
            ? "dikirim melalui email ini" : "disampaikan kepada Anda";
        var opening = reissued
            ? $"{giver} membuat ulang password sementara akun SPSE Pokja Anda karena tautan sebelumnya tidak dapat dipakai. Tautan yang dikirim sebelumnya tidak berlaku lagi."
            : $"Sesuai permohonan {request.ApplicantName} untuk {request.PokjaName} (SK {request.SkNumber}), {giver} telah membuatkan akun SPSE\nAnda sebagai anggota Pokja. User ID dan password Anda {emailed}.";
        notifier.Queue(request, "pokja-account", person.Email,
            reissued ? $"[{request.Number}] Tautan baru akun SPSE Pokja Anda" : $"[{request.Number}] User ID dan password SPSE Pokja Anda",
            $"""
            Yth. {person.FullName},

            {opening}

            User ID: {person.UserId}

            Password sementara dapat dilihat SATU KALI melalui tautan berikut (diminta NIP Anda), berlaku sampai
            {zone.Format(delivery.ExpiresAt)}:
            {link}

            Segera login ke SPSE dengan user ID dan password tersebut, lalu WAJIB mengganti password sementara itu.

            Setelah menerimanya, konfirmasikan penerimaan{(person.ConfirmationDueAt is { } due ? $" paling lambat {zone.Format(due)}" : "")} melalui:
            {links.PersonConfirmUrl(person.Id)}

            Jangan meneruskan email ini kepada siapa pun.
            """, redactAfterSend: true);
    }

    /// <summary>A copy (tembusan) of what the step sends, to whom it names, as its own mail without any link to a secret.</summary>
    private async Task SendCopiesAsync(AccessRequest request, SopStep step, string subject, string body, CancellationToken ct)
    {
        var codes = SopCopy.Parse(step.CopyTo);
        if (codes.Count == 0)
        {
            return;
        }

        var office = await db.Offices.AsNoTracking().SingleAsync(o => o.Id == request.OfficeId, ct);
        var text = $"""
            Tembusan kepada {string.Join(", ", codes.Select(SopCopy.Label))} — langkah {step.Number} SOP "{request.Sop!.Title}".

            {body}
            """;
        foreach (var code in codes.Distinct())
        {
            var address = code switch
            {
                SopCopy.HeadOfLpse => office.HeadOfLpseEmail,
                SopCopy.Lpse => office.Email,
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(address))
            {
                notifier.Queue(request, CopyKind, address, $"[{request.Number}] Tembusan: {subject}", text);
            }

            if (code == SopCopy.HeadOfLpse)
            {
                foreach (var head in await UsersInRoleAsync(request.OfficeId, Roles.KepalaLpse, ct))
                {
                    notifier.Tell(head.Id, request, $"Tembusan permohonan {request.Number}: {subject}.");
                }
            }
        }
    }

    private async Task<List<(string Id, string Email)>> UsersInRoleAsync(int officeId, string role, CancellationToken ct)
    {
        var users = await (from u in db.Users
                           join ur in db.UserRoles on u.Id equals ur.UserId
                           join r in db.Roles on ur.RoleId equals r.Id
                           where u.OfficeId == officeId && r.Name == role && u.Email != null
                           select new { u.Id, u.Email }).AsNoTracking().ToListAsync(ct);
        return users.Select(u => (u.Id, u.Email!)).ToList();
    }

    private static string MemberList(AccessRequest request) => "Daftar anggota:\n" + string.Join("\n", request.Persons.OrderBy(p => p.Order)
        .Select(p => $"{p.Order}. {p.FullName} — NIP {NipValidator.Format(p.Nip)}, {p.Position}, {p.RankGrade}, {p.Agency}" +
                     (p.HeldAccountId is null ? "" : " (sudah memegang akun Pokja aktif)")));

    private static string DeliveryList(AccessRequest request, OfficeClock zone) => Progress(request.Persons, DateTime.MinValue) + "\n" +
        string.Join("\n", request.Persons.OrderBy(p => p.Order).Select(p => $"{p.Order}. {p.FullName} (NIP {NipValidator.Format(p.Nip)}) — " + p switch
        {
            { Outcome: PersonOutcome.Done, ConfirmedAt: { } at } => $"user ID {p.UserId}, dikonfirmasi {zone.Format(at)}",
            { Outcome: PersonOutcome.Done, DeliveredAt: { } sent } => $"user ID {p.UserId}, tautan dikirim ke {p.Email} pada {zone.Format(sent)}",
            _ => StatusText(p),
        }));

    /// <summary>The form's own faults (the web form checks the same; the module does not rely on it).</summary>
    private static List<string> Invalid(StartPokjaAccounts command, DateOnly today)
    {
        var problems = new List<string>();
        void Check(bool bad, string message)
        {
            if (bad)
            {
                problems.Add(message);
            }
        }

        Check(string.IsNullOrWhiteSpace(command.PokjaName) || command.PokjaName.Trim().Length > 200, "Nama Pokja wajib diisi (paling panjang 200 karakter).");
        Check(string.IsNullOrWhiteSpace(command.SkNumber) || command.SkNumber.Trim().Length > 200, "Nomor SK wajib diisi (paling panjang 200 karakter).");
        Check(string.IsNullOrWhiteSpace(command.AssignmentLetterNumber) || command.AssignmentLetterNumber.Trim().Length > 200,
            "Nomor surat penugasan wajib diisi (paling panjang 200 karakter).");
        Check(command.SkDate > today, $"Tanggal SK ({command.SkDate:dd-MM-yyyy}) belum tiba. SK yang belum berlaku tidak dapat menjadi dasar pembuatan akun.");
        Check(command.Note?.Trim().Length > 2000, "Catatan paling panjang 2.000 karakter.");
        foreach (var (m, i) in command.Members.Select((m, i) => (m, i + 1)))
        {
            var who = string.IsNullOrWhiteSpace(m.FullName) ? $"Anggota {i}" : $"Anggota {i} ({m.FullName.Trim()})";
            Check(string.IsNullOrWhiteSpace(m.FullName) || m.FullName.Trim().Length > PokjaMember.FullNameMax, $"Anggota {i}: nama wajib diisi (paling panjang {PokjaMember.FullNameMax} karakter).");
            problems.AddRange(NipValidator.Validate(m.Nip, today).Select(e => $"{who}: {e}"));
            Check(!ValidEmail(m.Email), $"{who}: alamat email tidak sah.");
            Check(string.IsNullOrWhiteSpace(m.Phone) || m.Phone.Trim().Length > PokjaMember.PhoneMax || !m.Phone.Trim().All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')'),
                $"{who}: No. HP wajib diisi, hanya angka, spasi, +, - dan tanda kurung (paling panjang {PokjaMember.PhoneMax} karakter).");
            Check(string.IsNullOrWhiteSpace(m.Position) || m.Position.Trim().Length > PokjaMember.PositionMax, $"{who}: jabatan wajib diisi (paling panjang {PokjaMember.PositionMax} karakter).");
            Check(string.IsNullOrWhiteSpace(m.RankGrade) || m.RankGrade.Trim().Length > PokjaMember.RankGradeMax, $"{who}: pangkat/golongan wajib diisi (paling panjang {PokjaMember.RankGradeMax} karakter).");
            Check(string.IsNullOrWhiteSpace(m.Agency) || m.Agency.Trim().Length > PokjaMember.AgencyMax, $"{who}: instansi wajib diisi (paling panjang {PokjaMember.AgencyMax} karakter).");
        }

        var members = command.Members.Select((m, i) => (Nip: NipValidator.Normalize(m.Nip), Email: m.Email.Trim(), Row: i + 1)).ToList();
        problems.AddRange(members.Where(m => m.Nip is not null).GroupBy(m => m.Nip).Where(g => g.Count() > 1)
            .Select(g => $"NIP {NipValidator.Format(g.Key!)} tercantum lebih dari sekali (anggota {string.Join(", ", g.Select(x => x.Row))})."));
        problems.AddRange(members.Where(m => m.Email.Length > 0).GroupBy(m => m.Email, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => $"Email {g.Key} tercantum lebih dari sekali (anggota {string.Join(", ", g.Select(x => x.Row))}). Setiap anggota memakai email pribadinya."));
        return problems;
    }

    /// <summary>
    /// What the register and the running requests say against the list: an email already used by an account of another NIP, or a
    /// member already named on another open SOP 1 request (an active Pokja account of the same NIP is flagged, not refused).
    /// </summary>
    private async Task<List<string>> ConflictsAsync(int officeId, IReadOnlyList<PokjaMember> members, CancellationToken ct, int? exceptRequestId = null)
    {
        var problems = new List<string>();
        var nips = members.Select(m => m.Nip).ToList();
        var emails = members.Select(m => m.Email.ToLowerInvariant()).ToList();
        var holders = await db.SpseAccounts.AsNoTracking()
            .Where(a => a.OfficeId == officeId && emails.Contains(a.HolderEmail.ToLower()))
            .Select(a => new { a.HolderEmail, a.HolderNip, a.UserId }).ToListAsync(ct);
        // An email is the member's own only if the accounts holding it are theirs (same NIP): compared per member, in memory.
        problems.AddRange(members.SelectMany(m => holders
            .Where(a => string.Equals(a.HolderEmail, m.Email, StringComparison.OrdinalIgnoreCase) && a.HolderNip != m.Nip)
            .Select(a => $"Email {m.Email} ({m.FullName}) sudah dipakai akun SPSE lain ({a.UserId}) milik NIP yang berbeda. Pakai email pribadi anggota.")));
        var open = await db.RequestPersons.AsNoTracking()
            .Where(p => nips.Contains(p.Nip) && p.AccessRequestId != exceptRequestId && p.Outcome != PersonOutcome.NotDone)
            .Join(db.AccessRequests.Where(r => r.OfficeId == officeId && r.ClosedAt == null && r.Kind == SopKind.PokjaAccountRequest),
                p => p.AccessRequestId, r => r.Id, (p, r) => new { p.Nip, p.FullName, r.Number })
            .ToListAsync(ct);
        problems.AddRange(open.Select(o => $"{o.FullName} (NIP {NipValidator.Format(o.Nip)}) sudah tercantum pada permohonan {o.Number} yang masih berjalan."));
        return problems;
    }

    /// <summary>At step 2: user IDs twice on the list or taken in the register, an email taken meanwhile, a member named on another open request.</summary>
    private async Task<List<string>> MakingConflictsAsync(AccessRequest request, List<RequestPerson> made, CancellationToken ct)
    {
        var problems = made.GroupBy(p => p.UserId, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => $"User ID {g.Key} dipakai lebih dari satu anggota ({string.Join(", ", g.Select(p => p.FullName))}).").ToList();
        if (made.Count == 0)
        {
            return problems;
        }

        var userIds = made.Select(p => p.UserId).ToList();
        var taken = await db.SpseAccounts.AsNoTracking().Where(a => a.OfficeId == request.OfficeId && userIds.Contains(a.UserId))
            .Select(a => a.UserId).ToListAsync(ct);
        problems.AddRange(taken.Select(u => $"User ID {u} sudah dipakai akun lain di register."));
        problems.AddRange(await ConflictsAsync(request.OfficeId, made.Select(p => new PokjaMember(p.FullName, p.Nip, "", "", "", p.Email, "")).ToList(), ct,
            request.Id));
        return problems;
    }

    private static bool ValidEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Trim().Length <= PokjaMember.EmailMax &&
        System.Net.Mail.MailAddress.TryCreate(email.Trim(), out var address) && address.Address == email.Trim() && address.Host.Contains('.');

    private static bool ValidUserId(string userId) =>
        userId.Trim().Length is >= 3 and <= 100 && userId.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static string Listed(List<string> problems) => problems.Count <= MaxListed
        ? string.Join(" ", problems)
        : string.Join(" ", problems.Take(MaxListed)) + $" … dan {problems.Count - MaxListed} masalah lain.";

    private static Task<OperationResult> Invalid(string message) => Task.FromResult(OperationResult.Fail(ErrorKind.Validation, message));

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 3)] + "...";
}
