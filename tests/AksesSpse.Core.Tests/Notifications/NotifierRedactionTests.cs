using AksesSpse.Core.Common;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace AksesSpse.Core.Tests.Notifications;

/// <summary>Which mails keep their links once sent: none that carries a secret link (docs/adr/0007).</summary>
public sealed class NotifierRedactionTests : IDisposable
{
    private readonly TestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void MailsWithACredentialStatusOrConfirmationLinkAreMarkedRedactAfterSend_OthersAreNot()
    {
        using var db = _database.NewContext();
        var notifier = new Notifier(db, TestTime.NewClock(), Options.Create(new AppOptions()));
        var r = new AccessRequest { Id = 1, Number = "HAK-2026-000001", ApplicantEmail = "rina@contoh.go.id", ApplicantName = "Rina", SpseUserId = "rina.pokja" };

        notifier.RequestReceived(r);
        notifier.Rejected(r, "alasan");
        notifier.PasswordReady(r, "rina@contoh.go.id", "http://localhost/Kredensial/Buka?token=x", DateTime.UtcNow,
            OfficeClock.For("Asia/Jakarta", TimeProvider.System));
        notifier.ActivationSubmitted(r, "http://localhost/Status?t=s");
        notifier.ActivationReceived(r, "http://localhost/Status?t=s", "receipts/x.pdf", "Serah-terima.pdf");
        notifier.ActivationIncomplete(r, "surat", "http://localhost/Status?t=s");
        notifier.ActivationRejected(r, "alasan", "http://localhost/Status?t=s");
        notifier.ActivationResult(r, "Dinonaktifkan.", "http://localhost/Status/Konfirmasi?t=c", "http://localhost/Status?t=s");

        var marks = db.ChangeTracker.Entries<OutboxMessage>().ToDictionary(e => e.Entity.Kind, e => e.Entity.RedactAfterSend);
        Assert.False(marks["received"]);
        Assert.False(marks["rejected"]);
        Assert.True(marks[OutboxDispatcher.CredentialKind]);
        Assert.True(marks["activation-submitted"]);
        Assert.True(marks["activation-received"]);
        Assert.True(marks["activation-incomplete"]);
        Assert.True(marks["activation-rejected"]);
        Assert.True(marks["activation-result"]);
    }
}
