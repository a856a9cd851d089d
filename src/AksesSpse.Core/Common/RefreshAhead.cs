using Microsoft.Extensions.Caching.Memory;

namespace AksesSpse.Core.Common;

/// <summary>
/// A value shared by everyone who asks for the same key, computed again when older than its lifetime by ONE request while
/// the others keep getting the previous value until the new one is there (refresh ahead; docs/adr/0020). Only the first
/// value of a key is waited for by everyone who misses it (one computation in flight). The computation is not cancelled
/// with the request that runs it (others may be waiting for a first value), and that request waits for it, so its
/// database context outlives it. A failed first value is not kept; a failed recomputation keeps the previous value and
/// lets the next request try again. Used for the inbox's counts (every few seconds) and the dashboard's live part (today
/// and the open work overdue now, every minute; docs/adr/0026).
/// </summary>
public static class RefreshAhead
{
    public static async Task<T> GetAsync<T>(IMemoryCache cache, object key, DateTime nowUtc, TimeSpan lifetime, TimeSpan idle, Func<Task<T>> compute)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(compute);
        var shared = cache.GetOrCreate(key, entry =>
        {
            entry.SlidingExpiration = idle;
            entry.Size = 1;
            return new SharedValue<T>();
        })!;
        var (current, mine) = shared.Claim(nowUtc);
        if (mine is null)
        {
            return await current; // fresh; or stale while another request computes it again; or the first value, in flight
        }

        T value;
        try
        {
            value = await compute();
        }
        catch (Exception ex)
        {
            if (shared.Fail(mine, ex))
            {
                cache.Remove(key); // a failed first value is not kept
            }

            throw;
        }

        shared.Succeed(mine, value, nowUtc + lifetime);
        return value;
    }
}

/// <summary>The state of one shared value: the value everyone gets, until when it is fresh, and the one recomputation in flight.</summary>
internal sealed class SharedValue<T>
{
    private readonly Lock _gate = new();
    private Task<T>? _current;
    private DateTime _freshUntil;
    private TaskCompletionSource<T>? _running;

    /// <summary>What to answer with, and a count to run when it is this request's turn to count (null otherwise).</summary>
    public (Task<T> Current, TaskCompletionSource<T>? Mine) Claim(DateTime now)
    {
        lock (_gate)
        {
            if (_current is null || _current.IsFaulted || _current.IsCanceled)
            {
                // No count yet: this request counts, and everyone who comes meanwhile waits for it.
                _running = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
                _current = _running.Task;
                return (_current, _running);
            }

            if (_running is null && _current.IsCompletedSuccessfully && now >= _freshUntil)
            {
                // Stale: this request recounts; the others keep the previous count meanwhile.
                _running = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
                return (_current, _running);
            }

            return (_current, null);
        }
    }

    public void Succeed(TaskCompletionSource<T> mine, T value, DateTime freshUntil)
    {
        mine.SetResult(value);
        lock (_gate)
        {
            _current = mine.Task;
            _freshUntil = freshUntil;
            if (_running == mine)
            {
                _running = null;
            }
        }
    }

    /// <returns>Whether it was the first count (nothing to fall back on).</returns>
    public bool Fail(TaskCompletionSource<T> mine, Exception ex)
    {
        mine.SetException(ex);
        _ = mine.Task.Exception; // observed here: a recount's task is awaited by nobody else
        lock (_gate)
        {
            if (_running == mine)
            {
                _running = null;
            }

            return _current == mine.Task;
        }
    }
}
