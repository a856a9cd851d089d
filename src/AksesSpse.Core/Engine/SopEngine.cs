using System.Globalization;
using AksesSpse.Core.Accountability;
using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AksesSpse.Core.Engine;

/// <summary>
/// Runs a request through the steps of the SOP version it started under (docs/adr/0019). The definition decides: the
/// open step's actor role (and the office) authorizes a move, its kelengkapan is checked, its standard gives the
/// deadline, and the step's next / alternate numbers choose the step that opens after it. The step kinds are written
/// here once; a procedure module (<see cref="IProcedureModule"/>) supplies only what is SOP-specific. Each move is saved
/// with its outbox mail in one transaction, guarded by the request's optimistic version.
/// </summary>
public sealed class SopEngine(
    AppDbContext db,
    IStepClock clock,
    TimeProvider time,
    RequestFiles requestFiles,
    RequestMoves moves,
    Notifier notifier,
    IEnumerable<IProcedureModule> modules,
    IOptions<AppOptions> options,
    ILogger<SopEngine> logger,
    WorkNotices notices)
{
    private readonly StepRecorder _steps = new(clock);

    /// <summary>
    /// The SOPs whose requests the engine runs (their pages are /Prosedur/{id}). Must equal the registered modules' kinds
    /// (a test checks it).
    /// </summary>
    public static readonly IReadOnlySet<SopKind> EngineKinds = new HashSet<SopKind>
    {
        SopKind.StaffRegistration, SopKind.PasswordReset, SopKind.AccessActivation, SopKind.PokjaAccountRequest,
    };

    /// <summary>The SOPs this engine runs (one module each).</summary>
    public IReadOnlyList<SopKind> Kinds => modules.Select(m => m.Kind).ToList();

    public bool Runs(SopKind kind) => modules.Any(m => m.Kind == kind);

    public IProcedureModule Module(SopKind kind) => modules.Single(m => m.Kind == kind);

    // ---- asking ----

    /// <summary>The step the request waits on, from its own SOP version (null once closed).</summary>
    public static SopStep? CurrentStep(AccessRequest request) =>
        request.CurrentStepNumber is { } number && request.ClosedAt is null
            ? request.Sop!.Steps.SingleOrDefault(s => s.Number == number)
            : null;

    /// <summary>
    /// Whether the actor may perform this step of a request of their office: its actor role, or the applicant's own step —
    /// which, for a file delivered on paper or by email, the staff the SOP's intake policy names perform for the applicant
    /// (what the applicant brought to the desk is recorded there). The applicant's confirmation of receipt is theirs alone:
    /// staff record a confirmation given outside the app instead (<see cref="MayRecordConfirmation"/>). A confirm step settled person by
    /// person (<see cref="ConfirmsPerPerson"/>) is nobody's to perform with one move.
    /// </summary>
    public static bool MayPerform(SopStep step, AccessRequest request, Actor actor) =>
        request.OfficeId == actor.OfficeId && !ConfirmsPerPerson(request, step) && // settled person by person (SettlePersonAsync), never by one move
        (step.ActorRole == Roles.Pemohon
            ? request.ApplicantUserId == actor.UserId ||
              (request.Channel != IntakeChannel.Online && step.Kind != StepKind.ConfirmReceipt &&
               PaperIntakePolicies.For(request.Kind)?.AllowsBy(actor) == true)
            : actor.IsIn(step.ActorRole));

    /// <summary>
    /// Whether the actor may record, for the applicant, a confirmation of receipt given outside the app (by phone, at the desk)
    /// or send the confirmation link again: the request waits on its confirm-receipt step, and the actor holds the role of the
    /// step that delivered the result to it, in the request's office.
    /// </summary>
    public static bool MayRecordConfirmation(AccessRequest request, Actor actor) =>
        CurrentStep(request) is { Kind: StepKind.ConfirmReceipt } open && request.OfficeId == actor.OfficeId &&
        request.Sop!.Steps.Any(s => s.ActorRole != Roles.Pemohon && actor.IsIn(s.ActorRole) &&
                                    NextStep(request.Sop, s, StepAnswer.Done)?.Number == open.Number);

    /// <summary>Whether the actor may make this move on this step: perform it, or record a confirmation the applicant gave outside the app.</summary>
    private static bool MayMove(SopStep step, AccessRequest request, Actor actor, StepMove move) =>
        move.Confirmation is null
            ? MayPerform(step, request, actor)
            : step.Kind == StepKind.ConfirmReceipt && request.CurrentStepNumber == step.Number && MayRecordConfirmation(request, actor);

    public static bool CanAct(AccessRequest request, Actor actor) =>
        CurrentStep(request) is { } step && MayPerform(step, request, actor);

    /// <summary>Whether the actor may start this SOP: they hold the role of its first step.</summary>
    public static bool MayStart(SopDefinition sop, Actor actor) =>
        sop.Steps.OrderBy(s => s.Number).FirstOrDefault() is { } first && actor.IsIn(first.ActorRole);

    public Task<SopDefinition?> CurrentDefinitionAsync(int officeId, SopKind kind, CancellationToken ct, bool track = false) =>
        (track ? db.SopDefinitions : db.SopDefinitions.AsNoTracking())
            .Include(s => s.Steps.OrderBy(x => x.Number)).ThenInclude(x => x.Requirements.OrderBy(r => r.Order))
            .Include(s => s.RequiredDocuments.OrderBy(d => d.Order))
            .AsSplitQuery()
            .SingleOrDefaultAsync(s => s.OfficeId == officeId && s.Kind == kind && s.IsCurrent, ct);

    /// <summary>A request with all the engine reads, for a page (untracked) or a move (tracked).</summary>
    public Task<AccessRequest?> LoadAsync(int requestId, bool track, CancellationToken ct)
    {
        var query = db.AccessRequests
            .Include(r => r.Steps)
            .Include(r => r.Documents)
            .Include(r => r.Persons)
            .Include(r => r.Sop!).ThenInclude(s => s.Steps).ThenInclude(s => s.Requirements)
            .Include(r => r.Sop!).ThenInclude(s => s.RequiredDocuments)
            .AsSplitQuery();
        return (track ? query : query.AsNoTracking()).SingleOrDefaultAsync(r => r.Id == requestId, ct);
    }

    // ---- starting ----

    /// <summary>
    /// Starts a request: the actor performs the SOP's first step (its kelengkapan checked like any step's), and the
    /// next step opens. <paramref name="fill"/> is the module's part: it validates the form and writes it onto the
    /// request (type, persons, SK). A repeated submission key returns the request made the first time.
    /// A file delivered on paper or by email (<paramref name="channel"/>) is started by staff the SOP's intake policy names,
    /// for the applicant: <paramref name="fill"/> then names the applicant (docs/adr/0011's contact account).
    /// </summary>
    public async Task<OperationResult<int>> StartAsync(SopKind kind, Actor actor, Guid submissionKey, IReadOnlyList<IncomingFile> files,
        IReadOnlyCollection<string> checkedItems, string? note, Func<AccessRequest, SopDefinition, Task<OperationResult>> fill, CancellationToken ct,
        IntakeChannel channel = IntakeChannel.Online)
    {
        var module = Module(kind);
        if (channel != IntakeChannel.Online && PaperIntakePolicies.For(kind)?.AllowsBy(actor) != true)
        {
            return OperationResult<int>.From(OperationResult.Forbidden());
        }

        // One read decides both (a twin sent at the same moment may commit between two reads): this person's form sent again is
        // answered with its request; a key someone else's request holds is refused.
        var used = await db.AccessRequests.AsNoTracking().Where(r => r.SubmissionKey == submissionKey)
            .Select(r => new { r.Id, Own = r.ApplicantUserId == actor.UserId || r.RegisteredByUserId == actor.UserId }).FirstOrDefaultAsync(ct);
        if (used is not null)
        {
            return used.Own
                ? OperationResult<int>.Ok(used.Id)
                : OperationResult<int>.From(OperationResult.Fail(ErrorKind.Validation, "Formulir ini sudah dipakai. Muat ulang halaman dan isi kembali."));
        }

        var sop = await CurrentDefinitionAsync(actor.OfficeId, kind, ct, track: true); // tracked: the new request refers to it
        if (sop is null || sop.Steps.Count == 0)
        {
            return OperationResult<int>.From(OperationResult.Fail(ErrorKind.Unavailable,
                "SOP ini belum ditetapkan untuk kantor Anda. Hubungi Administrator LPSE."));
        }

        if (channel == IntakeChannel.Online && !MayStart(sop, actor))
        {
            return OperationResult<int>.From(OperationResult.Forbidden());
        }

        var applicant = channel == IntakeChannel.Online ? await db.Users.AsNoTracking().SingleAsync(u => u.Id == actor.UserId, ct) : null;
        var now = time.GetUtcNow().UtcDateTime;
        var request = new AccessRequest
        {
            Number = "TMP-" + Guid.NewGuid().ToString("N")[..20],
            OfficeId = actor.OfficeId,
            SopDefinitionId = sop.Id,
            Sop = sop,
            Kind = kind,
            ApplicantUserId = actor.UserId,
            ApplicantName = applicant?.FullName ?? "",
            ApplicantNip = applicant?.Nip,
            ApplicantEmail = applicant?.Email ?? "",
            Channel = channel,
            Status = RequestStatus.InProgress,
            SubmissionKey = submissionKey,
            SubmittedAt = now,
        };
        var filled = await fill(request, sop);
        if (!filled.Succeeded)
        {
            db.ChangeTracker.Clear(); // e.g. a contact account the intake prepared for this request
            // The same form sent twice at once: its twin may have saved the request meanwhile (and be why this one is refused,
            // e.g. "another request for the account is running"); the first stands.
            return await FindBySubmissionKeyAsync(actor.UserId, submissionKey, ct) is { } twin
                ? OperationResult<int>.Ok(twin)
                : OperationResult<int>.From(filled);
        }

        var stored = new List<string>();
        try
        {
            var attached = await requestFiles.StoreAsync(request, sop, files, actor.UserId, now, stored, ct);
            if (!attached.Succeeded)
            {
                await requestFiles.DeleteAsync(stored);
                db.ChangeTracker.Clear(); // e.g. a contact account the intake prepared: the next form on this context must not save it
                return OperationResult<int>.From(attached);
            }

            var work = await moves.WorkCalendarAsync(actor.OfficeId, ct);
            var tz = work.TimeZoneId;
            var first = sop.Steps.OrderBy(s => s.Number).First();
            var step = _steps.Open(request, first, now, work);
            var context = new StepContext
            {
                Request = request, Definition = first, Step = step, Actor = actor, Now = now, Calendar = work,
                Move = new StepMove(first.Number, 0) { CheckedItems = checkedItems, Note = note }, Stored = stored,
            };
            var performed = await PerformAsync(context, module, ct);
            if (performed.Succeeded && channel != IntakeChannel.Online && CurrentStep(request) is { Kind: StepKind.Receive } receive &&
                MayPerform(receive, request, actor))
            {
                // A file brought to the desk or sent by email is received at once by the officer who takes it in.
                context = new StepContext
                {
                    Request = request, Definition = receive, Step = request.Steps.Single(s => s.IsOpen && s.StepNumber == receive.Number),
                    Actor = actor, Now = now, Calendar = work, Move = new StepMove(receive.Number, 0), Stored = stored,
                };
                performed = await PerformAsync(context, module, ct);
            }

            if (!performed.Succeeded)
            {
                await requestFiles.DeleteAsync(stored);
                db.ChangeTracker.Clear();
                return OperationResult<int>.From(performed);
            }

            // Saved first without the outbox (the number needs the id), then numbered and told, in one transaction.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.AccessRequests.Add(request);
            await db.SaveChangesAsync(ct);
            // The number carries the office's year (a request submitted on 1 January 05:00 WIB is of the new year).
            request.Number = FormatNumber(module.NumberPrefix, Offices.OfficeClock.For(tz, time).ToLocal(now), request.Id);
            notifier.Tell(request.ApplicantUserId, request, $"Permohonan {request.Number} dibuat; {StandingText(request)}.");
            await module.StartedAsync(request, actor, now, tz, stored, ct);
            await TellNewWorkAsync(request, new HashSet<RequestStep>(), actor, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception ex)
        {
            await requestFiles.DeleteAsync(stored);
            db.ChangeTracker.Clear();
            if (ex is DbUpdateException && await FindBySubmissionKeyAsync(actor.UserId, submissionKey, CancellationToken.None) is { } winner)
            {
                return OperationResult<int>.Ok(winner); // a double submission that raced this one: the first stands
            }

            if (ex is DbUpdateException && await module.StillRunningAsync(request, CancellationToken.None) is { } running)
            {
                return OperationResult<int>.From(OperationResult.Fail(ErrorKind.Validation, running)); // another form for the same account won
            }

            throw;
        }

        logger.LogInformation("Request {RequestNumber} ({Kind}) started by {UserId}", request.Number, kind, actor.UserId);
        return OperationResult<int>.Ok(request.Id);
    }

    // ---- moving ----

    /// <summary>
    /// Saves what a module changed on the open step without completing it (a confirmation link sent again, a temporary password
    /// made again): the request's version guards it as it guards a move, so a concurrent save is answered by
    /// <paramref name="conflict"/> on the request as it now stands.
    /// </summary>
    public async Task<OperationResult> SaveOnOpenStepAsync(AccessRequest request, Func<AccessRequest, OperationResult> conflict, CancellationToken ct)
    {
        db.Entry(request).Property(x => x.Version).IsModified = true; // the request row itself may not change: its Version guards this too
        try
        {
            await db.SaveChangesAsync(ct);
            return OperationResult.Ok();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return conflict((await LoadAsync(request.Id, track: false, CancellationToken.None))!);
        }
    }

    /// <summary>Performs the request's open step for the actor, and opens the step the definition names next.</summary>
    public async Task<OperationResult<MoveResult>> MoveAsync(int requestId, StepMove move, Actor actor, CancellationToken ct)
    {
        var request = await LoadAsync(requestId, track: true, ct);
        if (request is null || !Runs(request.Kind))
        {
            return Failed(OperationResult.NotFound());
        }

        var definition = CurrentStep(request);
        var seen = request.Sop!.Steps.SingleOrDefault(s => s.Number == move.StepNumber);
        if (request.Version != move.ExpectedVersion && seen is not null && (MayPerform(seen, request, actor) || move.Confirmation is not null && MayRecordConfirmation(request, actor)))
        {
            // The step this actor saw was done by someone else meanwhile (the request may now wait on another role).
            db.ChangeTracker.Clear();
            return Failed(Conflict(request, seen, actor));
        }

        if (definition is null || !MayMove(definition, request, actor, move))
        {
            db.ChangeTracker.Clear();
            return Failed(definition is null && CanView(request, actor) ? Closed(request) : OperationResult.Forbidden());
        }

        if (request.Version != move.ExpectedVersion)
        {
            db.ChangeTracker.Clear();
            return Failed(Conflict(request, definition, actor));
        }

        if (!Enum.IsDefined(move.Answer))
        {
            db.ChangeTracker.Clear();
            return Failed(OperationResult.Fail(ErrorKind.Validation, "Pilih keputusan langkah ini dari pilihan yang tersedia."));
        }

        if (move.Files.Any(f => !AcceptsDocument(definition, f.DocumentCode)))
        {
            db.ChangeTracker.Clear();
            return Failed(OperationResult.Fail(ErrorKind.Validation, $"Dokumen tidak dapat diunggah pada langkah {definition.Number}."));
        }

        if (Clean(move.Note)?.Length > 1000 || Clean(move.LateExplanation)?.Length > 1000)
        {
            db.ChangeTracker.Clear();
            return Failed(OperationResult.Fail(ErrorKind.Validation, "Catatan, alasan dan penjelasan masing-masing paling panjang 1.000 karakter."));
        }

        if (Clean(move.DeviationReason)?.Length > MaxDeviationReason)
        {
            db.ChangeTracker.Clear();
            return Failed(OperationResult.Fail(ErrorKind.Validation, $"Alasan tetap menyatakan valid paling banyak {MaxDeviationReason:N0} karakter."));
        }

        if (Clean(move.ShortfallReason)?.Length > MaxDeviationReason)
        {
            db.ChangeTracker.Clear();
            return Failed(OperationResult.Fail(ErrorKind.Validation, $"Alasan melanjutkan meskipun butir pemeriksaan belum terpenuhi paling banyak {MaxDeviationReason:N0} karakter."));
        }

        if (definition.Number != move.StepNumber)
        {
            db.ChangeTracker.Clear();
            return Failed(OperationResult.Fail(ErrorKind.InvalidState,
                $"Langkah {move.StepNumber} tidak sedang berjalan; permohonan {request.Number} sekarang menunggu langkah {definition.Number}."));
        }

        if (definition.Kind == StepKind.CompletenessCheck && move.MissingDocuments.Count > 0 && move.Answer is StepAnswer.Done or StepAnswer.Yes)
        {
            db.ChangeTracker.Clear();
            return Failed(OperationResult.Fail(ErrorKind.Validation, "Berkas tidak dapat dinyatakan lengkap bila ada dokumen yang ditandai kurang."));
        }

        if (definition.Kind == StepKind.CompletenessCheck && move.Answer == StepAnswer.No)
        {
            move = move with { Note = MissingList(request.Sop!, definition, move) };
        }

        var now = time.GetUtcNow().UtcDateTime;
        var work = await moves.WorkCalendarAsync(request.OfficeId, ct);
        var step = request.Steps.Single(s => s.IsOpen && s.StepNumber == definition.Number);
        var openBefore = request.Steps.Where(s => s.IsOpen).ToHashSet();
        var stored = new List<string>();
        var context = new StepContext
        {
            Request = request, Definition = definition, Step = step, Move = move, Actor = actor, Now = now, Calendar = work, Stored = stored,
        };
        try
        {
            // Claim the request first: the version-checked UPDATE makes a second actor on the same step wait (PostgreSQL's row
            // lock, SQLite's write lock) and then fail as a conflict, before either acts on an account.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Entry(request).Property(r => r.Version).IsModified = true;
            await db.SaveChangesAsync(ct);
            if (move.Files.Count > 0)
            {
                var attached = await requestFiles.StoreAsync(request, request.Sop!, move.Files, actor.UserId, now, stored, ct);
                if (!attached.Succeeded)
                {
                    return await Abandon(attached);
                }
            }

            var module = Module(request.Kind);
            var performed = await PerformAsync(context, module, ct);
            if (!performed.Succeeded)
            {
                return await Abandon(performed);
            }

            await module.StepDoneAsync(context, ct);
            await TellNewWorkAsync(request, openBefore, actor, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            await requestFiles.DeleteAsync(stored);
            db.ChangeTracker.Clear();
            var fresh = await LoadAsync(requestId, track: false, CancellationToken.None);
            if (fresh is null)
            {
                return Failed(OperationResult.NotFound());
            }

            if (ex is DbUpdateConcurrencyException || fresh.Version != move.ExpectedVersion)
            {
                return Failed(Conflict(fresh, definition, actor));
            }

            if (Data.DbErrors.IsUniqueViolation(ex))
            {
                // A unique key taken meanwhile by another request (e.g. the same user ID made on another request at once).
                logger.LogWarning(ex, "Request {RequestNumber}: step {Step} refused by a database constraint", fresh.Number, definition.Number);
                return Failed(OperationResult.Fail(ErrorKind.Conflict,
                    "Data yang sama (mis. user ID) baru saja dicatat oleh permohonan lain. Tidak ada yang disimpan; muat ulang halaman dan periksa kembali."));
            }

            // Any other refusal of the database: nothing of the move was saved (one transaction), and it is nobody else's doing.
            logger.LogError(ex, "Request {RequestNumber}: step {Step} not saved by the database", fresh.Number, definition.Number);
            return Failed(OperationResult.Fail(ErrorKind.Unavailable,
                $"Langkah {definition.Number} permohonan {fresh.Number} tidak dapat disimpan karena gangguan pada basis data. Tidak ada yang " +
                "disimpan; coba lagi beberapa saat lagi, atau hubungi Administrator bila berulang."));
        }
        catch
        {
            await requestFiles.DeleteAsync(stored);
            db.ChangeTracker.Clear();
            throw;
        }

        logger.LogInformation("Request {RequestNumber}: step {Step} ({Kind}) by {UserId}; now at step {Next}",
            request.Number, definition.Number, definition.Kind, actor.UserId, request.CurrentStepNumber?.ToString(CultureInfo.InvariantCulture) ?? "closed");
        return OperationResult<MoveResult>.Ok(new MoveResult(context.Secrets));

        async Task<OperationResult<MoveResult>> Abandon(OperationResult why)
        {
            await requestFiles.DeleteAsync(stored);
            db.ChangeTracker.Clear();
            return Failed(why);
        }
    }

    /// <summary>
    /// Whether the step is confirmed person by person (SOP 1: each Pokja member confirms their own user ID): a confirm-receipt step
    /// of a request that names persons. It closes by itself once every person is settled (<see cref="RequestPerson.IsSettled"/>).
    /// </summary>
    public static bool ConfirmsPerPerson(AccessRequest request, SopStep step) => step.Kind == StepKind.ConfirmReceipt && request.Persons.Count > 0;

    /// <summary>
    /// Changes one person of a request waiting on its per-person confirm step (<see cref="ConfirmsPerPerson"/>) — their own
    /// confirmation, one staff record for them, or their account cancelled — and, when that settles the last person, completes the
    /// step in the same transaction (done at the latest confirmation; a late one explained from the data). Changes to different
    /// persons commute: a save that lost the race to another person's is retried on the fresh request.
    /// </summary>
    /// <param name="change">The module's change to the person; a refusal saves nothing.</param>
    /// <param name="actor">Who acts: staff, or the member through their link (an actor without a user ID).</param>
    public async Task<OperationResult> SettlePersonAsync(int requestId, int personId, Actor actor,
        Func<AccessRequest, RequestPerson, DateTime, string, Task<OperationResult>> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var request = await LoadAsync(requestId, track: true, ct);
            var person = request?.Persons.SingleOrDefault(p => p.Id == personId);
            if (request is null || person is null || !Runs(request.Kind))
            {
                db.ChangeTracker.Clear();
                return OperationResult.NotFound();
            }

            if (CurrentStep(request) is not { } open || !ConfirmsPerPerson(request, open))
            {
                db.ChangeTracker.Clear();
                return OperationResult.Fail(ErrorKind.InvalidState, $"Permohonan {request.Number} tidak sedang menunggu konfirmasi anggota; sekarang {StandingText(request)}.");
            }

            var now = time.GetUtcNow().UtcDateTime;
            var work = await moves.WorkCalendarAsync(request.OfficeId, ct);
            var tz = work.TimeZoneId;
            var changed = await change(request, person, now, tz);
            if (!changed.Succeeded)
            {
                db.ChangeTracker.Clear();
                return changed;
            }

            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                db.Entry(request).Property(r => r.Version).IsModified = true;
                await db.SaveChangesAsync(ct);
                if (request.Persons.All(p => p.IsSettled))
                {
                    var openBefore = request.Steps.Where(s => s.IsOpen).ToHashSet();
                    var performed = await CompletePerPersonStepAsync(request, open, actor, now, work, ct);
                    if (!performed.Succeeded)
                    {
                        db.ChangeTracker.Clear();
                        return performed;
                    }

                    await TellNewWorkAsync(request, openBefore, actor, ct);
                    await db.SaveChangesAsync(ct);
                }

                await tx.CommitAsync(ct);
                return OperationResult.Ok();
            }
            catch (DbUpdateConcurrencyException) when (attempt < 4)
            {
                db.ChangeTracker.Clear(); // another person's change saved first: apply this one again to the request as it now stands
            }
            catch (DbUpdateException ex)
            {
                // Lost the race too often, a unique key taken, or the database refused: nothing of this change was saved.
                db.ChangeTracker.Clear();
                logger.LogWarning(ex, "Request {RequestId}: person {PersonId} not settled ({Attempts} attempts)", requestId, personId, attempt);
                return ex is DbUpdateConcurrencyException || Data.DbErrors.IsUniqueViolation(ex)
                    ? OperationResult.Fail(ErrorKind.Conflict, "Permohonan ini sedang diubah oleh orang lain pada saat yang sama. Tidak ada yang disimpan; coba lagi.")
                    : OperationResult.Fail(ErrorKind.Unavailable, "Perubahan tidak dapat disimpan karena gangguan pada basis data. Tidak ada yang disimpan; coba lagi beberapa saat lagi.");
            }
        }
    }

    /// <summary>The steps this move opened (open now, not open before it) are told to the people of their role (docs/adr/0023).</summary>
    private async Task TellNewWorkAsync(AccessRequest request, IReadOnlySet<RequestStep> openBefore, Actor actor, CancellationToken ct)
    {
        foreach (var opened in request.Steps.Where(s => s.IsOpen && !openBefore.Contains(s)).ToList())
        {
            await notices.NewWorkAsync(request, opened, actor, ct);
        }
    }

    /// <summary>
    /// Completes a per-person confirm step whose persons are all settled, at the latest confirmation; when that is past the step's
    /// standard, the explanation is each late confirmation as it was recorded (nobody can be asked to type it for an anonymous member).
    /// </summary>
    private async Task<OperationResult> CompletePerPersonStepAsync(AccessRequest request, SopStep open, Actor actor, DateTime now, Offices.WorkCalendar work, CancellationToken ct)
    {
        var step = request.Steps.Single(s => s.IsOpen && s.StepNumber == open.Number);
        var confirmed = request.Persons.Where(p => p.ConfirmedAt is not null).ToList();
        var doneAt = confirmed.Count == 0 ? now : confirmed.Max(p => p.ConfirmedAt!.Value);
        var zone = Offices.OfficeClock.For(work.TimeZoneId, time);
        var late = step.DueAt is { } due
            ? confirmed.Where(p => p.ConfirmedAt > due).OrderBy(p => p.ConfirmedAt)
                .Select(p => $"{p.FullName} ({(p.ConfirmationMethod is { } m ? $"dicatat {p.ConfirmationRecordedByName} via {m.Label()}" : "melalui tautan")}, {zone.Format(p.ConfirmedAt!.Value)})")
                .ToList()
            : [];
        var lateText = late.Count == 0 ? null : Shorten("Konfirmasi anggota melewati standar waktu: " + string.Join("; ", late), 1000);
        if (lateText is null && step.DueAt is { } limit && doneAt > limit)
        {
            // Past the standard with no late confirmation to name: the last members were settled otherwise (their accounts cancelled).
            var settled = request.Persons.Where(p => p.Outcome == PersonOutcome.NotDone && p.OutcomeAt > limit).OrderBy(p => p.OutcomeAt)
                .Select(p => $"{p.FullName} ({p.OutcomeNote}, {zone.Format(p.OutcomeAt!.Value)})").ToList();
            lateText = Shorten("Langkah ditutup setelah standar waktu: " +
                               (settled.Count > 0 ? "anggota yang belum mengonfirmasi dibatalkan — " + string.Join("; ", settled) : "anggota terakhir dituntaskan oleh petugas"), 1000);
        }

        var counts = $"{confirmed.Count} anggota mengonfirmasi penerimaan" +
                     (request.Persons.Count(p => p.Outcome == PersonOutcome.NotDone) is > 0 and var refused ? $", {refused} tidak dibuatkan akun" : "") +
                     (request.Persons.Count(p => p.Outcome == PersonOutcome.Reused) is > 0 and var reused ? $", {reused} memakai akun yang sudah ada" : "");
        var context = new StepContext
        {
            Request = request, Definition = open, Step = step, Actor = actor, Now = now, Calendar = work, DoneAt = doneAt,
            Move = new StepMove(open.Number, request.Version) { LateExplanation = lateText }, Outcome = counts,
        };
        var module = Module(request.Kind);
        var performed = await PerformAsync(context, module, ct);
        if (!performed.Succeeded)
        {
            return performed;
        }

        if (actor.UserId.Length == 0)
        {
            step.PerformerUserId = null; // the members themselves, through their links: nobody's account
        }

        await module.StepDoneAsync(context, ct);
        return OperationResult.Ok();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 3)] + "...";

    /// <summary>Whether the actor may read the request: its applicant, or staff of its office who see requests.</summary>
    public static bool CanView(AccessRequest request, Actor actor) =>
        request.ApplicantUserId == actor.UserId ||
        (request.OfficeId == actor.OfficeId && (Roles.RequestViewers.Any(actor.IsIn) || actor.IsIn(Roles.AdminPpe) ||
            request.Sop?.Steps.Any(s => s.ActorRole != Roles.Pemohon && actor.IsIn(s.ActorRole)) == true));

    /// <summary>
    /// Where the request stands as the app's status words ("Menunggu pemeriksaan keabsahan", "Dikembalikan untuk dilengkapi"),
    /// from the kind of its open step; shown beside its outcome ("Dikabulkan · Menunggu pengarsipan").
    /// </summary>
    public static RequestStatus StatusOf(AccessRequest request) =>
        StatusOf(CurrentStep(request)?.Kind, request.ClosedAt is not null || request.Status == RequestStatus.Archived);

    /// <summary>The status words of a request whose open step is of kind <paramref name="open"/> (the inbox reads only that).</summary>
    public static RequestStatus StatusOf(StepKind? open, bool closed) => closed
        ? RequestStatus.Archived
        : Array.FindIndex(StepStatuses, p => p.Kind == open) is var i and >= 0 ? StepStatuses[i].Status : RequestStatus.InProgress;

    /// <summary>
    /// The status words a request of this SOP version can stand in, in the order of its steps, then "closed and archived" (the
    /// inbox's status filter on the SOP's tab).
    /// </summary>
    public static IReadOnlyList<RequestStatus> StatusesOf(SopDefinition sop) =>
        [.. sop.Steps.OrderBy(s => s.Number).Select(s => StatusOf(s.Kind, closed: false)).Where(s => s != RequestStatus.InProgress).Distinct(),
            RequestStatus.Archived];

    /// <summary>The open step's kind that a status word names (the inbox's status filter on an engine SOP's tab).</summary>
    public static StepKind? KindOf(RequestStatus status) =>
        Array.FindIndex(StepStatuses, p => p.Status == status) is var i and >= 0 ? StepStatuses[i].Kind : null;

    private static readonly (StepKind Kind, RequestStatus Status)[] StepStatuses =
    [
        (StepKind.Receive, RequestStatus.AwaitingReceipt),
        (StepKind.CompletenessCheck, RequestStatus.Submitted),
        (StepKind.ApplicantCompletion, RequestStatus.ReturnedForCompletion),
        (StepKind.ValidityCheck, RequestStatus.AwaitingValidation),
        (StepKind.AccountAction, RequestStatus.AwaitingExecution),
        (StepKind.Notify, RequestStatus.AwaitingNotification),
        (StepKind.ConfirmReceipt, RequestStatus.AwaitingConfirmation),
        (StepKind.Archive, RequestStatus.AwaitingArchive),
    ];

    /// <summary>Where the request stands, in words: "menunggu Admin PPE: Membuat akun ..." or its outcome once closed.</summary>
    public static string StandingText(AccessRequest request) => CurrentStep(request) is { } step
        ? $"menunggu {step.ActorLabel} — langkah {step.Number}: {step.Activity}"
        : request.Outcome == RequestOutcome.Rejected ? "ditolak dan diarsipkan" : "selesai dan diarsipkan";

    // ---- the step kinds ----

    private async Task<OperationResult> PerformAsync(StepContext ctx, IProcedureModule module, CancellationToken ct)
    {
        var definition = ctx.Definition;
        if (!Enum.IsDefined(ctx.Move.Answer))
        {
            return OperationResult.Fail(ErrorKind.Validation, "Pilih keputusan langkah ini dari pilihan yang tersedia.");
        }

        var answer = ctx.Move.Answer == StepAnswer.No && !definition.IsDecision ? StepAnswer.Reject : ctx.Move.Answer;
        ctx.Answer = answer;
        if (definition.IsDecision && answer == StepAnswer.Done)
        {
            return OperationResult.Fail(ErrorKind.Validation, "Pilih keputusan langkah ini: Ya atau Tidak.");
        }

        if (answer == StepAnswer.Reject && !CanReject(definition))
        {
            return OperationResult.Fail(ErrorKind.Validation, "Permohonan tidak dapat ditolak pada langkah ini.");
        }

        if (answer is StepAnswer.No or StepAnswer.Reject && string.IsNullOrWhiteSpace(ctx.Move.Note))
        {
            return OperationResult.Fail(ErrorKind.Validation, answer == StepAnswer.Reject
                ? "Tuliskan alasan penolakan."
                : definition.Kind == StepKind.CompletenessCheck ? "Tuliskan apa yang harus dilengkapi pemohon." : "Tuliskan alasannya.");
        }

        var positive = answer is StepAnswer.Done or StepAnswer.Yes;
        if (positive && CheckRequirements(ctx) is { } unmet)
        {
            return unmet;
        }

        if (positive && await module.CheckStepAsync(ctx, ct) is { Succeeded: false } refused)
        {
            return refused;
        }

        if (positive && definition.Kind == StepKind.ValidityCheck && await module.FailedChecksAsync(ctx, ct) is { Count: > 0 } failed)
        {
            // Valid despite a failed check: allowed only with a written reason, recorded as a deviation (mutu baku).
            if (string.IsNullOrWhiteSpace(ctx.Move.DeviationReason))
            {
                return OperationResult.Fail(ErrorKind.Validation,
                    "Pemeriksaan berikut tidak terpenuhi (✘): " + string.Join("; ", failed) +
                    ". Menyatakan berkas valid meskipun demikian adalah penyimpangan dan hanya dapat dilakukan dengan alasan tertulis: " +
                    "isi \"Alasan tetap menyatakan valid\", atau nyatakan berkas tidak valid.");
            }

            var reason = ctx.Move.DeviationReason!.Trim();
            AddDeviation(ctx, $"Dinyatakan valid meskipun pemeriksaan register tidak terpenuhi: {string.Join("; ", failed)}. Alasan: {reason}", reason);
        }

        var doneAt = ctx.DoneAt ?? ctx.Now; // a confirmation recorded afterwards counts from when it was given
        if (_steps.LateRefusal(ctx.Step, doneAt, ctx.Calendar, ctx.Move.LateExplanation) is { } late)
        {
            return late; // before the kind acts: nothing is made in the register only to be refused afterwards
        }

        var done = !positive ? OperationResult.Ok() : definition.Kind switch
        {
            StepKind.AccountAction => await module.ActOnAccountsAsync(ctx, ct),
            StepKind.Notify => await module.DeliverAsync(ctx, ct),
            StepKind.Submit or StepKind.Receive or StepKind.Approval or StepKind.Instruction or StepKind.CompletenessCheck
                or StepKind.ValidityCheck or StepKind.ApplicantCompletion or StepKind.ConfirmReceipt or StepKind.Archive => OperationResult.Ok(),
            _ => OperationResult.Fail(ErrorKind.InvalidState, $"Langkah {definition.Number} dijalankan otomatis oleh aplikasi."),
        };
        if (!done.Succeeded)
        {
            return done;
        }

        var outcome = ctx.Outcome ?? DefaultOutcome(definition, answer, ctx.Move.Note,
            NextStep(ctx.Request.Sop!, definition, answer, ctx.Request.Outcome)?.ActorLabel);
        var note = answer == StepAnswer.Done || answer == StepAnswer.Yes ? Clean(ctx.Move.Note) : null;
        var completed = _steps.Complete(ctx.Step, ctx.Actor, doneAt, ctx.Calendar, outcome, note, ctx.Move.LateExplanation);
        if (!completed.Succeeded)
        {
            return completed;
        }

        // Shown as "Penyimpangan" in the step log and sealed with the step's line in the archive record; each deviation is
        // also one record of the ledger, with its performer, for the supervisor's review (docs/adr/0025).
        ctx.Step.Deviation = ctx.Deviation is { Length: > 4000 } full ? full[..3997] + "..." : ctx.Deviation;
        DeviationLedger.RecordCompleted(db, ctx.Request, ctx.Step, ctx.DeviationExplanation);
        var request = ctx.Request;
        if (definition.Kind == StepKind.CompletenessCheck)
        {
            // Kept for the next check after a resubmission: it starts from these ticks, not from an empty list.
            CompletenessTicks.RecordOn(request, new CompletenessTicks(ctx.Move.CheckedItems, ctx.Move.MissingDocuments, default));
        }

        if (definition.Kind == StepKind.ApplicantCompletion && request.PausedSince is { } since)
        {
            // The file is back with the office: the time it spent with the applicant does not count (clock resumes).
            request.PausedSeconds += (long)Math.Max(0, (ctx.Now - since).TotalSeconds);
            request.PausedSince = null;
            request.MissingItems = null;
        }

        if (answer == StepAnswer.Reject)
        {
            request.Outcome = RequestOutcome.Rejected;
            request.RejectionReason = Clean(ctx.Move.Note);
            notifier.Tell(request.ApplicantUserId, request, $"Permohonan {request.Number} ditolak: {request.RejectionReason}");
        }
        else if (answer == StepAnswer.No && definition.Kind == StepKind.CompletenessCheck)
        {
            request.MissingItems = Clean(ctx.Move.Note);
        }

        if (definition.Kind == StepKind.Archive)
        {
            Close(request, module, ctx);
            return OperationResult.Ok();
        }

        var next = NextStep(request.Sop!, definition, answer, request.Outcome);
        for (var guard = 0; next is not null && IsAutomatic(next.Kind); guard++)
        {
            if (guard > request.Sop!.Steps.Count)
            {
                throw new InvalidOperationException($"SOP {request.Sop.Number} v{request.Sop.Version}: the automatic steps after step {definition.Number} never end.");
            }

            // Notices the app sends for the actor (SOP 4 steps 3 and 7): performed at once, in the actor's name.
            if (next.Kind == StepKind.RejectionNotice && request.Outcome != RequestOutcome.Rejected)
            {
                // "Tidak valid → langkah 7 (pemberitahuan ditolak)": reaching the SOP's rejection notice rejects the request.
                request.Outcome = RequestOutcome.Rejected;
                request.RejectionReason = Clean(ctx.Move.Note);
                notifier.Tell(request.ApplicantUserId, request, $"Permohonan {request.Number} ditolak: {request.RejectionReason}");
            }

            if (next.Kind == StepKind.RequestCompletion && request.MissingItems is { } missing)
            {
                notifier.Incomplete(request, missing);
            }
            else if (next.Kind == StepKind.RejectionNotice)
            {
                notifier.Rejected(request, request.RejectionReason ?? "");
            }

            var automatic = _steps.Open(request, next, ctx.Now, ctx.Calendar);
            _steps.Finish(automatic, ctx.Actor, ctx.Now, ctx.Calendar, next.Output.Length > 0 ? next.Output : next.Activity, null);
            next = NextStep(request.Sop!, next, StepAnswer.Done, request.Outcome);
        }

        if (next is null)
        {
            Close(request, module, ctx);
            return OperationResult.Ok();
        }

        var opened = _steps.Open(request, next, ctx.Now, ctx.Calendar);
        if (ConfirmsPerPerson(request, next) && request.Persons.All(p => p.IsSettled))
        {
            // Nobody has anything to confirm (every person refused, or keeping the account they hold): the step is done as it opens.
            _steps.Finish(opened, ctx.Actor, ctx.Now, ctx.Calendar, "Tidak ada anggota yang perlu mengonfirmasi penerimaan", null);
            if (NextStep(request.Sop!, next, StepAnswer.Done, request.Outcome) is not { } after)
            {
                Close(request, module, ctx);
                return OperationResult.Ok();
            }

            next = after;
            _steps.Open(request, next, ctx.Now, ctx.Calendar);
        }

        if (next.Kind == StepKind.ApplicantCompletion)
        {
            request.PausedSince = ctx.Now; // the request's clock stops while the file is with the applicant
        }

        return OperationResult.Ok();
    }

    /// <summary>
    /// Which documents a step takes: the applicant's own steps take any document of the SOP; a staff step only those it
    /// names itself (so a checker cannot add the document they are to check).
    /// </summary>
    public static bool AcceptsDocument(SopStep step, string code) =>
        step.ActorRole == Roles.Pemohon || step.Kind is StepKind.Submit or StepKind.Receive or StepKind.ApplicantCompletion ||
        step.Requirements.Any(r => r.Kind == RequirementKind.Document && r.Code == code);

    /// <summary>The longest written reason for "valid" despite a failed check.</summary>
    public const int MaxDeviationReason = 2000;

    /// <summary>
    /// What the applicant must complete, as a completeness check returns it: each checklist item of the step left unticked,
    /// each document marked missing, then the checker's own words, one line each ("- Surat Keputusan ..."); only the words
    /// when nothing is named otherwise; null when nothing was named.
    /// </summary>
    private static string? MissingList(SopDefinition sop, SopStep step, StepMove move)
    {
        var unticked = step.Requirements.Where(r => r.Kind == RequirementKind.Check && !move.CheckedItems.Contains(r.Code))
            .OrderBy(r => r.Order).Select(r => r.Label);
        var names = unticked.Concat(move.MissingDocuments.Distinct()
            .Select(code => step.Requirements.FirstOrDefault(r => r.Code == code)?.Label ??
                            sop.RequiredDocuments.FirstOrDefault(d => d.Code == code)?.Name ?? code))
            .Select(name => "- " + name).ToList();
        if (names.Count == 0)
        {
            return Clean(move.Note);
        }

        if (Clean(move.Note) is { } remarks)
        {
            names.Add("- " + remarks);
        }

        return string.Join("\n", names);
    }

    /// <summary>Steps at which the actor may reject the request outright (with a reason).</summary>
    public static bool CanReject(SopStep step) => step.Kind is StepKind.Approval or StepKind.CompletenessCheck or StepKind.ValidityCheck;

    /// <summary>Every document the step names is on file and every item it names is ticked.</summary>
    private static OperationResult? CheckRequirements(StepContext ctx)
    {
        var onFile = ctx.Request.Documents.Select(d => d.DocumentCode).ToHashSet(StringComparer.Ordinal);
        var missing = ctx.Definition.Requirements.OrderBy(r => r.Order)
            .Where(r => r.Kind == RequirementKind.Document ? !onFile.Contains(r.Code) : !ctx.Move.CheckedItems.Contains(r.Code))
            .ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        if (missing.All(r => r.Kind == RequirementKind.Check) && Clean(ctx.Move.ShortfallReason) is { } shortfall)
        {
            // Items left unticked, knowingly and with a written reason: the step goes on, and the shortfall is a kelengkapan
            // deviation the performer answers for (docs/adr/0025). A missing document is never passed this way.
            AddDeviation(ctx, "Dilanjutkan meskipun butir pemeriksaan belum terpenuhi: " +
                              string.Join("; ", missing.Select(r => r.Label)) + $". Alasan: {shortfall}", shortfall);
            return null;
        }

        var documents = missing.Where(r => r.Kind == RequirementKind.Document).Select(r => r.Label).ToList();
        var checks = missing.Where(r => r.Kind == RequirementKind.Check).Select(r => r.Label).ToList();
        var parts = new List<string>();
        if (documents.Count > 0)
        {
            parts.Add("dokumen wajib belum diunggah: " + string.Join("; ", documents));
        }

        if (checks.Count > 0)
        {
            parts.Add("butir pemeriksaan belum dicentang: " + string.Join("; ", checks));
        }

        var onlyChecks = documents.Count == 0
            ? " Bila langkah tetap harus dilanjutkan, tuliskan alasannya pada \"Alasan melanjutkan meskipun butir belum terpenuhi\"; " +
              "itu dicatat sebagai penyimpangan kelengkapan atas nama Anda."
            : "";
        return OperationResult.Fail(ErrorKind.Validation,
            $"Kelengkapan langkah {ctx.Definition.Number} belum terpenuhi — " + string.Join("; ", parts) + "." + onlyChecks);
    }

    /// <summary>A deviation the actor takes knowingly, with their reason: one line in the step log, the reasons the ledger's explanation.</summary>
    private static void AddDeviation(StepContext ctx, string fact, string reason)
    {
        ctx.Deviation = ctx.Deviation is null ? fact : ctx.Deviation + " " + fact;
        ctx.DeviationExplanation = ctx.DeviationExplanation is null ? reason : ctx.DeviationExplanation + " " + reason;
    }

    /// <summary>The step the definition names after this one for this answer; the SOP's Archive step after a rejection.</summary>
    public static SopStep? NextStep(SopDefinition sop, SopStep from, StepAnswer answer, RequestOutcome outcome = RequestOutcome.Pending)
    {
        var steps = sop.Steps.OrderBy(s => s.Number).ToList();
        if (outcome == RequestOutcome.Rejected && from.Kind != StepKind.RejectionNotice && answer is not (StepAnswer.No or StepAnswer.Reject))
        {
            // Once rejected, a request only goes on to its archive: never to an account action or a delivery.
            return steps.FirstOrDefault(s => s.Kind == StepKind.Archive && s.Number > from.Number);
        }

        if (answer == StepAnswer.No && from.AlternateStepNumber is { } alternate)
        {
            return steps.Single(s => s.Number == alternate);
        }

        if (answer is StepAnswer.No or StepAnswer.Reject)
        {
            // A rejection goes to the SOP's rejection notice if it has one, else straight to its Archive step.
            return steps.FirstOrDefault(s => s.Kind == StepKind.RejectionNotice && s.Number > from.Number)
                   ?? steps.FirstOrDefault(s => s.Kind == StepKind.Archive && s.Number > from.Number);
        }

        var following = from.NextStepNumber is { } next
            ? steps.Single(s => s.Number == next)
            : steps.FirstOrDefault(s => s.Number > from.Number);
        return outcome == RequestOutcome.Rejected && following?.Kind is StepKind.AccountAction or StepKind.Notify
            ? steps.FirstOrDefault(s => s.Kind == StepKind.Archive && s.Number > from.Number)
            : following;
    }

    /// <summary>Steps the app performs itself when the request reaches them: sending a notice the SOP names as a step.</summary>
    public static bool IsAutomatic(StepKind kind) => kind is StepKind.RequestCompletion or StepKind.RejectionNotice;

    private void Close(AccessRequest request, IProcedureModule module, StepContext ctx)
    {
        if (request.Outcome == RequestOutcome.Pending)
        {
            request.Outcome = RequestOutcome.Completed;
        }

        // The module's facts are the page's too; the machine-readable times and the SK's end date are added here, for the record.
        var inv = CultureInfo.InvariantCulture;
        moves.Archive(request, module.Facts(request).Prepend($"Nomor: {request.Number}")
            .Append(string.Create(inv, $"Diajukan: {request.SubmittedAt:o}; waktu di pemohon (jam berhenti): {request.PausedSeconds} detik"))
            .Concat(request.SkValidUntil is { } until ? [string.Create(inv, $"SK: {request.SkNumber} berlaku s.d. {until:yyyy-MM-dd}")] : [])
            .Append($"SOP: {request.Sop!.Number} versi {request.Sop.Version}")
            .Append($"Hasil: {request.Outcome.Label()}{(request.RejectionReason is null ? "" : " — " + request.RejectionReason)}"),
            ctx.Actor, ctx.Now, options.Value.ArchiveRetentionYears);
        notifier.Tell(request.ApplicantUserId, request, $"Permohonan {request.Number} {StandingText(request)}.");
    }

    /// <summary>The step's output in words, for its log line: the SOP's own output, or what the kind means when it names none.</summary>
    private static string DefaultOutcome(SopStep step, StepAnswer answer, string? note, string? nextActor) => answer switch
    {
        StepAnswer.No when step.Kind == StepKind.CompletenessCheck => "Berkas tidak lengkap:\n" + Clean(note),
        StepAnswer.No => "Tidak: " + Clean(note),
        StepAnswer.Reject => "Ditolak: " + Clean(note),
        StepAnswer.Yes => "Ya",
        _ when step.Kind == StepKind.Archive => "Berkas diarsipkan",
        _ when step.Output.Length > 0 => step.Output,
        _ when step.Kind is StepKind.Instruction or StepKind.Approval && nextActor is not null => $"Diperintahkan kepada {nextActor}",
        _ => "Selesai",
    };

    /// <summary>
    /// The answer when the step the actor saw was done meanwhile. When the actor did it themselves (the page was reloaded, the
    /// form sent twice) it says so, with the module's hint, instead of blaming "another officer".
    /// </summary>
    /// <param name="repeatedByActor">
    /// What the actor did on the open step without completing it (e.g. "Kirim ulang tautan konfirmasi"), when the module knows the
    /// change that moved the version on was that, by this actor: told as their own repeat too.
    /// </param>
    public OperationResult Conflict(AccessRequest current, SopStep seen, Actor actor, string? repeatedByActor = null)
    {
        var last = current.Steps.Where(s => s.StepNumber == seen.Number && s.CompletedAt is not null)
            .OrderByDescending(s => s.CompletedAt).ThenByDescending(s => s.Id).FirstOrDefault();
        if (repeatedByActor is not null || last?.PerformerUserId == actor.UserId)
        {
            var hint = Runs(current.Kind) ? Module(current.Kind).RepeatHint(current) : null;
            var what = repeatedByActor is null ? $"Langkah {seen.Number}" : $"\"{repeatedByActor}\" pada langkah {seen.Number}";
            return OperationResult.Fail(ErrorKind.Conflict,
                $"{what} pada permohonan {current.Number} sudah Anda simpan sebelumnya (halaman dimuat ulang atau formulir " +
                $"terkirim dua kali), sehingga tidak dijalankan lagi; sekarang {StandingText(current)}." + (hint is null ? "" : " " + hint));
        }

        return OperationResult.Fail(ErrorKind.Conflict,
            $"Permohonan {current.Number} baru saja diproses oleh petugas lain (langkah {seen.Number} sudah dikerjakan; sekarang " +
            $"{StandingText(current)}). Tindakan Anda tidak disimpan. Muat ulang halaman untuk melihat keadaan terbaru.");
    }

    private static OperationResult Closed(AccessRequest request) => OperationResult.Fail(ErrorKind.InvalidState,
        $"Permohonan {request.Number} sudah {StandingText(request)}; tidak ada langkah yang dapat dikerjakan.");

    private static OperationResult<MoveResult> Failed(OperationResult why) => OperationResult<MoveResult>.From(why);

    /// <summary>The request a form with this key made: the applicant's own, or one staff took in for an applicant.</summary>
    private async Task<int?> FindBySubmissionKeyAsync(string userId, Guid key, CancellationToken ct) =>
        await db.AccessRequests.AsNoTracking().Where(r => (r.ApplicantUserId == userId || r.RegisteredByUserId == userId) && r.SubmissionKey == key)
            .Select(r => (int?)r.Id).SingleOrDefaultAsync(ct);

    /// <param name="submittedAt">When it was submitted, in the office's time: the year is the office's year.</param>
    public static string FormatNumber(string prefix, DateTime submittedAt, int id) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{submittedAt:yyyy}-{id:D6}");

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
