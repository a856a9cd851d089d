using System.Data.Common;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Core.Tests.TestSupport;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Caching.Memory;

namespace AksesSpse.Core.Tests.Requests;

/// <summary>
/// The counts of the inbox (<see cref="InboxQueries"/>): one count in flight for everyone who misses it, none kept when it fails;
/// once expired, recounted by one request while the others keep the previous counts.
/// </summary>
public sealed class InboxQueriesTests : IDisposable
{
    private readonly Engine.AccessActivationEngineHarness _h = new();
    private readonly MemoryCache _cache = new(new MemoryCacheOptions());

    public void Dispose()
    {
        _cache.Dispose();
        _h.Dispose();
    }

    [Fact]
    public async Task RequestsMissingTheCountsTogether_WaitForOneCount()
    {
        await _h.SubmitAsync(); // an SOP 2 file sent online: waiting for Helpdesk to receive it
        var gate = new GateInterceptor();
        var first = Inbox(gate).CountsAsync(_h.Helpdesk, CancellationToken.None);
        await gate.Entered.Task; // the first count is running, held in the database call

        var second = Inbox(gate).CountsAsync(_h.Helpdesk, CancellationToken.None);
        gate.Release.SetResult();
        var counts = await Task.WhenAll(first, second);

        Assert.Equal(1, gate.Commands);
        Assert.All(counts, c => Assert.Equal(1, c.For(SopKind.AccessActivation)));
        Assert.Same(counts[0], counts[1]);
    }

    [Fact]
    public async Task AFailedCount_IsNotKept()
    {
        await _h.SubmitAsync(); // an SOP 2 file sent online: waiting for Helpdesk to receive it
        var failing = new GateInterceptor { Fail = true };
        failing.Release.SetResult();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Inbox(failing).CountsAsync(_h.Helpdesk, CancellationToken.None));

        var counts = await Inbox().CountsAsync(_h.Helpdesk, CancellationToken.None);
        Assert.Equal(1, counts.Total);
    }

    [Fact]
    public async Task AnExpiredCount_IsRecountedByOneRequest_WhileTheOthersKeepThePreviousCounts()
    {
        await _h.SubmitAsync(); // an SOP 2 file sent online: waiting for Helpdesk to receive it
        var before = await Inbox().CountsAsync(_h.Helpdesk, CancellationToken.None);
        _h.Time.Advance(RequestQueries.CountLifetime);

        var gate = new GateInterceptor();
        var recount = Inbox(gate).CountsAsync(_h.Helpdesk, CancellationToken.None);
        // The recount is running, held in the database call (without refresh ahead the expired counts were never
        // recounted on the test clock, and this waits in vain).
        await gate.Entered.Task.WaitAsync(TimeSpan.FromMinutes(1));

        var meanwhile = new GateInterceptor();
        meanwhile.Release.SetResult();
        var other = await Inbox(meanwhile).CountsAsync(_h.Helpdesk, CancellationToken.None);
        Assert.Same(before, other); // the previous counts, at once: no wait for the recount ...
        Assert.Equal(0, meanwhile.Commands); // ... and no second count

        gate.Release.SetResult();
        var recounted = await recount;
        Assert.NotSame(before, recounted);
        Assert.Equal(1, recounted.For(SopKind.AccessActivation));
        Assert.Equal(1, gate.Commands);
        Assert.Same(recounted, await Inbox(meanwhile).CountsAsync(_h.Helpdesk, CancellationToken.None)); // fresh again
        Assert.Equal(0, meanwhile.Commands);
    }

    [Fact]
    public async Task AFailedRecount_KeepsThePreviousCounts_AndTheNextRequestTriesAgain()
    {
        await _h.SubmitAsync(); // an SOP 2 file sent online: waiting for Helpdesk to receive it
        var before = await Inbox().CountsAsync(_h.Helpdesk, CancellationToken.None);
        _h.Time.Advance(RequestQueries.CountLifetime);

        var failing = new GateInterceptor { Fail = true };
        failing.Release.SetResult();
        await Assert.ThrowsAsync<InvalidOperationException>(() => Inbox(failing).CountsAsync(_h.Helpdesk, CancellationToken.None));
        Assert.Equal(1, failing.Commands);

        var next = new GateInterceptor();
        next.Release.SetResult();
        var recounted = await Inbox(next).CountsAsync(_h.Helpdesk, CancellationToken.None);
        Assert.Equal(1, next.Commands); // still stale: this request recounts
        Assert.NotSame(before, recounted);
        Assert.Equal(1, recounted.Total);
    }

    private InboxQueries Inbox(params IInterceptor[] interceptors) => new(_h.Database.NewContext(interceptors), _h.Time, _cache);

    /// <summary>Counts the queries and holds each until released (or fails it).</summary>
    private sealed class GateInterceptor : DbCommandInterceptor
    {
        private int _commands;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Fail { get; init; }
        public int Commands => _commands;

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _commands);
            Entered.TrySetResult();
            await Release.Task;
            return Fail ? throw new InvalidOperationException("database unavailable") : result;
        }
    }
}
