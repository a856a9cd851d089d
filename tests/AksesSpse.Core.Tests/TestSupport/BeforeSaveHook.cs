using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AksesSpse.Core.Tests.TestSupport;

/// <summary>Runs an action once, just before the context it is attached to saves: "someone else got there first".</summary>
internal sealed class BeforeSaveHook(Func<Task> action) : SaveChangesInterceptor
{
    private Func<Task>? _pending = action;

    public bool Ran { get; private set; }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
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
