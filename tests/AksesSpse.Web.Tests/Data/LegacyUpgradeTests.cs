using System.Data.Common;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AksesSpse.Web.Tests.Data;

/// <summary>
/// A database made by release 20261122 (hand-written migrations, replaced by generated ones in docs/adr/0017)
/// upgrades in place with its data. The old schema comes from SQL fixtures generated from the hand-written
/// migrations before they were deleted (Data/Legacy/*.sql); the test fills it, starts the real app on it (which
/// migrates), and reads every row back through the app.
/// </summary>
[Trait("Category", "Data")]
public sealed class LegacyUpgradeTests
{
    private const string Password = "Lama#Rilis2026";
    private const string ApplicantEmail = "wulan.pokja@lama.go.id";
    private static readonly DateTime Submitted = new(2026, 11, 23, 2, 30, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Release20261122DatabaseUpgradesWithItsData_Sqlite()
    {
        var cs = TestDatabases.NewSqliteFile("legacy");
        try
        {
            await UpgradeAndReadBackAsync(DatabaseKind.Sqlite, cs,
                () => new SqliteConnection(cs), "release-20261122-sqlite.sql",
                () => new Release20261122Context(new DbContextOptionsBuilder<Release20261122Context>().UseSqlite(cs).Options),
                () => MigrationSchemaTests.ReadSqliteSchemaAsync(cs),
                async () =>
                {
                    var model = TestDatabases.NewSqliteFile("legacy-model");
                    try
                    {
                        await using (var db = MigrationSchemaTests.Sqlite(model))
                        {
                            await db.Database.EnsureCreatedAsync();
                        }

                        return await MigrationSchemaTests.ReadSqliteSchemaAsync(model);
                    }
                    finally
                    {
                        TestDatabases.DeleteSqliteFile(model);
                    }
                });
        }
        finally
        {
            TestDatabases.DeleteSqliteFile(cs);
        }
    }

    [Fact]
    public async Task Release20261122DatabaseUpgradesWithItsData_PostgreSql()
    {
        var cs = await TestDatabases.CreatePostgresAsync("legacy");
        try
        {
            await UpgradeAndReadBackAsync(DatabaseKind.PostgreSql, cs,
                () => new NpgsqlConnection(cs), "release-20261122-postgresql.sql",
                () => new Release20261122Context(new DbContextOptionsBuilder<Release20261122Context>().UseNpgsql(cs).Options),
                () => MigrationSchemaTests.ReadPostgresSchemaAsync(cs),
                async () =>
                {
                    var model = await TestDatabases.CreatePostgresAsync("legacy_model");
                    try
                    {
                        await using (var db = MigrationSchemaTests.Postgres(model))
                        {
                            await db.Database.EnsureCreatedAsync();
                        }

                        return await MigrationSchemaTests.ReadPostgresSchemaAsync(model);
                    }
                    finally
                    {
                        await TestDatabases.DropPostgresAsync(model);
                    }
                });
        }
        finally
        {
            await TestDatabases.DropPostgresAsync(cs);
        }
    }

    /// <summary>Rows of other migrations (e.g. a hand-written one from a branch) are left alone by the bridge.</summary>
    [Fact]
    public async Task BridgeReplacesOnlyTheLegacyRows_Sqlite()
    {
        var cs = TestDatabases.NewSqliteFile("legacy-bridge");
        try
        {
            await RunFixtureAsync(new SqliteConnection(cs), "release-20261122-sqlite.sql");
            await ExecuteAsync(new SqliteConnection(cs),
                "INSERT INTO \"__EFMigrationsHistory\" VALUES ('20261129010000_SomeBranch', '10.0.15');");
            await using var db = MigrationSchemaTests.Sqlite(cs);
            Assert.True(await LegacyMigrations.BridgeAsync(db, NullLogger.Instance, CancellationToken.None));
            Assert.Equal([LegacyMigrations.BaselineId, "20261129010000_SomeBranch"], (await db.Database.GetAppliedMigrationsAsync()).Order().ToList());

            // A second run (every start runs it) finds nothing to do.
            Assert.False(await LegacyMigrations.BridgeAsync(db, NullLogger.Instance, CancellationToken.None));
        }
        finally
        {
            TestDatabases.DeleteSqliteFile(cs);
        }
    }

    [Fact]
    public async Task HalfAppliedLegacyHistoryIsRefusedClearly_Sqlite()
    {
        var cs = TestDatabases.NewSqliteFile("legacy-half");
        try
        {
            await RunFixtureAsync(new SqliteConnection(cs), "release-20261122-sqlite.sql");
            await ExecuteAsync(new SqliteConnection(cs),
                "DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '20261122120000_AccessActivation';");
            await using var db = MigrationSchemaTests.Sqlite(cs);
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => LegacyMigrations.BridgeAsync(db, NullLogger.Instance, CancellationToken.None));
            Assert.Contains("release 20261122 first", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            TestDatabases.DeleteSqliteFile(cs);
        }
    }

    private static async Task UpgradeAndReadBackAsync(DatabaseKind kind, string cs, Func<DbConnection> connect, string fixture,
        Func<AppDbContext> legacyContext, Func<Task<List<string>>> readSchema, Func<Task<List<string>>> readModelSchema)
    {
        await RunFixtureAsync(connect(), fixture);
        await using (var check = legacyContext())
        {
            Assert.Equal(LegacyMigrations.Release20261122, (await check.Database.GetAppliedMigrationsAsync()).ToList());
        }

        var ids = await FillAsync(legacyContext);

        await using (var app = await AppFactory.CreateAsync(new AppSettings { Database = kind, ConnectionString = cs, OutboxWorker = false }))
        {
            await app.WithDbAsync(async db =>
            {
                var all = db.Database.GetMigrations().ToList();
                Assert.Equal(all, (await db.Database.GetAppliedMigrationsAsync()).ToList());
                Assert.Equal(LegacyMigrations.BaselineId, all[0]);

                var office = await db.Offices.SingleAsync(o => o.Code == "LAMA");
                Assert.Equal("LPSE Kota Lama", office.Name);
                Assert.Equal(2, await db.Users.CountAsync(u => u.OfficeId == office.Id));
                Assert.True(await db.SopDefinitions.CountAsync(s => s.OfficeId == office.Id) >= 2);
                // Issue #9: the seeded SOP 1 is given its variant's copy recipients (tembusan) once, at start-up.
                var sop1 = await db.SopDefinitions.Include(s => s.Steps)
                    .SingleAsync(s => s.OfficeId == office.Id && s.Kind == AksesSpse.Core.Sop.SopKind.PokjaAccountRequest);
                Assert.Equal(["KEPALA_LPSE", "KEPALA_LPSE", "KEPALA_LPSE"], sop1.Steps.OrderBy(s => s.Number).Select(s => s.CopyTo));

                var request = await db.AccessRequests.Include(r => r.Steps).AsSplitQuery().SingleAsync(r => r.Id == ids.RequestId);
                Assert.Equal("SPSE/2026/11/0001", request.Number);
                Assert.Equal(IntakeChannel.WalkIn, request.Channel);
                Assert.Equal(300L, request.PausedSeconds);
                Assert.Equal(new DateOnly(2026, 12, 31), request.SkValidUntil);
                Assert.Equal(Submitted, request.SubmittedAt);
                Assert.Equal(DateTimeKind.Utc, request.SubmittedAt.Kind);
                Assert.Equal(2, request.Steps.Count);
                Assert.Contains(request.Steps, s => s.CompletedAt == Submitted.AddMinutes(5) && s.PerformerName == "Wulan Sari");

                // SOP 2 runs on the engine: the old release's request in flight is carried on from the step it stood on.
                Assert.Equal(RequestStatus.InProgress, request.Status);
                Assert.Equal(request.Steps.Single(s => s.CompletedAt == null).StepNumber, request.CurrentStepNumber);
                Assert.Equal(request.Steps.Single(s => s.CompletedAt == null).Kind, request.CurrentStepKind); // filled at start-up

                var account = await db.SpseAccounts.Include(a => a.History).SingleAsync(a => a.Id == ids.AccountId);
                Assert.Equal("wulan.pokja", account.UserId);
                Assert.Single(account.History);

                var mail = await db.OutboxMessages.SingleAsync(m => m.AccessRequestId == ids.RequestId);
                Assert.Equal("Tanda terima permohonan", mail.Subject);
                Assert.Equal("tanda-terima.pdf", mail.AttachmentName);
                Assert.Single(await db.UserNotifications.Where(n => n.AccessRequestId == ids.RequestId).ToListAsync());
                return 0;
            });

            // The legacy applicant signs in with the password the old release stored.
            using var client = app.CreateFormClient();
            await client.SignInAsync(ApplicantEmail, Password);
        }

        // After the upgrade the schema is the model's, as if the database had been made by the generated migrations.
        MigrationSchemaTests.AssertSameSchema(await readSchema(), await readModelSchema(),
            "The upgraded release-20261122 database differs from the model.", "only in upgraded", "only in model");

        // A second start finds nothing to do.
        await using (var again = await AppFactory.CreateAsync(new AppSettings { Database = kind, ConnectionString = cs, OutboxWorker = false }))
        {
            Assert.Equal(1, await again.WithDbAsync(db => db.AccessRequests.CountAsync(r => r.Number == "SPSE/2026/11/0001")));
        }
    }

    private static async Task<(int RequestId, int AccountId)> FillAsync(Func<AppDbContext> legacyContext)
    {
        // The model maps exactly the release-20261122 schema (the old schema tests proved it), so a plain
        // AppDbContext, which has no migrations, writes rows as that release did.
        await using var db = legacyContext();
        var office = new Office { Code = "LAMA", Name = "LPSE Kota Lama", TimeZoneId = "Asia/Jakarta", Email = "lpse@lama.go.id" };
        db.Offices.Add(office);
        await db.SaveChangesAsync();

        db.SopDefinitions.AddRange(SopSeed.ForOffice(office.Id));
        var role = new IdentityRole(Roles.Pemohon) { NormalizedName = Roles.Pemohon.ToUpperInvariant() };
        db.Roles.Add(role);
        var applicant = new ApplicationUser
        {
            UserName = ApplicantEmail, NormalizedUserName = ApplicantEmail.ToUpperInvariant(),
            Email = ApplicantEmail, NormalizedEmail = ApplicantEmail.ToUpperInvariant(), EmailConfirmed = true,
            FullName = "Wulan Sari", Nip = "199001012015032001", OfficeId = office.Id, ApplicantKind = ApplicantKind.Pokja,
            CreatedAt = Submitted.AddDays(-3), SecurityStamp = Guid.NewGuid().ToString(), LockoutEnabled = true,
        };
        applicant.PasswordHash = new PasswordHasher<ApplicationUser>().HashPassword(applicant, Password);
        var helpdesk = new ApplicationUser
        {
            UserName = "helpdesk@lama.go.id", NormalizedUserName = "HELPDESK@LAMA.GO.ID", Email = "helpdesk@lama.go.id",
            NormalizedEmail = "HELPDESK@LAMA.GO.ID", EmailConfirmed = true, FullName = "Petugas Helpdesk", OfficeId = office.Id,
            CreatedAt = Submitted.AddDays(-30), SecurityStamp = Guid.NewGuid().ToString(),
        };
        db.Users.AddRange(applicant, helpdesk);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = applicant.Id, RoleId = role.Id });
        var account = new SpseAccount
        {
            OfficeId = office.Id, UserId = "wulan.pokja", HolderName = "Wulan Sari", HolderNip = "199001012015032001",
            HolderEmail = ApplicantEmail, Agency = "Dinas Kesehatan Kota Lama", Role = SpseRole.Pokja, SkNumber = "027/SK/2026",
            ValidUntil = new DateOnly(2026, 12, 31), Status = SpseAccountStatus.Active, CreatedAt = Submitted, UpdatedAt = Submitted,
            History = [new SpseAccountHistory { Change = SpseAccountChange.Registered, Detail = "Data awal", ChangedAt = Submitted, ChangedByName = "Sistem" }],
        };
        db.SpseAccounts.Add(account);
        await db.SaveChangesAsync();

        var sop = await db.SopDefinitions.Include(s => s.Steps)
            .SingleAsync(s => s.OfficeId == office.Id && s.Kind == SopKind.AccessActivation && s.IsCurrent);
        var steps = sop.Steps.OrderBy(s => s.Number).Take(2).ToList();
        var request = new AccessRequest
        {
            Number = "SPSE/2026/11/0001", OfficeId = office.Id, SopDefinitionId = sop.Id, Kind = SopKind.AccessActivation,
            Type = RequestType.Deactivate, ApplicantUserId = applicant.Id, ApplicantName = applicant.FullName, ApplicantNip = applicant.Nip,
            ApplicantEmail = ApplicantEmail, SpseUserId = account.UserId, SpseAccountId = account.Id, Reason = "Pindah tugas",
            Channel = IntakeChannel.WalkIn, RegisteredByUserId = helpdesk.Id, SkNumber = "027/SK/2026", SkValidUntil = new DateOnly(2026, 12, 31),
            PausedSeconds = 300, Status = RequestStatus.Submitted, SubmissionKey = Guid.NewGuid(), SubmittedAt = Submitted,
            CurrentStepSince = Submitted.AddMinutes(5), CurrentActorRole = steps[1].ActorRole,
            Steps =
            [
                new RequestStep
                {
                    SopStepId = steps[0].Id, StepNumber = steps[0].Number, Kind = steps[0].Kind, ActorRole = steps[0].ActorRole,
                    Activity = steps[0].Activity, ActionableAt = Submitted, CompletedAt = Submitted.AddMinutes(5),
                    PerformerUserId = applicant.Id, PerformerName = "Wulan Sari",
                },
                new RequestStep
                {
                    SopStepId = steps[1].Id, StepNumber = steps[1].Number, Kind = steps[1].Kind, ActorRole = steps[1].ActorRole,
                    Activity = steps[1].Activity, ActionableAt = Submitted.AddMinutes(5),
                },
            ],
        };
        db.AccessRequests.Add(request);
        await db.SaveChangesAsync();

        db.OutboxMessages.Add(new OutboxMessage
        {
            AccessRequestId = request.Id, Kind = "Receipt", To = ApplicantEmail, Subject = "Tanda terima permohonan", Body = "Terima kasih.",
            CreatedAt = Submitted, NextAttemptAt = Submitted, AttachmentPath = "receipts/1.pdf", AttachmentName = "tanda-terima.pdf",
            AttachmentContentType = "application/pdf",
        });
        db.UserNotifications.Add(new UserNotification { UserId = applicant.Id, AccessRequestId = request.Id, Message = "Permohonan diterima.", CreatedAt = Submitted });
        await db.SaveChangesAsync();
        return (request.Id, account.Id);
    }

    private static async Task RunFixtureAsync(DbConnection connection, string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "Legacy", file);
        await ExecuteAsync(connection, await File.ReadAllTextAsync(path));
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// Today's model without what came after release 20261122, so that the test fills the old schema as that release
    /// did. Each later migration that adds a column to a table filled here adds the property to this list.
    /// </summary>
    private sealed class Release20261122Context(DbContextOptions<Release20261122Context> options) : AppDbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder builder)
        {
            base.OnModelCreating(builder);
            builder.Entity<ApplicationUser>(e =>
            {
                e.Metadata.RemoveIndex(e.Metadata.GetIndexes().Single(i => i.Properties.Any(p => p.Name == nameof(ApplicationUser.ApplicantNipKey))));
                e.Ignore(u => u.NipStatus);
                e.Ignore(u => u.ApplicantNipKey);
                e.Ignore(u => u.NipCheckedAt);
                e.Ignore(u => u.NipCheckedByUserId);
                e.Ignore(u => u.NipCheckedByName);
                e.Ignore(u => u.NipSkNumber);
                e.Ignore(u => u.NipSkDate);
                e.Ignore(u => u.NipCheckNote);
                e.Ignore(u => u.WorkMail); // issue #10: new work by email, at once or daily
            });
            builder.Entity<AccessRequest>(e =>
            {
                e.Metadata.RemoveIndex(e.Metadata.GetIndexes().Single(i => i.Properties.Any(p => p.Name == nameof(AccessRequest.OpenSpseAccountId))));
                e.Ignore(r => r.OpenSpseAccountId);
                e.Ignore(r => r.RegisterEmailAtSubmission);
                e.Ignore(r => r.CurrentStepNumber); // issue #8: the engine
                e.Ignore(r => r.CurrentStepKind); // issue #8: the open step's kind on the request
                e.Ignore(r => r.SkDate);
                e.Ignore(r => r.Persons);
                e.Ignore(r => r.PokjaName); // issue #9: SOP 1
                e.Ignore(r => r.AssignmentLetterNumber);
            });
            builder.Entity<OutboxMessage>().Ignore(m => m.RedactAfterSend);
            builder.Entity<RequestStep>().Ignore(s => s.Deviation); // issue #8
            builder.Entity<RequestStep>().Ignore(s => s.Checklist);
            builder.Entity<RequestStep>(e =>
            {
                e.Metadata.RemoveIndex(e.Metadata.GetIndexes().Single(i => i.Properties.Any(p => p.Name == nameof(RequestStep.RemindAt))));
                e.Metadata.RemoveIndex(e.Metadata.GetIndexes().Single(i => i.Properties is [{ Name: nameof(RequestStep.DueAt) }]));
                e.Metadata.RemoveIndex(e.Metadata.GetIndexes().Single(i => i.Properties is [{ Name: nameof(RequestStep.CompletedAt) }, ..])); // issue #10 §4, §5
                e.Ignore(s => s.RemindAt); // issue #10: reminders and escalations
                e.Ignore(s => s.RemindedAt);
                e.Ignore(s => s.EscalatedAt);
            });
            builder.Entity<SopStep>(e =>
            {
                e.Ignore(s => s.NextStepNumber);
                e.Ignore(s => s.AlternateStepNumber);
                e.Ignore(s => s.Requirements);
                e.Ignore(s => s.CopyTo); // issue #9: the copies (tembusan) as data
            });
            builder.Entity<SopDefinition>(e =>
            {
                e.Ignore(s => s.TotalTime); // issue #9
                e.Ignore(s => s.Summary); // issue #11: the SOP document and the editor
                e.Ignore(s => s.Purpose);
                e.Ignore(s => s.Definitions);
                e.Ignore(s => s.Status);
                e.Ignore(s => s.PublishedAt);
                e.Ignore(s => s.PublishedByUserId);
                e.Ignore(s => s.ChangeNote);
                e.Ignore(s => s.DraftSavedAt);
                e.Ignore(s => s.DraftSavedByUserId);
                e.Ignore(s => s.DraftStamp);
            });
            builder.Entity<AksesSpse.Core.Offices.Office>(e =>
            {
                e.Ignore(o => o.ParentAuthority); // issue #11
                e.Ignore(o => o.Logo);
                e.Ignore(o => o.LogoContentType);
            });
            builder.Ignore<ServiceStandard>(); // issue #11 §3: the public service standard
            builder.Entity<AksesSpse.Core.Credentials.CredentialDelivery>(e =>
            {
                e.Ignore(c => c.RequestPersonId);
                e.Ignore(c => c.FailedAttempts);
            });
            builder.Ignore<RequestPerson>();
            builder.Ignore<SopStepRequirement>();
            builder.Ignore<AksesSpse.Core.Offices.DayOff>(); // issue #10: the office calendar
            builder.Ignore<AksesSpse.Core.Offices.OfficeWorkingDay>();
            builder.Ignore<AksesSpse.Core.Notifications.ScheduledSend>();
            builder.Ignore<AksesSpse.Core.Accountability.StepDeviation>(); // issue #10 §3: the deviation ledger
            builder.Ignore<AksesSpse.Core.Performance.StepDayFigures>(); // issue #10 §5: the dashboard's roll-ups
            builder.Ignore<AksesSpse.Core.Performance.StepDayRollup>();
            builder.Ignore<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>();
        }
    }
}
