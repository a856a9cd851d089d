using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Data;
using AksesSpse.Core.Engine;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Procedures;

/// <summary>A module whose requests send each person their own one-time account link (SOP 3, SOP 1): a lost or expired link made again.</summary>
public interface IReissuesPersonLinks
{
    Task<OperationResult<IssuedSecret>> ReissueLinkAsync(int requestId, int personId, int expectedVersion, Actor actor, CancellationToken ct);
}

/// <summary>
/// A person whose link expired, bounced or was lost before they opened it gets a new temporary password and a new link; the old
/// link stops working at once. Performed by the role that makes the accounts in the request's SOP version (its account-action
/// step), in the request's office; the new password is returned to be shown once, for entering in SPSE. A link already opened is
/// not reissued: the holder then follows the password-reset procedure. Shared by the modules that send person links.
/// </summary>
internal sealed class PersonLinkReissue(AppDbContext db, CredentialService credentials, Notifier notifier, OfficeCalendar calendar)
{
    /// <param name="send">The module's own mail for the new link (its words, its sender's role).</param>
    public async Task<OperationResult<IssuedSecret>> ReissueAsync(SopKind kind, int requestId, int personId, int expectedVersion, Actor actor,
        Action<AccessRequest, RequestPerson, CredentialDelivery, OfficeClock> send, CancellationToken ct)
    {
        var request = await db.AccessRequests.Include(r => r.Persons).Include(r => r.Sop!).ThenInclude(s => s.Steps).AsSplitQuery()
            .SingleOrDefaultAsync(r => r.Id == requestId && r.Kind == kind, ct);
        var maker = request?.Sop!.Steps.FirstOrDefault(s => s.Kind == StepKind.AccountAction);
        if (request is null || maker is null || request.OfficeId != actor.OfficeId || !actor.IsIn(maker.ActorRole))
        {
            return Refused(OperationResult.Forbidden());
        }

        if (request.Version != expectedVersion)
        {
            return Refused(OperationResult.Fail(ErrorKind.Conflict,
                $"Permohonan {request.Number} baru saja diubah oleh petugas lain. Muat ulang halaman, lalu ulangi bila masih perlu."));
        }

        var person = request.Persons.SingleOrDefault(p => p.Id == personId);
        if (person is not { Outcome: PersonOutcome.Done, SpseAccountId: { } accountId, DeliveredAt: not null, ConfirmedAt: null })
        {
            // The step that sends the links: SOP 3's own delivery step, SOP 1's account step (it makes and sends).
            var sender = request.Sop!.Steps.FirstOrDefault(s => s.Kind == StepKind.Notify) ?? maker;
            return Refused(OperationResult.Fail(ErrorKind.InvalidState,
                $"Tautan akun hanya dapat dikirim ulang untuk orang yang akunnya sudah dibuat, tautannya sudah pernah dikirim (langkah {sender.Number}), " +
                "dan belum mengonfirmasi penerimaan."));
        }

        var deliveries = await db.CredentialDeliveries.Where(c => c.AccessRequestId == request.Id && c.RequestPersonId == person.Id).ToListAsync(ct);
        var zone = await calendar.ForOfficeAsync(request.OfficeId, ct);
        var now = zone.UtcNow;
        if (deliveries.FirstOrDefault(d => d.RevealedAt is not null) is { } opened)
        {
            return Refused(OperationResult.Fail(ErrorKind.InvalidState,
                $"{person.FullName} sudah membuka password sementaranya pada {zone.Format(opened.RevealedAt!.Value)}. Jika password itu hilang, " +
                "pemilik akun mengajukan reset password."));
        }

        foreach (var old in deliveries)
        {
            old.ProtectedSecret = null; // the old link stops working now
            old.ExpiresAt = now;
        }

        var password = CredentialService.GeneratePassword();
        var delivery = credentials.Prepare(request.Id, accountId, person.UserId, person.Email, password);
        delivery.RequestPersonId = person.Id;
        send(request, person, delivery, zone);
        person.DeliveredAt = now;
        db.SpseAccountHistory.Add(new SpseAccountHistory
        {
            SpseAccountId = accountId, Change = SpseAccountChange.PasswordReset, ChangedAt = now, ChangedByUserId = actor.UserId,
            ChangedByName = actor.Name, AccessRequestId = request.Id,
            Detail = "Password sementara dibuat ulang dan tautan baru dikirim; tautan sebelumnya tidak berlaku lagi.",
        });
        notifier.Tell(request.ApplicantUserId, request,
            $"Permohonan {request.Number}: tautan akun {person.FullName} dikirim ulang oleh {actor.Name}.");
        db.Entry(request).Property(r => r.Version).IsModified = true; // two officers at once: one wins, the other is told
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refused(OperationResult.Fail(ErrorKind.Conflict,
                $"Permohonan {request.Number} baru saja diubah oleh petugas lain. Tidak ada yang disimpan; muat ulang halaman."));
        }

        return OperationResult<IssuedSecret>.Ok(new IssuedSecret(person.FullName, person.UserId, password));

        OperationResult<IssuedSecret> Refused(OperationResult why)
        {
            db.ChangeTracker.Clear();
            return OperationResult<IssuedSecret>.From(why);
        }
    }
}
