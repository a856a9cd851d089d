using AksesSpse.Core.Notifications;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace AksesSpse.Core.Tests.Notifications;

public sealed class OutboxDispatcherTests : IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _time = TestTime.NewClock();
    private readonly Mock<IEmailSender> _sender = new();
    private readonly EmailOptions _options = new() { MaxAttempts = 3 };
    private readonly List<long> _sent = [];

    public OutboxDispatcherTests()
    {
        _sender.Setup(s => s.SendAsync(It.IsAny<OutboxMessage>(), It.IsAny<CancellationToken>()))
            .Callback((OutboxMessage m, CancellationToken _) => _sent.Add(m.Id))
            .Returns(Task.CompletedTask);
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task SendsDueMessagesAndMarksThemSent()
    {
        var first = await AddAsync(new OutboxMessageBuilder().DueAt(Now.AddMinutes(-5)));
        var second = await AddAsync(new OutboxMessageBuilder().DueAt(Now));
        var later = await AddAsync(new OutboxMessageBuilder().DueAt(Now.AddMinutes(1)));

        var sent = await DispatchAsync();

        Assert.Equal(2, sent);
        Assert.Equal([first, second], _sent);
        foreach (var id in new[] { first, second })
        {
            var message = await LoadAsync(id);
            Assert.Equal(Now, message.SentAt);
            Assert.Equal(1, message.Attempts);
            Assert.Null(message.LastError);
            Assert.Null(message.LockedUntil);
            Assert.Null(message.LockedBy);
            Assert.False(message.Failed);
        }

        var waiting = await LoadAsync(later);
        Assert.Null(waiting.SentAt);
        Assert.Equal(0, waiting.Attempts);
    }

    [Fact]
    public async Task HandsTheSenderTheStoredMessage()
    {
        var id = await AddAsync(new OutboxMessageBuilder().To("rina@contoh.go.id").WithSubject("[RPW-2026-000001] Diterima"));
        OutboxMessage? given = null;
        _sender.Setup(s => s.SendAsync(It.IsAny<OutboxMessage>(), It.IsAny<CancellationToken>()))
            .Callback((OutboxMessage m, CancellationToken _) => given = m)
            .Returns(Task.CompletedTask);

        await DispatchAsync();

        Assert.NotNull(given);
        Assert.Equal(id, given.Id);
        Assert.Equal("rina@contoh.go.id", given.To);
        Assert.Equal("[RPW-2026-000001] Diterima", given.Subject);
    }

    [Fact]
    public async Task RecordsAFailedSendAndTriesAgainAfterTheBackoff()
    {
        var id = await AddAsync(new OutboxMessageBuilder());
        _sender.Setup(s => s.SendAsync(It.IsAny<OutboxMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("SMTP 421 service not available"));

        Assert.Equal(0, await DispatchAsync());

        var failed = await LoadAsync(id);
        Assert.Null(failed.SentAt);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal("SMTP 421 service not available", failed.LastError);
        Assert.Equal(Now.AddSeconds(10), failed.NextAttemptAt);
        Assert.False(failed.Failed);
        Assert.Null(failed.LockedUntil);
        Assert.Null(failed.LockedBy);

        _sender.Setup(s => s.SendAsync(It.IsAny<OutboxMessage>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, await DispatchAsync());

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await DispatchAsync());
        var sent = await LoadAsync(id);
        Assert.Equal(Now, sent.SentAt);
        Assert.Equal(2, sent.Attempts);
        Assert.Null(sent.LastError);
    }

    [Fact]
    public async Task PushesEachRetryFurtherOut()
    {
        var id = await AddAsync(new OutboxMessageBuilder().AfterAttempts(1));
        _sender.Setup(s => s.SendAsync(It.IsAny<OutboxMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("timeout"));

        await DispatchAsync();

        var message = await LoadAsync(id);
        Assert.Equal(2, message.Attempts);
        Assert.Equal(Now + OutboxDispatcher.Backoff(2), message.NextAttemptAt);
        Assert.Equal(Now.AddSeconds(20), message.NextAttemptAt);
    }

    [Fact]
    public async Task GivesUpAfterTheMaximumNumberOfAttempts()
    {
        var id = await AddAsync(new OutboxMessageBuilder().AfterAttempts(_options.MaxAttempts - 1));
        _sender.Setup(s => s.SendAsync(It.IsAny<OutboxMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("mailbox unavailable"));

        await DispatchAsync();

        var message = await LoadAsync(id);
        Assert.True(message.Failed);
        Assert.Equal(_options.MaxAttempts, message.Attempts);
        Assert.Equal("mailbox unavailable", message.LastError);
        Assert.Null(message.SentAt);

        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await DispatchAsync());
        _sender.Verify(s => s.SendAsync(It.IsAny<OutboxMessage>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task SkipsAMessageLockedByAnotherWorkerUntilItsLeaseRunsOut()
    {
        var id = await AddAsync(new OutboxMessageBuilder().LockedBy("node-2", Now.AddMinutes(1)));

        Assert.Equal(0, await DispatchAsync());
        Assert.Empty(_sent);
        var locked = await LoadAsync(id);
        Assert.Equal("node-2", locked.LockedBy);
        Assert.Null(locked.SentAt);

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await DispatchAsync());
        Assert.Equal([id], _sent);
    }

    [Fact]
    public async Task SkipsMessagesAlreadySentOrGivenUp()
    {
        await AddAsync(new OutboxMessageBuilder().SentAt(Now.AddMinutes(-1)));
        await AddAsync(new OutboxMessageBuilder().GivenUp());

        Assert.Equal(0, await DispatchAsync());
        Assert.Empty(_sent);
    }

    [Fact]
    public async Task SendsNoMoreThanTheBatchSizeInOrder()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await AddAsync(new OutboxMessageBuilder()));
        }

        Assert.Equal(3, await DispatchAsync(batchSize: 3));
        Assert.Equal(ids.Take(3), _sent);
        Assert.Equal(2, await DispatchAsync(batchSize: 3));
        Assert.Equal(ids, _sent);
    }

    [Fact]
    public async Task OneFailingMessageDoesNotHoldUpTheOthers()
    {
        var failing = await AddAsync(new OutboxMessageBuilder().To("rusak@contoh.go.id"));
        var fine = await AddAsync(new OutboxMessageBuilder().To("rina@contoh.go.id"));
        _sender.Setup(s => s.SendAsync(It.Is<OutboxMessage>(m => m.To == "rusak@contoh.go.id"), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("550 no such user"));

        Assert.Equal(1, await DispatchAsync());

        Assert.Equal(1, (await LoadAsync(failing)).Attempts);
        Assert.Equal("550 no such user", (await LoadAsync(failing)).LastError);
        Assert.Equal(Now, (await LoadAsync(fine)).SentAt);
    }

    [Fact]
    public async Task KeepsALongErrorShort()
    {
        var id = await AddAsync(new OutboxMessageBuilder());
        _sender.Setup(s => s.SendAsync(It.IsAny<OutboxMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException(new string('x', 5000)));

        await DispatchAsync();

        Assert.Equal(1900, (await LoadAsync(id)).LastError!.Length);
    }

    [Fact]
    public async Task RemovesTheLinksOfAMessageMarkedRedactAfterSendOnceSent_AndKeepsOthersWhole()
    {
        const string secret = "Buka: http://localhost/Kredensial/Buka?token=rahasia123\nStatus: https://lpse.contoh.go.id/Status?t=CfDJ8abc.";
        var credential = await AddAsync(new OutboxMessageBuilder().OfKind(OutboxDispatcher.CredentialKind).WithBody(secret).RedactAfterSend());
        var confirm = await AddAsync(new OutboxMessageBuilder().OfKind("confirm-email").WithBody(secret).RedactAfterSend());
        var received = await AddAsync(new OutboxMessageBuilder().WithBody(secret));

        await DispatchAsync();

        foreach (var id in new[] { credential, confirm })
        {
            var body = (await LoadAsync(id)).Body;
            Assert.DoesNotContain("rahasia123", body);
            Assert.DoesNotContain("CfDJ8abc", body);
            Assert.DoesNotContain("http", body);
            Assert.Equal($"Buka: {OutboxDispatcher.RemovedLink}\nStatus: {OutboxDispatcher.RemovedLink}", body);
        }

        Assert.Equal(secret, (await LoadAsync(received)).Body);
    }

    [Fact]
    public async Task KeepsTheLinksOfAMessageThatCouldNotBeSent()
    {
        _sender.Setup(s => s.SendAsync(It.IsAny<OutboxMessage>(), It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("SMTP mati"));
        var credential = await AddAsync(new OutboxMessageBuilder().OfKind(OutboxDispatcher.CredentialKind)
            .WithBody("http://localhost/Kredensial/Buka?token=abc").RedactAfterSend());

        await DispatchAsync();

        Assert.Equal("http://localhost/Kredensial/Buka?token=abc", (await LoadAsync(credential)).Body);
    }

    [Fact]
    public async Task APermanentRefusalStopsRetryingAtOnce_WithTheReason()
    {
        var id = await AddAsync(new OutboxMessageBuilder());
        _sender.Setup(s => s.SendAsync(It.IsAny<OutboxMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new EmailDeliveryException("Ditolak permanen oleh server SMTP (550): no such user", permanent: true));

        Assert.Equal(0, await DispatchAsync());

        var message = await LoadAsync(id);
        Assert.True(message.Failed);
        Assert.Equal(1, message.Attempts);
        Assert.Equal("Ditolak permanen oleh server SMTP (550): no such user", message.LastError);
        Assert.Null(message.SentAt);
        Assert.Null(message.LockedBy);

        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await DispatchAsync());
        _sender.Verify(s => s.SendAsync(It.IsAny<OutboxMessage>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task ATemporaryRefusalKeepsRetryingWithTheBackoff()
    {
        var id = await AddAsync(new OutboxMessageBuilder());
        _sender.Setup(s => s.SendAsync(It.IsAny<OutboxMessage>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new EmailDeliveryException("Ditolak sementara oleh server SMTP (451): try later", permanent: false, new TimeoutException()));

        await DispatchAsync();
        var first = await LoadAsync(id);
        Assert.False(first.Failed);
        Assert.Equal("Ditolak sementara oleh server SMTP (451): try later", first.LastError);
        Assert.Equal(Now.AddSeconds(10), first.NextAttemptAt);

        _time.Advance(TimeSpan.FromSeconds(10));
        await DispatchAsync();
        var second = await LoadAsync(id);
        Assert.False(second.Failed);
        Assert.Equal(2, second.Attempts);
        Assert.Equal(Now.AddSeconds(20), second.NextAttemptAt);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(9, 2560)]
    [InlineData(10, 3600)]
    [InlineData(30, 3600)]
    [InlineData(1000, 3600)]
    public void BacksOffExponentiallyUpToAnHour(int attempts, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), OutboxDispatcher.Backoff(attempts));
    }

    private OutboxDispatcher Dispatcher()
    {
        var db = _database.NewContext();
        var ledger = new AksesSpse.Core.Accountability.DeviationLedger(db, _time, new Notifier(db, _time, Options.Create(new AksesSpse.Core.Common.AppOptions())),
            NullLogger<AksesSpse.Core.Accountability.DeviationLedger>.Instance);
        return new(db, _sender.Object, _time, Options.Create(_options), ledger, NullLogger<OutboxDispatcher>.Instance);
    }

    private Task<int> DispatchAsync(int batchSize = 50) => Dispatcher().DispatchDueAsync(batchSize, CancellationToken.None);

    private async Task<long> AddAsync(OutboxMessageBuilder builder)
    {
        await using var db = _database.NewContext();
        var message = builder.Build(Now);
        db.OutboxMessages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }

    private async Task<OutboxMessage> LoadAsync(long id)
    {
        await using var db = _database.NewContext();
        return await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    private sealed class OutboxMessageBuilder
    {
        private string _to = "rina@contoh.go.id";
        private string _kind = "received";
        private string _subject = "[RPW-2026-000001] Permohonan reset password diterima";
        private string _body = "Yth. Rina Wulandari,\n\nPermohonan Anda telah kami terima.";
        private bool _redact;
        private DateTime? _dueAt;
        private int _attempts;
        private DateTime? _sentAt;
        private bool _failed;
        private string? _lockedBy;
        private DateTime? _lockedUntil;

        public OutboxMessageBuilder OfKind(string kind)
        {
            _kind = kind;
            return this;
        }

        public OutboxMessageBuilder WithBody(string body)
        {
            _body = body;
            return this;
        }

        public OutboxMessageBuilder RedactAfterSend()
        {
            _redact = true;
            return this;
        }

        public OutboxMessageBuilder To(string to)
        {
            _to = to;
            return this;
        }

        public OutboxMessageBuilder WithSubject(string subject)
        {
            _subject = subject;
            return this;
        }

        public OutboxMessageBuilder DueAt(DateTime dueAt)
        {
            _dueAt = dueAt;
            return this;
        }

        public OutboxMessageBuilder AfterAttempts(int attempts)
        {
            _attempts = attempts;
            return this;
        }

        public OutboxMessageBuilder SentAt(DateTime sentAt)
        {
            _sentAt = sentAt;
            return this;
        }

        public OutboxMessageBuilder GivenUp()
        {
            _failed = true;
            return this;
        }

        public OutboxMessageBuilder LockedBy(string worker, DateTime until)
        {
            _lockedBy = worker;
            _lockedUntil = until;
            return this;
        }

        public OutboxMessage Build(DateTime now) => new()
        {
            Kind = _kind,
            To = _to,
            Subject = _subject,
            Body = _body,
            RedactAfterSend = _redact,
            CreatedAt = now,
            NextAttemptAt = _dueAt ?? now,
            Attempts = _attempts,
            SentAt = _sentAt,
            Failed = _failed,
            LockedBy = _lockedBy,
            LockedUntil = _lockedUntil,
        };
    }
}
