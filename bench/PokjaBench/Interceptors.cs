using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AksesSpse.Bench.Pokja;

/// <summary>
/// Counts the commands EF sends (round trips), the statements in them by verb and table, and the time spent in the driver
/// (from the command's start to its reader being returned or its rows counted; reading a reader's rows is not in it).
/// </summary>
internal sealed partial class StatementCounter : DbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _byStatement = new(StringComparer.Ordinal);
    private readonly List<Segment> _timeline = [];
    private readonly Stopwatch _clock = new();
    private int _commands;
    private double _driverMs;
    private double _commitMs;
    private double _lastEndMs;
    private double _pendingGapMs;

    /// <summary>
    /// Consecutive commands of the same shape, in order: how many, the app's time before them (since the previous command or the
    /// commit ended: what the app and EF did to prepare them) and their time in the driver.
    /// </summary>
    internal sealed record Segment(string What, int Commands, double GapMs, double DriverMs);

    internal sealed record Snapshot(int Commands, int Statements, double DriverMs, double CommitMs, double SinceLastMs,
        IReadOnlyDictionary<string, int> ByStatement, IReadOnlyList<Segment> Timeline);

    public void Reset()
    {
        lock (_gate)
        {
            _byStatement.Clear();
            _timeline.Clear();
            _commands = 0;
            _driverMs = 0;
            _commitMs = 0;
            _lastEndMs = 0;
            _pendingGapMs = 0;
            _clock.Restart();
        }
    }

    public Snapshot Take()
    {
        lock (_gate)
        {
            return new Snapshot(_commands, _byStatement.Values.Sum(), _driverMs, _commitMs, _clock.Elapsed.TotalMilliseconds - _lastEndMs,
                new Dictionary<string, int>(_byStatement, StringComparer.Ordinal), [.. _timeline]);
        }
    }

    private void Start()
    {
        lock (_gate)
        {
            _pendingGapMs = _clock.Elapsed.TotalMilliseconds - _lastEndMs;
        }
    }

    private void Count(DbCommand command, TimeSpan duration)
    {
        lock (_gate)
        {
            _commands++;
            _driverMs += duration.TotalMilliseconds;
            _lastEndMs = _clock.Elapsed.TotalMilliseconds;
            var statements = Classify(command.CommandText).ToList();
            foreach (var statement in statements)
            {
                _byStatement[statement] = _byStatement.GetValueOrDefault(statement) + 1;
            }

            var what = string.Join(", ", statements.GroupBy(x => x, StringComparer.Ordinal).Select(g => g.Count() == 1 ? g.Key : $"{g.Count()} × {g.Key}"));
            Add(what.Length == 0 ? "?" : what, duration.TotalMilliseconds);
        }
    }

    private void Add(string what, double driverMs)
    {
        if (_timeline.Count > 0 && _timeline[^1].What == what)
        {
            var last = _timeline[^1];
            _timeline[^1] = last with { Commands = last.Commands + 1, GapMs = last.GapMs + _pendingGapMs, DriverMs = last.DriverMs + driverMs };
        }
        else
        {
            _timeline.Add(new Segment(what, 1, _pendingGapMs, driverMs));
        }

        _pendingGapMs = 0;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        lock (_gate)
        {
            _commitMs += eventData.Duration.TotalMilliseconds;
            _pendingGapMs = _clock.Elapsed.TotalMilliseconds - eventData.Duration.TotalMilliseconds - _lastEndMs;
            _lastEndMs = _clock.Elapsed.TotalMilliseconds;
            Add("COMMIT", eventData.Duration.TotalMilliseconds);
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Start();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Start();
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Start();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Start();
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Start();
        return ValueTask.FromResult(result);
    }

    /// <summary>"INSERT SpseAccounts", "SELECT AccessRequests", "UPDATE RequestPersons", … one per statement of the command.</summary>
    internal static IEnumerable<string> Classify(string sql)
    {
        foreach (Match m in StatementPattern().Matches(sql))
        {
            var verb = m.Groups["verb"].Value.ToUpperInvariant();
            var table = verb == "SELECT"
                ? FromPattern().Match(sql, m.Index) is { Success: true } from ? from.Groups["table"].Value : "?"
                : m.Groups["table"].Value;
            yield return $"{(verb.StartsWith("DELETE", StringComparison.Ordinal) ? "DELETE" : verb.Split(' ')[0])} {table}";
        }
    }

    // Statement starts: at the text's start or after a semicolon; SELECTs inside an INSERT/UPDATE are not counted on their own.
    [GeneratedRegex("""(?:^|;)\s*(?<verb>INSERT INTO|UPDATE|DELETE FROM|SELECT|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK|BEGIN|COMMIT|PRAGMA)\b\s*"?(?<table>\w+)?"?""",
        RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex StatementPattern();

    [GeneratedRegex("""\bFROM\s+"?(?<table>\w+)"?""", RegexOptions.IgnoreCase)]
    private static partial Regex FromPattern();

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        Count(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Count(command, eventData.Duration);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Count(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Count(command, eventData.Duration);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        Count(command, eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Count(command, eventData.Duration);
        return result;
    }
}

/// <summary>
/// Interrupts one move: <see cref="Mode.CancelAfterAccounts"/> cancels <see cref="Token"/> when the first command after the
/// account INSERTs is about to run (as a client that goes away mid-request: the move's next awaited call sees the cancelled token);
/// <see cref="Mode.ThrowOnOutbox"/> fails the command that inserts the outbox mails (a database error in the move's last save).
/// </summary>
internal sealed class FaultInterceptor : DbCommandInterceptor
{
    public enum Mode
    {
        None,
        CancelAfterAccounts,
        ThrowOnOutbox,
    }

    private CancellationTokenSource _cts = new();
    private Mode _mode;

    public CancellationToken Token => _cts.Token;

    /// <summary>Rows of "INSERT INTO SpseAccounts" statements that ran since <see cref="Arm"/>.</summary>
    public int AccountRowsSeen { get; private set; }

    public void Arm(Mode mode)
    {
        _mode = mode;
        if (mode != Mode.None)
        {
            _cts.Dispose();
            _cts = new CancellationTokenSource();
            AccountRowsSeen = 0;
        }
    }

    private static bool InsertsAccounts(DbCommand c) => c.CommandText.Contains("INSERT INTO \"SpseAccounts\"", StringComparison.Ordinal);

    private void Before(DbCommand command)
    {
        switch (_mode)
        {
            case Mode.CancelAfterAccounts when AccountRowsSeen > 0 && !InsertsAccounts(command):
                _cts.Cancel();
                _mode = Mode.None;
                break;
            case Mode.ThrowOnOutbox when command.CommandText.Contains("INSERT INTO \"OutboxMessages\"", StringComparison.Ordinal):
                _mode = Mode.None;
                throw new InvalidOperationException("bench: simulated failure of the outbox INSERT");
        }
    }

    private void After(DbCommand command)
    {
        if (InsertsAccounts(command))
        {
            AccountRowsSeen += StatementCounter.Classify(command.CommandText).Count(s => s == "INSERT SpseAccounts");
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Before(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Before(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Before(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Before(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        After(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        After(command);
        return ValueTask.FromResult(result);
    }
}
