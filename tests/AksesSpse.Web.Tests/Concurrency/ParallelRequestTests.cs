using AksesSpse.Core.Accounts;
using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AksesSpse.Web.Tests.Concurrency;

/// <summary>
/// What probing found under parallel load (issue #7): a one-time credential link revealed the password 2–4 times when
/// opened 12 times at once (M2), and 12 parallel SOP 2 submissions left 2–6 open requests for one account (M3). Each
/// burst runs every call in its own DI scope (its own DbContext and connection), released together, on both providers.
/// </summary>
[Trait("Category", "Data")]
public sealed class ParallelRequestTests
{
    private const int Parallel = 12;
    private const int Bursts = 4;

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task ACredentialLinkOpenedInParallelRevealsThePasswordExactlyOnce(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        var applicant = await ApplicantAsync(factory);
        var requestId = await ResetRequestAsync(factory, applicant);

        for (var burst = 0; burst < Bursts; burst++)
        {
            var password = CredentialService.GeneratePassword();
            string token;
            using (var scope = factory.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var credentials = scope.ServiceProvider.GetRequiredService<CredentialService>();
                var delivery = credentials.Prepare(requestId, null, "rina.pokja", "pokja@contoh.go.id", password);
                token = credentials.IssueToken(delivery);
                await db.SaveChangesAsync();
            }

            var results = await InParallelAsync(factory, sp =>
                sp.GetRequiredService<CredentialService>().RevealAsync(token, applicant.UserId, CancellationToken.None));

            var revealed = results.Where(r => r.Succeeded).ToList();
            Assert.True(revealed.Count == 1, $"burst {burst + 1}: the password was shown {revealed.Count} times by {Parallel} parallel opens");
            Assert.Equal(password, revealed[0].Value!.Password);
            Assert.All(results.Where(r => !r.Succeeded), r =>
            {
                Assert.Equal(ErrorKind.InvalidState, r.Error);
                Assert.Contains("sudah dibuka", r.Message);
            });
        }

        var left = await factory.WithDbAsync(db => db.CredentialDeliveries.Where(c => c.AccessRequestId == requestId)
            .Select(c => new { c.RevealedAt, c.ProtectedSecret }).ToListAsync());
        Assert.Equal(Bursts, left.Count);
        Assert.All(left, c => Assert.True(c.RevealedAt is not null && c.ProtectedSecret is null));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task ParallelSop2SubmissionsForOneAccountLeaveExactlyOneOpenRequest(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        var applicant = await ApplicantAsync(factory);
        var nip = await factory.WithDbAsync(db => db.Users.Where(u => u.Id == applicant.UserId).Select(u => u.Nip!).SingleAsync());

        for (var burst = 0; burst < Bursts; burst++)
        {
            // One fresh active PPK account of the applicant per burst, so every burst starts with no open request.
            var userId = $"rina.ppk{burst}";
            var accountId = await factory.WithDbAsync(async db =>
            {
                var account = new SpseAccount
                {
                    OfficeId = applicant.OfficeId, UserId = userId, HolderName = "Rina Kartika Sari", HolderNip = nip,
                    HolderEmail = "pokja@contoh.go.id", Agency = "Dinas Pekerjaan Umum Kabupaten Contoh", Role = SpseRole.Ppk,
                    SkNumber = "900/001/DPU/2026", Status = SpseAccountStatus.Active, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                };
                db.SpseAccounts.Add(account);
                await db.SaveChangesAsync();
                return account.Id;
            });

            // SOP 2 on the engine: its module starts the request, as /Prosedur/Ajukan/2 does.
            var results = await InParallelAsync(factory, sp => sp.GetRequiredService<AksesSpse.Core.Procedures.AccessActivationModule>().StartAsync(
                sp.GetRequiredService<AksesSpse.Core.Engine.SopEngine>(), new SubmitActivationCommand(Guid.NewGuid(), RequestType.Deactivate, userId, "Tidak lagi menjadi PPK sejak mutasi jabatan",
                    new PersonalDetails("Penata / III-c", "PPK", "Dinas Pekerjaan Umum Kabupaten Contoh", "Jl. Merdeka No. 1", "081234567890"),
                    "900/001/DPU/2026", DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(6),
                    [
                        new IncomingFile("SURAT_PERMOHONAN", "surat.pdf", SampleFiles.Pdf()),
                        new IncomingFile("SK_PENUNJUKAN", "sk.pdf", SampleFiles.Pdf("SK")),
                    ]),
                applicant, CancellationToken.None));

            var open = await factory.WithDbAsync(db => db.AccessRequests
                .CountAsync(r => r.SpseAccountId == accountId && r.Kind == SopKind.AccessActivation && r.ClosedAt == null));
            Assert.True(open == 1, $"burst {burst + 1}: {open} open requests for {userId} after {Parallel} parallel submissions");
            Assert.Single(results, r => r.Succeeded);
            Assert.All(results.Where(r => !r.Succeeded), r =>
            {
                Assert.Equal(ErrorKind.Validation, r.Error);
                Assert.Contains("Masih ada permohonan", r.Message);
            });
        }
    }

    /// <summary>Runs <see cref="Parallel"/> calls, each in its own scope, started together; returns every answer.</summary>
    private static async Task<T[]> InParallelAsync<T>(AppFactory factory, Func<IServiceProvider, Task<T>> call)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ready = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, Parallel).Select(i => Task.Run(async () =>
        {
            using var scope = factory.Services.CreateScope();
            _ = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (Interlocked.Increment(ref ready) == Parallel)
            {
                all.SetResult();
            }

            await start.Task;
            return await call(scope.ServiceProvider);
        })).ToArray();
        await all.Task;
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    private static async Task<Actor> ApplicantAsync(AppFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(DemoUsers.Pokja)
                   ?? throw new InvalidOperationException("no demo Pokja member");
        return new Actor(user.Id, user.FullName, user.OfficeId, new HashSet<string> { Roles.Pemohon });
    }

    /// <summary>A SOP 4 request (on the engine, started through its module) that the credential deliveries belong to.</summary>
    private static Task<int> ResetRequestAsync(AppFactory factory, Actor applicant) =>
        Sop4.Sop4.StartResetAsync(factory, applicant, "rina.pokja");
}
