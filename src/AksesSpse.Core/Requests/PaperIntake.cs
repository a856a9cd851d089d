using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Documents.Pdf;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AksesSpse.Core.Requests;

/// <summary>
/// Whether an SOP lets staff register a request file delivered on paper or by email, and who may do it: a property of the
/// SOP's procedure module (SOP 2 says the file may come "secara langsung (hardcopy) atau melalui email", SOP 4 "dalam
/// bentuk hardcopy"). The desk (Helpdesk LPSE) and the SOP's own receiving actor may take a file in.
/// </summary>
public sealed record PaperIntakePolicy(SopKind Kind, string Title, IReadOnlyList<string> IntakeRoles)
{
    public bool AllowsBy(Actor actor) => IntakeRoles.Any(actor.IsIn);
}

/// <summary>The SOPs that accept a paper or email file, in the order the intake page offers them.</summary>
public static class PaperIntakePolicies
{
    public static readonly IReadOnlyList<PaperIntakePolicy> All = [Procedures.AccessActivationModule.Intake, Procedures.PasswordResetModule.Intake];

    public static PaperIntakePolicy? For(SopKind kind) => All.FirstOrDefault(p => p.Kind == kind);

    public static IReadOnlyList<PaperIntakePolicy> ForActor(Actor actor) => All.Where(p => p.AllowsBy(actor)).ToList();
}

/// <summary>Who brought the file, as the intake officer types it from the paper.</summary>
public sealed record IntakeApplicant(IntakeChannel Channel, string Name, string Nip, string Email, PersonalDetails Details);

/// <summary>
/// The intake of a request file brought to the desk or sent by email, for every SOP that allows it (steps 1 and 2 at
/// once): the applicant's app account is found or made, the scans are attached, the submission and the receipt are
/// recorded with the intake officer as performer, and the handover form (PDF with a QR code to the status page) is made
/// and mailed, through the SOP engine (each module's IntakeAsync). Also the handover form of a file received in the app.
/// </summary>
public sealed class PaperIntake(
    AppDbContext db,
    OfficeCalendar calendar,
    RequestFiles requestFiles,
    Notifier notifier,
    RequestLinks links)
{
    public const string ReceiptCode = "FORMULIR_SERAH_TERIMA";
    public const string ReceiptName = "Formulir serah terima berkas";

    /// <summary>Why this actor may not take in a file of this SOP by this channel (null when they may).</summary>
    public static OperationResult? Refusal(PaperIntakePolicy policy, IntakeChannel channel, Actor actor) =>
        !policy.AllowsBy(actor) ? OperationResult.Forbidden()
        : channel is not (IntakeChannel.WalkIn or IntakeChannel.Email)
            ? OperationResult.Fail(ErrorKind.Validation, "Pilih cara berkas diterima: datang langsung atau email.")
            : null;

    /// <summary>
    /// What every module's intake answers before it looks at the file: a refusal of this actor or channel, or the request a
    /// form sent again already made; null when the file is new and may be taken in.
    /// </summary>
    public async Task<OperationResult<int>?> RefusedOrRepeatedAsync(PaperIntakePolicy policy, IntakeChannel channel, Guid submissionKey,
        Actor actor, CancellationToken ct) =>
        Refusal(policy, channel, actor) is { } refusal ? OperationResult<int>.From(refusal) : await RepeatedAsync(submissionKey, actor, ct);

    /// <summary>The answer to an intake form sent again: the request it made (for the same officer), else a refusal; null if new.</summary>
    public async Task<OperationResult<int>?> RepeatedAsync(Guid submissionKey, Actor actor, CancellationToken ct) =>
        await FindBySubmissionKeyAsync(submissionKey, ct) is { } existing
            ? existing.RegisteredByUserId == actor.UserId
                ? OperationResult<int>.Ok(existing.Id)
                : Invalid<int>("Formulir ini sudah dipakai. Muat ulang halaman dan isi kembali.")
            : null;

    /// <summary>
    /// Names the applicant of a file taken in at the desk on the request — their own app account or a contact account made
    /// for them (NIP verified by the intake officer against the SK on paper) — and records how it came and who took it in.
    /// </summary>
    public async Task<OperationResult> FillApplicantAsync(AccessRequest request, IntakeApplicant applicant, ApplicantKind kind, Actor actor,
        DateTime now, CancellationToken ct)
    {
        var nip = NipValidator.Normalize(applicant.Nip) ?? "";
        var contact = await ApplicantContactAsync(actor.OfficeId, applicant, nip, kind, request.SkNumber, actor, now, ct);
        if (!contact.Succeeded)
        {
            return contact;
        }

        request.ApplicantUserId = contact.Value!;
        request.ApplicantName = applicant.Name.Trim();
        request.ApplicantNip = nip;
        request.ApplicantEmail = applicant.Email.Trim();
        request.ApplicantRankGrade = Clean(applicant.Details.RankGrade);
        request.ApplicantPosition = Clean(applicant.Details.Position);
        request.ApplicantAgency = Clean(applicant.Details.Agency);
        request.ApplicantAddress = Clean(applicant.Details.Address);
        request.ApplicantPhone = Clean(applicant.Details.Phone);
        request.Channel = applicant.Channel;
        request.RegisteredByUserId = actor.UserId;
        return OperationResult.Ok();
    }

    /// <summary>The submission step's output when staff record a file the applicant brought or sent.</summary>
    public static string SubmittedOutcome(IntakeChannel channel, Actor actor) =>
        $"Berkas disampaikan pemohon ({channel.Label()}); dicatat oleh {actor.Name}";

    /// <summary>
    /// A file taken in at the desk, once numbered: it was received at once, so its handover form is made and mailed as the proof
    /// of receipt, and the applicant is told who received it and where it now waits.
    /// </summary>
    public async Task ReceivedAtDeskAsync(AccessRequest request, Actor receivedBy, DateTime now, string tz, List<string> stored, CancellationToken ct)
    {
        await IssueReceiptAsync(request, receivedBy, now, tz, stored, ct);
        notifier.Tell(request.ApplicantUserId, request, $"Permohonan {request.Number} diterima {Desk(receivedBy)} dan menunggu pemeriksaan kelengkapan.");
    }

    /// <summary>The handover form of a request, made when it is received, stored with it and mailed to the applicant.</summary>
    public async Task IssueReceiptAsync(AccessRequest r, Actor receivedBy, DateTime now, string tz, List<string> stored, CancellationToken ct)
    {
        var office = await db.Offices.AsNoTracking().SingleAsync(o => o.Id == r.OfficeId, ct);
        var pdf = HandoverReceiptPdf.Render(new HandoverReceipt(
            office.Name,
            office.Address,
            r.Number,
            r.ApplicantName,
            r.ApplicantNip,
            r.ApplicantAgency,
            $"{r.Type.Label()} — user ID {r.SpseUserId}",
            r.Channel.Label(),
            now,
            calendar.ForZone(tz),
            receivedBy.Name,
            r.CurrentDocuments.Where(d => d.DocumentCode != ReceiptCode).OrderBy(d => d.DocumentCode)
                .Select(d => $"{d.DocumentName} ({d.FileName})").ToList(),
            links.StatusUrl(r.Id)));
        var fileName = $"Serah-terima-{r.Number}.pdf";
        var document = await requestFiles.StoreGeneratedAsync(r, ReceiptCode, ReceiptName, fileName, "application/pdf", ".pdf", pdf,
            receivedBy.UserId, now, stored, ct);
        notifier.ActivationReceived(r, links.StatusUrl(r.Id), document.StoragePath, fileName, Desk(receivedBy));
    }

    /// <summary>The handover form of a request, if it has been received (else a message saying it has not).</summary>
    public static async Task<OperationResult<RequestDocument>> ReceiptAsync(AppDbContext db, AccessRequest request, CancellationToken ct)
    {
        var receipt = await db.RequestDocuments.AsNoTracking()
            .Where(d => d.AccessRequestId == request.Id && d.DocumentCode == ReceiptCode)
            .OrderByDescending(d => d.Id).FirstOrDefaultAsync(ct);
        return receipt is null
            ? OperationResult<RequestDocument>.From(OperationResult.Fail(ErrorKind.InvalidState,
                $"Permohonan {request.Number} belum diterima Helpdesk, sehingga formulir serah terima berkas belum ada."))
            : OperationResult<RequestDocument>.Ok(receipt);
    }

    /// <summary>
    /// The app account of an applicant staff register a request for: their own if they have one in this office,
    /// otherwise a contact account without a password (docs/adr/0011), so the request has an owner who can later sign in.
    /// </summary>
    private async Task<OperationResult<string>> ApplicantContactAsync(int officeId, IntakeApplicant applicant, string nip, ApplicantKind kind,
        string? skNumber, Actor intakeOfficer, DateTime now, CancellationToken ct)
    {
        var email = applicant.Email.Trim();
        var normalized = email.ToUpperInvariant();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        if (user is not null)
        {
            var isApplicant = await (from ur in db.UserRoles
                                     join role in db.Roles on ur.RoleId equals role.Id
                                     where ur.UserId == user.Id && role.Name == Roles.Pemohon
                                     select ur).AnyAsync(ct);
            if (!isApplicant || user.OfficeId != officeId)
            {
                return Invalid<string>($"Email {email} sudah dipakai akun lain di AksesSpse. Gunakan email pribadi pemohon.");
            }

            if (!string.IsNullOrEmpty(user.Nip) && user.Nip != nip)
            {
                return Invalid<string>($"Email {email} terdaftar atas NIP lain. Periksa kembali email dan NIP pemohon.");
            }

            if (user.NipStatus == NipStatus.Mismatch)
            {
                // Staff found this account's SK not to match its NIP: a file on paper does not quietly undo that finding.
                return Invalid<string>($"NIP pada akun pemohon {email} ditandai tidak sesuai SK. Verifikasi ulang NIP itu di halaman " +
                                       "Verifikasi NIP dengan SK yang dibawa pemohon, lalu catat berkas ini kembali.");
            }

            return OperationResult<string>.Ok(user.Id);
        }

        if (await db.Users.AsNoTracking().Where(u => u.OfficeId == officeId && u.ApplicantNipKey == nip).Select(u => u.Email).FirstOrDefaultAsync(ct)
            is { } holder)
        {
            return Invalid<string>($"NIP {NipValidator.Format(nip)} sudah dipegang akun pemohon lain ({holder}). Bila akun itu milik pemohon, " +
                                   "pakai email tersebut; bila bukan, tandai NIP akun itu tidak sesuai SK di halaman Verifikasi NIP lebih dulu.");
        }

        var roleId = await db.Roles.Where(r => r.Name == Roles.Pemohon).Select(r => r.Id).SingleAsync(ct);
        var contact = new ApplicationUser
        {
            UserName = email,
            NormalizedUserName = normalized,
            Email = email,
            NormalizedEmail = normalized,
            EmailConfirmed = false,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
            FullName = applicant.Name.Trim(),
            Nip = nip,
            RankGrade = applicant.Details.RankGrade.Trim(),
            Position = applicant.Details.Position.Trim(),
            Agency = applicant.Details.Agency.Trim(),
            Address = applicant.Details.Address.Trim(),
            PhoneNumber = applicant.Details.Phone.Trim(),
            ApplicantKind = kind,
            OfficeId = officeId,
            CreatedAt = now,
        };
        // Staff made this account from the paper file and saw its SK: the NIP counts as verified by the intake officer.
        NipVerificationService.MarkVerified(contact, intakeOfficer, now, skNumber ?? "", null,
            $"Diverifikasi saat penerimaan berkas ({applicant.Channel.Label()}) terhadap SK pada berkas permohonan.");
        db.Users.Add(contact);
        db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<string> { UserId = contact.Id, RoleId = roleId });
        return OperationResult<string>.Ok(contact.Id);
    }

    private async Task<AccessRequest?> FindBySubmissionKeyAsync(Guid key, CancellationToken ct) =>
        await db.AccessRequests.AsNoTracking().Where(r => r.SubmissionKey == key).FirstOrDefaultAsync(ct);

    /// <summary>Who received the file, as the applicant reads it: the desk, or the SOP's own receiving officer.</summary>
    private static string Desk(Actor receivedBy) =>
        receivedBy.IsIn(Roles.HelpdeskLpse) ? Roles.Label(Roles.HelpdeskLpse) : Roles.Label(Roles.AdminAgency);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static OperationResult<T> Invalid<T>(string message) => OperationResult<T>.From(OperationResult.Fail(ErrorKind.Validation, message));
}
