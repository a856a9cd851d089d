using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Validation;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Procedures;

/// <summary>One staff member named on the SOP 3 form.</summary>
public sealed record StaffPerson(string FullName, string Nip, string Email, string? Phone, string? Position, SpseRole Role, string UserId);

public sealed record StartStaffRegistration(Guid SubmissionKey, string SkNumber, DateOnly SkDate, string? Note,
    IReadOnlyList<StaffPerson> Persons, IReadOnlyList<IncomingFile> Files);

/// <summary>
/// SOP 3, "Registrasi Verifikator/Helpdesk/Admin Agency LPSE", on the engine: Kepala LPSE issues the SK for one or more
/// staff members with the account form (step 1) and orders Admin PPE (step 2); Admin PPE makes each account in SPSE and
/// the register (step 3), sends each person a one-time link to their account (step 4) and archives (step 5).
/// </summary>
public sealed class StaffRegistrationModule(AppDbContext db, CredentialService credentials, Notifier notifier, OfficeCalendar calendar)
    : IProcedureModule, IReissuesPersonLinks
{
    /// <summary>The SPSE roles SOP 3 makes accounts for (LPSE's own staff).</summary>
    public static readonly IReadOnlyList<SpseRole> StaffRoles = [SpseRole.Verifikator, SpseRole.Helpdesk, SpseRole.AdminAgency, SpseRole.Auditor];

    public const int MaxPersons = 30;

    public SopKind Kind => SopKind.StaffRegistration;

    public string NumberPrefix => "RGS";

    /// <summary>Step 1 by Kepala LPSE: the SK and the form's persons, checked against the register before anything is made.</summary>
    public Task<OperationResult<int>> StartAsync(SopEngine engine, StartStaffRegistration command, Actor actor, CancellationToken ct) =>
        engine.StartAsync(Kind, actor, command.SubmissionKey, command.Files, [], command.Note, async (request, _) =>
        {
            var today = await calendar.TodayAsync(actor.OfficeId, ct);
            if (command.SkDate > today)
            {
                return OperationResult.Fail(ErrorKind.Validation,
                    $"Tanggal SK ({command.SkDate:dd-MM-yyyy}) belum tiba. SK yang belum berlaku tidak dapat menjadi dasar pembuatan akun.");
            }

            if (command.Persons.Count is 0 or > MaxPersons)
            {
                return OperationResult.Fail(ErrorKind.Validation, $"Isi data 1 sampai {MaxPersons} personil yang dibuatkan akun.");
            }

            if (Invalid(command, today) is { Count: > 0 } invalid)
            {
                return OperationResult.Fail(ErrorKind.Validation, string.Join(" ", invalid));
            }

            var problems = await ConflictsAsync(actor.OfficeId,
                command.Persons.Select(p => (NipValidator.Normalize(p.Nip)!, p.Role, p.UserId, p.FullName)).ToList(), ct);
            if (problems.Count > 0)
            {
                return OperationResult.Fail(ErrorKind.Validation, string.Join(" ", problems));
            }

            request.Type = RequestType.StaffRegistration;
            request.SkNumber = command.SkNumber.Trim();
            request.SkDate = command.SkDate;
            request.Reason = command.Note?.Trim() ?? "";
            request.SpseUserId = command.Persons[0].UserId.Trim();
            request.Persons.AddRange(command.Persons.Select((p, i) => new RequestPerson
            {
                Order = i + 1,
                FullName = p.FullName.Trim(),
                Nip = NipValidator.Normalize(p.Nip)!,
                Email = p.Email.Trim(),
                Phone = string.IsNullOrWhiteSpace(p.Phone) ? null : p.Phone.Trim(),
                Position = string.IsNullOrWhiteSpace(p.Position) ? null : p.Position.Trim(),
                Role = p.Role,
                UserId = p.UserId.Trim(),
            }));
            return OperationResult.Ok();
        }, ct);

    public IEnumerable<string> Facts(AccessRequest request) =>
        new[] { $"SK: {request.SkNumber} tanggal {request.SkDate:dd-MM-yyyy}", $"Kepala LPSE: {request.ApplicantName}" }
            .Concat(request.Persons.OrderBy(p => p.Order).Select(p =>
                $"Personil {p.Order}: {p.FullName} (NIP {p.Nip}), {p.Role.Label()}, user ID {p.UserId}, {p.Email} — " +
                (p.Outcome switch { PersonOutcome.Done => "akun dibuat", PersonOutcome.NotDone => "tidak dibuat: " + p.OutcomeNote, _ => "belum diproses" }) +
                (p.DeliveredAt is null ? "" : ", tautan akun dikirim")));

    /// <summary>Step 3: each person's account made in SPSE (or not, with the reason), recorded in the register; a temporary password each.</summary>
    public async Task<OperationResult> ActOnAccountsAsync(StepContext ctx, CancellationToken ct)
    {
        var request = ctx.Request;
        var pending = request.Persons.Where(p => p.Outcome == PersonOutcome.Pending).OrderBy(p => p.Order).ToList();
        var decisions = ctx.Move.Persons.ToDictionary(d => d.PersonId);
        if (pending.FirstOrDefault(p => !decisions.ContainsKey(p.Id)) is { } undecided)
        {
            return OperationResult.Fail(ErrorKind.Validation, $"Tentukan hasil pembuatan akun untuk {undecided.FullName}.");
        }

        if (pending.FirstOrDefault(p => !decisions[p.Id].Done && string.IsNullOrWhiteSpace(decisions[p.Id].Note)) is { } unexplained)
        {
            return OperationResult.Fail(ErrorKind.Validation, $"Tuliskan alasan akun {unexplained.FullName} tidak dibuat.");
        }

        foreach (var person in pending.Where(p => decisions[p.Id].Done && !string.IsNullOrWhiteSpace(decisions[p.Id].UserId)))
        {
            person.UserId = decisions[person.Id].UserId!.Trim();
        }

        var made = pending.Where(p => decisions[p.Id].Done).ToList();
        var problems = await ConflictsAsync(request.OfficeId, made.Select(p => (p.Nip, p.Role, p.UserId, p.FullName)).ToList(), ct, request.Id);
        if (problems.Count > 0)
        {
            return OperationResult.Fail(ErrorKind.Validation, string.Join(" ", problems) + " Tandai personil tersebut \"tidak dibuat\" dengan alasannya, atau ubah user ID.");
        }

        var agency = await db.Offices.Where(o => o.Id == request.OfficeId).Select(o => o.Name).SingleAsync(ct);
        var accounts = made.Select(p => (Person: p, Account: new SpseAccount
        {
            OfficeId = request.OfficeId,
            UserId = p.UserId,
            HolderName = p.FullName,
            HolderNip = p.Nip,
            HolderEmail = p.Email,
            HolderPhone = p.Phone,
            Agency = agency,
            Role = p.Role,
            SkNumber = request.SkNumber ?? "",
            SkDate = request.SkDate,
            ValidFrom = request.SkDate,
            Status = SpseAccountStatus.Active,
            CreatedAt = ctx.Now,
            UpdatedAt = ctx.Now,
        })).ToList();
        db.SpseAccounts.AddRange(accounts.Select(a => a.Account));
        await db.SaveChangesAsync(ct); // inside the engine's transaction: the accounts need their ids

        foreach (var (person, account) in accounts)
        {
            db.SpseAccountHistory.Add(new SpseAccountHistory
            {
                SpseAccountId = account.Id, Change = SpseAccountChange.Registered, ChangedAt = ctx.Now, ChangedByUserId = ctx.Actor.UserId,
                ChangedByName = ctx.Actor.Name, AccessRequestId = request.Id,
                Detail = $"Akun {account.Role.Label()} dibuat sesuai SK {request.SkNumber}; password sementara wajib diganti saat login pertama.",
            });
            var password = CredentialService.GeneratePassword();
            credentials.Prepare(request.Id, account.Id, account.UserId, person.Email, password).RequestPersonId = person.Id;
            ctx.Secrets.Add(new IssuedSecret(person.FullName, account.UserId, password));
            person.SpseAccountId = account.Id;
            person.Outcome = PersonOutcome.Done;
            person.OutcomeAt = ctx.Now;
        }

        foreach (var person in pending.Where(p => !decisions[p.Id].Done))
        {
            person.Outcome = PersonOutcome.NotDone;
            person.OutcomeNote = decisions[person.Id].Note!.Trim();
            person.OutcomeAt = ctx.Now;
        }

        if (made.Count == 0)
        {
            // Nothing was made: the request ends rejected (through its archive step), with each person's reason on record.
            request.Outcome = RequestOutcome.Rejected;
            request.RejectionReason = "Tidak ada akun yang dibuat: " + string.Join("; ", pending.Select(p => $"{p.FullName} — {p.OutcomeNote}"));
            if (request.RejectionReason.Length > 2000)
            {
                request.RejectionReason = request.RejectionReason[..1997] + "...";
            }
        }

        ctx.Outcome = $"Akun dibuat untuk {made.Count} dari {pending.Count} personil" +
                      (made.Count > 0 ? ": " + string.Join(", ", made.Select(p => $"{p.FullName} ({p.UserId})")) : "");
        ctx.Outcome = Shorten(ctx.Outcome);
        return OperationResult.Ok();
    }

    /// <summary>Step 4: each person gets their own one-time link by email, with the instruction to sign in and change the password at once.</summary>
    public async Task<OperationResult> DeliverAsync(StepContext ctx, CancellationToken ct)
    {
        var request = ctx.Request;
        var persons = request.Persons.Where(p => p.Outcome == PersonOutcome.Done && p.DeliveredAt is null).OrderBy(p => p.Order).ToList();
        var ids = persons.Select(p => (int?)p.Id).ToList();
        var deliveries = await db.CredentialDeliveries
            .Where(c => c.AccessRequestId == request.Id && ids.Contains(c.RequestPersonId) && c.RevealedAt == null && c.ProtectedSecret != null)
            .ToListAsync(ct);
        foreach (var person in persons)
        {
            var delivery = deliveries.Where(d => d.RequestPersonId == person.Id).MaxBy(d => d.Id);
            if (delivery is null)
            {
                return OperationResult.Fail(ErrorKind.InvalidState, $"Password sementara untuk {person.FullName} tidak ditemukan.");
            }

            SendLink(request, person, delivery, calendar.ForZone(ctx.TimeZone), reissued: false);
            person.DeliveredAt = ctx.Now;
        }

        ctx.Outcome = persons.Count == 0
            ? "Tidak ada akun yang perlu diinformasikan"
            : Shorten($"Email informasi akun dikirim ke {persons.Count} personil: " + string.Join(", ", persons.Select(p => p.Email)));
        return OperationResult.Ok();
    }

    /// <summary>After step 4, a person's lost or expired link made again, by the role that makes the accounts (<see cref="PersonLinkReissue"/>).</summary>
    public Task<OperationResult<IssuedSecret>> ReissueLinkAsync(int requestId, int personId, int expectedVersion, Actor actor, CancellationToken ct) =>
        new PersonLinkReissue(db, credentials, notifier, calendar).ReissueAsync(Kind, requestId, personId, expectedVersion, actor,
            (request, person, delivery, zone) => SendLink(request, person, delivery, zone, reissued: true), ct);

    /// <summary>The person's own mail: user ID, the one-time link (opened with their NIP), and the duty to change the password.</summary>
    private void SendLink(AccessRequest request, RequestPerson person, CredentialDelivery delivery, OfficeClock zone, bool reissued)
    {
        var link = credentials.PersonLink(credentials.IssueToken(delivery));
        var opening = reissued
            ? $"Atas permintaan Anda atau karena tautan sebelumnya tidak dapat dipakai, Admin PPE membuat ulang password sementara akun SPSE Anda sebagai {person.Role.Label()}. Tautan yang dikirim sebelumnya tidak berlaku lagi."
            : $"Sesuai SK {request.SkNumber}, akun SPSE Anda sebagai {person.Role.Label()} telah dibuat oleh Admin PPE.";
        notifier.Queue(request, "staff-account", person.Email,
            reissued ? $"[{request.Number}] Tautan baru akun SPSE {person.Role.Label()} Anda" : $"[{request.Number}] Akun SPSE {person.Role.Label()} Anda telah dibuat",
            $"""
            Yth. {person.FullName},

            {opening}

            User ID: {person.UserId}

            Password sementara dapat dilihat SATU KALI melalui tautan berikut (diminta NIP Anda), berlaku sampai
            {zone.Format(delivery.ExpiresAt)}:
            {link}

            Segera login ke SPSE dengan user ID dan password tersebut, lalu WAJIB mengganti password sementara itu.
            Jangan meneruskan email ini kepada siapa pun.
            """, redactAfterSend: true);
    }

    private static string Shorten(string text) => text.Length <= 2000 ? text : text[..1997] + "...";

    /// <summary>The form's own faults (the web form checks the same; the module does not rely on it).</summary>
    private static List<string> Invalid(StartStaffRegistration command, DateOnly today)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(command.SkNumber) || command.SkNumber.Trim().Length > 200)
        {
            problems.Add("Nomor SK wajib diisi (paling panjang 200 karakter).");
        }

        if (command.Note?.Trim().Length > 2000)
        {
            problems.Add("Catatan paling panjang 2.000 karakter.");
        }

        foreach (var (p, i) in command.Persons.Select((p, i) => (p, i + 1)))
        {
            var who = string.IsNullOrWhiteSpace(p.FullName) ? $"Personil {i}" : p.FullName.Trim();
            if (string.IsNullOrWhiteSpace(p.FullName) || p.FullName.Trim().Length > 200)
            {
                problems.Add($"Personil {i}: nama wajib diisi (paling panjang 200 karakter).");
            }

            problems.AddRange(NipValidator.Validate(p.Nip, today).Select(m => $"{who}: {m}"));
            if (string.IsNullOrWhiteSpace(p.Email) || p.Email.Trim().Length > 256 || !System.Net.Mail.MailAddress.TryCreate(p.Email.Trim(), out var address) ||
                address.Address != p.Email.Trim() || !address.Host.Contains('.'))
            {
                problems.Add($"{who}: alamat email tidak sah.");
            }

            if (string.IsNullOrWhiteSpace(p.UserId) || p.UserId.Trim().Length is < 3 or > 100 ||
                !p.UserId.Trim().All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                problems.Add($"{who}: user ID 3–100 karakter, hanya huruf, angka, titik, garis bawah atau tanda hubung.");
            }

            if (p.Phone?.Trim().Length > 30 || p.Position?.Trim().Length > 200)
            {
                problems.Add($"{who}: No. HP paling panjang 30 karakter dan jabatan 200 karakter.");
            }
        }

        return problems;
    }

    /// <summary>
    /// Why a person cannot get the account: the user ID is taken, the person already holds an active account of that role
    /// in this office, or another open request already names them for it; and the same NIP or user ID twice on one form.
    /// </summary>
    private async Task<List<string>> ConflictsAsync(int officeId, IReadOnlyList<(string Nip, SpseRole Role, string UserId, string Name)> persons,
        CancellationToken ct, int? exceptRequestId = null)
    {
        var problems = new List<string>();
        foreach (var role in persons.Select(p => p.Role).Where(r => !StaffRoles.Contains(r)).Distinct())
        {
            problems.Add($"Peran {role.Label()} tidak dibuat melalui SOP ini.");
        }

        problems.AddRange(persons.GroupBy(p => p.UserId.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => $"User ID {g.Key} tercantum lebih dari sekali."));
        problems.AddRange(persons.GroupBy(p => (p.Nip, p.Role)).Where(g => g.Count() > 1)
            .Select(g => $"NIP {NipValidator.Format(g.Key.Nip)} tercantum lebih dari sekali untuk peran {g.Key.Role.Label()}."));

        var userIds = persons.Select(p => p.UserId.Trim()).ToList();
        var nips = persons.Select(p => p.Nip).ToList();
        var taken = await db.SpseAccounts.AsNoTracking().Where(a => a.OfficeId == officeId && userIds.Contains(a.UserId))
            .Select(a => a.UserId).ToListAsync(ct);
        problems.AddRange(taken.Select(u => $"User ID {u} sudah dipakai akun lain di register."));

        var holders = await db.SpseAccounts.AsNoTracking()
            .Where(a => a.OfficeId == officeId && nips.Contains(a.HolderNip) && a.Status == SpseAccountStatus.Active)
            .Select(a => new { a.HolderNip, a.Role, a.UserId }).ToListAsync(ct);
        problems.AddRange(persons.SelectMany(p => holders.Where(h => h.HolderNip == p.Nip && h.Role == p.Role)
            .Select(h => $"{p.Name} sudah memegang akun {p.Role.Label()} yang aktif ({h.UserId}).")));

        var open = await db.RequestPersons.AsNoTracking()
            .Where(p => nips.Contains(p.Nip) && p.Outcome == PersonOutcome.Pending && p.AccessRequestId != exceptRequestId)
            .Join(db.AccessRequests.Where(r => r.OfficeId == officeId && r.ClosedAt == null), p => p.AccessRequestId, r => r.Id,
                (p, r) => new { p.Nip, p.Role, r.Number })
            .ToListAsync(ct);
        problems.AddRange(persons.SelectMany(p => open.Where(o => o.Nip == p.Nip && o.Role == p.Role)
            .Select(o => $"{p.Name} sudah diajukan untuk akun {p.Role.Label()} dalam permohonan {o.Number} yang masih berjalan.")));
        return problems;
    }
}
