using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AksesSpse.Core.Tests.TestSupport;

/// <summary>
/// Runs an action once, just before the context it is attached to begins a transaction: after the load and the checks, before
/// the save ("someone else got there first"). Unlike <see cref="BeforeSaveHook"/> it runs before the transaction holds the
/// test database's one shared connection, so the action may save through another context.
/// </summary>
internal sealed class BeforeTransactionHook(Func<Task> action) : DbTransactionInterceptor
{
    private Func<Task>? _pending = action;

    public bool Ran { get; private set; }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        var pending = Interlocked.Exchange(ref _pending, null);
        if (pending is not null)
        {
            Ran = true;
            await pending();
        }

        return result;
    }
}
