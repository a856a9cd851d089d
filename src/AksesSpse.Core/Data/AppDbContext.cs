using AksesSpse.Core.Accounts;
using AksesSpse.Core.Archive;
using AksesSpse.Core.Campaigns;
using AksesSpse.Core.Common;
using AksesSpse.Core.Credentials;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Notifications;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Sop;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AksesSpse.Core.Data;

/// <summary>
/// The model, shared by every provider. The app registers one subclass per provider (<see cref="SqliteAppDbContext"/>,
/// <see cref="PostgreSqlAppDbContext"/>, <see cref="SqlServerAppDbContext"/>) as <see cref="AppDbContext"/>, because EF Core
/// keeps one migrations folder per context type (docs/adr/0017). A plain AppDbContext (tests, EnsureCreated) has no migrations.
/// </summary>
public class AppDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public AppDbContext(DbContextOptions<AppDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider subclasses, whose options are typed on the subclass.</summary>
    protected AppDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Office> Offices => Set<Office>();
    public DbSet<DayOff> DaysOff => Set<DayOff>();
    public DbSet<OfficeWorkingDay> OfficeWorkingDays => Set<OfficeWorkingDay>();
    public DbSet<ScheduledSend> ScheduledSends => Set<ScheduledSend>();
    public DbSet<Accountability.StepDeviation> StepDeviations => Set<Accountability.StepDeviation>();
    public DbSet<SopDefinition> SopDefinitions => Set<SopDefinition>();
    public DbSet<SopStep> SopSteps => Set<SopStep>();
    public DbSet<SopRequiredDocument> SopRequiredDocuments => Set<SopRequiredDocument>();
    public DbSet<SopStepRequirement> SopStepRequirements => Set<SopStepRequirement>();
    public DbSet<ServiceStandard> ServiceStandards => Set<ServiceStandard>();
    public DbSet<RequestPerson> RequestPersons => Set<RequestPerson>();
    public DbSet<SpseAccount> SpseAccounts => Set<SpseAccount>();
    public DbSet<SpseAccountHistory> SpseAccountHistory => Set<SpseAccountHistory>();
    public DbSet<AccessRequest> AccessRequests => Set<AccessRequest>();
    public DbSet<RequestStep> RequestSteps => Set<RequestStep>();
    public DbSet<RequestDocument> RequestDocuments => Set<RequestDocument>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<UserNotification> UserNotifications => Set<UserNotification>();
    public DbSet<CredentialDelivery> CredentialDeliveries => Set<CredentialDelivery>();
    public DbSet<ArchiveRecord> ArchiveRecords => Set<ArchiveRecord>();
    public DbSet<Performance.StepDayFigures> StepDayFigures => Set<Performance.StepDayFigures>();
    public DbSet<Performance.StepDayRollup> StepDayRollups => Set<Performance.StepDayRollup>();
    public DbSet<PpkCampaign> PpkCampaigns => Set<PpkCampaign>();
    public DbSet<PpkCampaignExclusion> PpkCampaignExclusions => Set<PpkCampaignExclusion>();
    public DbSet<PpkCampaignResult> PpkCampaignResults => Set<PpkCampaignResult>();

    /// <summary>
    /// The data-protection key ring (cookies, antiforgery, temporary passwords, sealed links), shared by every node.
    /// Each key's XML is encrypted with a certificate that is not in the database (docs/adr/0013).
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version++;
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC in the database and comes back as UTC (SQLite would return Unspecified).
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ApplicationUser>(e =>
        {
            e.Property(u => u.FullName).HasMaxLength(200);
            e.Property(u => u.Nip).HasMaxLength(18);
            e.Property(u => u.RankGrade).HasMaxLength(50);
            e.Property(u => u.Position).HasMaxLength(200);
            e.Property(u => u.Agency).HasMaxLength(200);
            e.Property(u => u.Address).HasMaxLength(500);
            // Default for the accounts that existed before the NIP check (migration 20261129030000): unverified.
            e.Property(u => u.NipStatus).HasDefaultValue(NipStatus.Unverified);
            e.Property(u => u.WorkMail).HasDefaultValue(WorkMailChoice.Immediate); // issue #10: staff hear of new work at once unless they choose the digest
            e.Property(u => u.ApplicantNipKey).HasMaxLength(18);
            e.Property(u => u.NipCheckedByUserId).HasMaxLength(450);
            e.Property(u => u.NipCheckedByName).HasMaxLength(200);
            e.Property(u => u.NipSkNumber).HasMaxLength(200);
            e.Property(u => u.NipCheckNote).HasMaxLength(1000);
            e.HasIndex(u => u.Nip);
            e.HasIndex(u => u.OfficeId);
            // One applicant account per NIP per office (H1 of issue #7, docs/adr/0016).
            e.HasIndex(u => new { u.OfficeId, u.ApplicantNipKey }).IsUnique();
            e.HasOne<Office>().WithMany().HasForeignKey(u => u.OfficeId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Office>(e =>
        {
            e.Property(o => o.Code).HasMaxLength(50);
            e.Property(o => o.Name).HasMaxLength(200);
            e.Property(o => o.Address).HasMaxLength(500);
            e.Property(o => o.Email).HasMaxLength(256);
            e.Property(o => o.Phone).HasMaxLength(50);
            e.Property(o => o.TimeZoneId).HasMaxLength(64);
            e.Property(o => o.HeadOfLpseEmail).HasMaxLength(256);
            e.Property(o => o.ParentAuthority).HasMaxLength(200);
            e.Property(o => o.Logo).HasMaxLength(OfficeLogo.MaxBytes);
            e.Property(o => o.LogoContentType).HasMaxLength(50);
            e.HasIndex(o => o.Code).IsUnique();
        });

        builder.Entity<DayOff>(e =>
        {
            e.Property(d => d.Description).HasMaxLength(300);
            e.Property(d => d.Source).HasMaxLength(500);
            e.Property(d => d.CreatedByName).HasMaxLength(200);
            e.HasOne<Office>().WithMany().HasForeignKey(d => d.OfficeId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(d => d.Date);
            e.HasIndex(d => new { d.OfficeId, d.Date });
        });

        builder.Entity<Accountability.StepDeviation>(e =>
        {
            e.Property(d => d.ActorRole).HasMaxLength(50);
            e.Property(d => d.PerformerUserId).HasMaxLength(450);
            e.Property(d => d.PerformerName).HasMaxLength(200);
            e.Property(d => d.Fact).HasMaxLength(4000);
            e.Property(d => d.Explanation).HasMaxLength(2000);
            e.Property(d => d.ReviewerUserId).HasMaxLength(450);
            e.Property(d => d.ReviewerName).HasMaxLength(200);
            e.Property(d => d.ReviewNote).HasMaxLength(1000);
            e.Property(d => d.Version).IsConcurrencyToken();
            e.HasOne<Office>().WithMany().HasForeignKey(d => d.OfficeId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(d => d.Request).WithMany().HasForeignKey(d => d.AccessRequestId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(d => d.Step).WithMany().HasForeignKey(d => d.RequestStepId).OnDelete(DeleteBehavior.Restrict);
            // One record per step and kind: a second node finding the same undelivered output adds nothing.
            e.HasIndex(d => new { d.RequestStepId, d.Kind }).IsUnique();
            // The office's records of a period, and the monthly report's count of them per performer, kind and review read
            // from the index alone.
            e.HasIndex(d => new { d.OfficeId, d.OccurredAt, d.Kind, d.Review, d.PerformerUserId });
            e.HasIndex(d => new { d.PerformerUserId, d.OccurredAt });
            // The menu's "to review" count on every page of a reviewer (DeviationLedger.PendingReviewCountAsync): the pending
            // records of the office by role, counted from the index alone.
            e.HasIndex(d => new { d.OfficeId, d.Review, d.ActorRole, d.PerformerUserId });
        });

        // The dashboard's daily roll-ups (docs/adr/0026): read by office and day range, grouped by month.
        builder.Entity<Performance.StepDayFigures>(e =>
        {
            e.Property(f => f.ActorRole).HasMaxLength(50);
            e.Property(f => f.Activity).HasMaxLength(1000);
            e.Property(f => f.PerformerUserId).HasMaxLength(450);
            e.Property(f => f.PerformerName).HasMaxLength(200);
            e.HasOne<Office>().WithMany().HasForeignKey(f => f.OfficeId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(f => new { f.OfficeId, f.Day });
        });

        builder.Entity<Performance.StepDayRollup>(e =>
        {
            e.HasKey(m => new { m.OfficeId, m.Day });
            e.HasOne<Office>().WithMany().HasForeignKey(m => m.OfficeId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ScheduledSend>(e =>
        {
            e.HasKey(s => s.Key);
            e.Property(s => s.Key).HasMaxLength(200);
        });

        builder.Entity<OfficeWorkingDay>(e =>
        {
            e.HasKey(d => new { d.OfficeId, d.Day });
            e.HasOne<Office>().WithMany().HasForeignKey(d => d.OfficeId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<SopDefinition>(e =>
        {
            e.Property(s => s.Number).HasMaxLength(100);
            e.Property(s => s.Title).HasMaxLength(300);
            e.Property(s => s.Unit).HasMaxLength(200);
            e.Property(s => s.ApproverName).HasMaxLength(200);
            e.Property(s => s.ApproverNip).HasMaxLength(18);
            e.Property(s => s.ApproverTitle).HasMaxLength(200);
            e.Property(s => s.TotalTime).HasMaxLength(100);
            e.Property(s => s.Summary).HasDefaultValue("");
            e.Property(s => s.Purpose).HasDefaultValue("");
            e.Property(s => s.Definitions).HasDefaultValue("");
            e.Property(s => s.Status).HasDefaultValue(SopStatus.Published);
            e.Property(s => s.PublishedByUserId).HasMaxLength(450);
            e.Property(s => s.ChangeNote).HasMaxLength(1000);
            e.Property(s => s.DraftSavedByUserId).HasMaxLength(450);
            e.Property(s => s.DraftStamp).HasDefaultValue(0).IsConcurrencyToken();
            e.HasIndex(s => new { s.OfficeId, s.Kind, s.Version }).IsUnique();
            e.HasOne<Office>().WithMany().HasForeignKey(s => s.OfficeId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(s => s.Steps).WithOne().HasForeignKey(s => s.SopDefinitionId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(s => s.RequiredDocuments).WithOne().HasForeignKey(d => d.SopDefinitionId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ServiceStandard>(e =>
        {
            e.Property(x => x.Cost).HasMaxLength(ServiceStandard.MaxLength);
            e.Property(x => x.Complaints).HasMaxLength(ServiceStandard.MaxLength);
            e.Property(x => x.StaffCount).HasMaxLength(ServiceStandard.MaxLength);
            e.Property(x => x.ServiceGuarantee).HasMaxLength(ServiceStandard.MaxLength);
            e.Property(x => x.SecurityGuarantee).HasMaxLength(ServiceStandard.MaxLength);
            e.Property(x => x.InternalOversight).HasMaxLength(ServiceStandard.MaxLength);
            e.Property(x => x.PerformanceEvaluation).HasMaxLength(ServiceStandard.MaxLength);
            e.Property(x => x.UpdatedByUserId).HasMaxLength(450);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.OfficeId, x.Kind }).IsUnique();
            e.HasOne<Office>().WithMany().HasForeignKey(x => x.OfficeId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<SopStep>(e =>
        {
            e.Property(s => s.ActorRole).HasMaxLength(50);
            e.Property(s => s.ActorLabel).HasMaxLength(100);
            e.Property(s => s.Activity).HasMaxLength(1000);
            e.Property(s => s.RequiredInputs).HasMaxLength(1000);
            e.Property(s => s.Output).HasMaxLength(500);
            e.Property(s => s.Note).HasMaxLength(1000);
            e.Property(s => s.CopyTo).HasMaxLength(100);
            e.Ignore(s => s.Standard);
            e.Ignore(s => s.IsDecision);
            e.HasIndex(s => new { s.SopDefinitionId, s.Number }).IsUnique();
            e.HasMany(s => s.Requirements).WithOne().HasForeignKey(r => r.SopStepId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<SopStepRequirement>(e =>
        {
            e.Property(r => r.Code).HasMaxLength(50);
            e.Property(r => r.Label).HasMaxLength(500);
            e.HasIndex(r => new { r.SopStepId, r.Code }).IsUnique();
        });

        builder.Entity<SopRequiredDocument>(e =>
        {
            e.Property(d => d.Code).HasMaxLength(50);
            e.Property(d => d.Name).HasMaxLength(300);
            e.HasIndex(d => new { d.SopDefinitionId, d.Code }).IsUnique();
        });

        builder.Entity<SpseAccount>(e =>
        {
            e.Property(a => a.UserId).HasMaxLength(100);
            e.Property(a => a.HolderName).HasMaxLength(200);
            e.Property(a => a.HolderNip).HasMaxLength(18);
            e.Property(a => a.HolderEmail).HasMaxLength(256);
            e.Property(a => a.HolderPhone).HasMaxLength(30);
            e.Property(a => a.Agency).HasMaxLength(200);
            e.Property(a => a.SkNumber).HasMaxLength(200);
            e.Property(a => a.Version).IsConcurrencyToken();
            e.HasIndex(a => new { a.OfficeId, a.UserId }).IsUnique();
            e.HasIndex(a => a.HolderNip);
            e.HasIndex(a => new { a.OfficeId, a.Role, a.Status });
            e.HasOne<Office>().WithMany().HasForeignKey(a => a.OfficeId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(a => a.History).WithOne().HasForeignKey(h => h.SpseAccountId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<SpseAccountHistory>(e =>
        {
            e.Property(h => h.Detail).HasMaxLength(2000);
            e.Property(h => h.ChangedByUserId).HasMaxLength(450);
            e.Property(h => h.ChangedByName).HasMaxLength(200);
            e.HasIndex(h => h.AccessRequestId);
            // A plain column (no foreign key): SQLite cannot add a constraint to an existing table without a rebuild (ADR 0011).
            e.HasIndex(h => h.PpkCampaignId);
            e.HasOne<AccessRequest>().WithMany().HasForeignKey(h => h.AccessRequestId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<AccessRequest>(e =>
        {
            e.Property(r => r.Number).HasMaxLength(40);
            e.Property(r => r.ApplicantUserId).HasMaxLength(450);
            e.Property(r => r.ApplicantName).HasMaxLength(200);
            e.Property(r => r.ApplicantNip).HasMaxLength(18);
            e.Property(r => r.ApplicantEmail).HasMaxLength(256);
            e.Property(r => r.SpseUserId).HasMaxLength(100);
            e.Property(r => r.Reason).HasMaxLength(2000);
            e.Property(r => r.NewHolderName).HasMaxLength(200);
            e.Property(r => r.NewHolderEmail).HasMaxLength(256);
            e.Property(r => r.NewAgency).HasMaxLength(200);
            e.Property(r => r.NewHolderPhone).HasMaxLength(30);
            e.Property(r => r.PokjaName).HasMaxLength(200);
            e.Property(r => r.AssignmentLetterNumber).HasMaxLength(200);
            e.Property(r => r.MissingItems).HasMaxLength(2000);
            e.Property(r => r.RejectionReason).HasMaxLength(2000);
            e.Property(r => r.CurrentActorRole).HasMaxLength(50);
            e.Property(r => r.RegisteredByUserId).HasMaxLength(450);
            // Column defaults for the rows that existed before SOP 2 (release 20261122). The app always sets Channel
            // (IntakeChannel has no 0), so EF Core writes it on every insert instead of treating the default as
            // generated: without ValueGeneratedNever EF warns that 0 (the CLR default) would be replaced by Online.
            e.Property(r => r.Channel).HasDefaultValue(IntakeChannel.Online).ValueGeneratedNever();
            e.Property(r => r.PausedSeconds).HasDefaultValue(0L);
            e.Property(r => r.ApplicantRankGrade).HasMaxLength(50);
            e.Property(r => r.ApplicantPosition).HasMaxLength(200);
            e.Property(r => r.ApplicantAgency).HasMaxLength(200);
            e.Property(r => r.ApplicantAddress).HasMaxLength(500);
            e.Property(r => r.ApplicantPhone).HasMaxLength(30);
            e.Property(r => r.SkNumber).HasMaxLength(200);
            e.Property(r => r.RegisterEmailAtSubmission).HasMaxLength(256);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.Ignore(r => r.OpenStep);
            e.Ignore(r => r.HasChanges);
            e.Ignore(r => r.CurrentDocuments);
            e.Ignore(r => r.IsPaused);
            e.HasMany(r => r.Persons).WithOne().HasForeignKey(p => p.AccessRequestId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => r.Number).IsUnique();
            e.HasIndex(r => new { r.ApplicantUserId, r.SubmissionKey }).IsUnique();
            e.HasIndex(r => new { r.OfficeId, r.Kind, r.CurrentStepDueAt, r.Status });
            // The inbox "Tugas saya" (InboxQueries): an office's open requests whose step a role acts on, in deadline order;
            // Kind last so a per-SOP tab and the per-SOP counts are read from the index alone.
            e.HasIndex(r => new { r.OfficeId, r.CurrentActorRole, r.CurrentStepDueAt, r.Kind });
            e.HasIndex(r => new { r.OfficeId, r.SubmittedAt });
            // One open SOP 2 request per register account, enforced by the database (M3 of issue #7).
            e.HasIndex(r => new { r.Kind, r.OpenSpseAccountId }).IsUnique();
            e.HasOne<Office>().WithMany().HasForeignKey(r => r.OfficeId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.ApplicantUserId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(r => r.Sop).WithMany().HasForeignKey(r => r.SopDefinitionId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<SpseAccount>().WithMany().HasForeignKey(r => r.SpseAccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(r => r.Steps).WithOne().HasForeignKey(s => s.AccessRequestId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(r => r.Documents).WithOne().HasForeignKey(d => d.AccessRequestId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<RequestStep>(e =>
        {
            e.Property(s => s.ActorRole).HasMaxLength(50);
            e.Property(s => s.Activity).HasMaxLength(1000);
            e.Property(s => s.PerformerUserId).HasMaxLength(450);
            e.Property(s => s.PerformerName).HasMaxLength(200);
            e.Property(s => s.LateExplanation).HasMaxLength(2000);
            e.Property(s => s.Outcome).HasMaxLength(2000);
            e.Property(s => s.Note).HasMaxLength(2000);
            e.Property(s => s.Deviation).HasMaxLength(4000);
            e.Property(s => s.Checklist).HasMaxLength(1000);
            e.Ignore(s => s.Standard);
            e.Ignore(s => s.IsOpen);
            e.HasIndex(s => s.AccessRequestId);
            e.HasIndex(s => new { s.PerformerUserId, s.CompletedAt });
            e.HasIndex(s => s.RemindAt);
            e.HasIndex(s => s.DueAt);
            // Completed steps by time (the roll-ups), and the open ones past their deadline per SOP step and role (the
            // dashboard's "overdue now") from the index alone.
            e.HasIndex(s => new { s.CompletedAt, s.DueAt, s.SopStepId, s.ActorRole });
            e.HasOne<SopStep>().WithMany().HasForeignKey(s => s.SopStepId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<RequestDocument>(e =>
        {
            e.Property(d => d.DocumentCode).HasMaxLength(50);
            e.Property(d => d.DocumentName).HasMaxLength(300);
            e.Property(d => d.FileName).HasMaxLength(255);
            e.Property(d => d.ContentType).HasMaxLength(100);
            e.Property(d => d.Sha256).HasMaxLength(64);
            e.Property(d => d.StoragePath).HasMaxLength(500);
            e.Property(d => d.UploadedByUserId).HasMaxLength(450);
            e.HasIndex(d => d.AccessRequestId);
        });

        builder.Entity<OutboxMessage>(e =>
        {
            e.Property(m => m.Kind).HasMaxLength(50);
            e.Property(m => m.To).HasMaxLength(256);
            e.Property(m => m.Cc).HasMaxLength(1000);
            e.Property(m => m.Subject).HasMaxLength(300);
            e.Property(m => m.LastError).HasMaxLength(2000);
            e.Property(m => m.LockedBy).HasMaxLength(100);
            e.Property(m => m.AttachmentPath).HasMaxLength(500);
            e.Property(m => m.AttachmentName).HasMaxLength(255);
            e.Property(m => m.AttachmentContentType).HasMaxLength(100);
            e.Property(m => m.RedactAfterSend).HasDefaultValue(false); // rows written before the column keep their text
            e.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
            e.HasIndex(m => m.AccessRequestId);
            e.HasOne<AccessRequest>().WithMany().HasForeignKey(m => m.AccessRequestId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<UserNotification>(e =>
        {
            e.Property(n => n.UserId).HasMaxLength(450);
            e.Property(n => n.Message).HasMaxLength(1000);
            e.HasIndex(n => new { n.UserId, n.ReadAt });
            e.HasOne<ApplicationUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<AccessRequest>().WithMany().HasForeignKey(n => n.AccessRequestId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CredentialDelivery>(e =>
        {
            e.Property(c => c.SpseUserId).HasMaxLength(100);
            e.Property(c => c.HolderEmail).HasMaxLength(256);
            e.Property(c => c.TokenHash).HasMaxLength(64);
            e.Property(c => c.ProtectedSecret).HasMaxLength(2000);
            e.HasIndex(c => c.TokenHash).IsUnique();
            e.HasIndex(c => c.AccessRequestId);
            e.HasOne<AccessRequest>().WithMany().HasForeignKey(c => c.AccessRequestId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<SpseAccount>().WithMany().HasForeignKey(c => c.SpseAccountId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<RequestPerson>().WithMany().HasForeignKey(c => c.RequestPersonId).OnDelete(DeleteBehavior.Restrict);
            e.Property(c => c.FailedAttempts).HasDefaultValue(0); // deliveries made before the column start at none
        });

        builder.Entity<RequestPerson>(e =>
        {
            e.Property(p => p.FullName).HasMaxLength(200);
            e.Property(p => p.Nip).HasMaxLength(18);
            e.Property(p => p.Email).HasMaxLength(256);
            e.Property(p => p.Phone).HasMaxLength(30);
            e.Property(p => p.Position).HasMaxLength(200);
            e.Property(p => p.UserId).HasMaxLength(100);
            e.Property(p => p.OutcomeNote).HasMaxLength(1000);
            e.Property(p => p.RankGrade).HasMaxLength(PokjaMember.RankGradeMax);
            e.Property(p => p.Agency).HasMaxLength(PokjaMember.AgencyMax);
            e.Property(p => p.ConfirmationDetail).HasMaxLength(200);
            e.Property(p => p.ConfirmedByName).HasMaxLength(200);
            e.Property(p => p.ConfirmationRecordedByUserId).HasMaxLength(450);
            e.Property(p => p.ConfirmationRecordedByName).HasMaxLength(200);
            e.Ignore(p => p.IsSettled);
            e.HasIndex(p => new { p.AccessRequestId, p.Order }).IsUnique();
            e.HasIndex(p => p.Nip); // SOP 1: "is this member named on another open request?" over a list of NIPs
            e.HasIndex(p => p.SpseAccountId);
            e.HasOne<SpseAccount>().WithMany().HasForeignKey(p => p.SpseAccountId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ArchiveRecord>(e =>
        {
            e.Property(a => a.RequestNumber).HasMaxLength(40);
            e.Property(a => a.ArchivedByUserId).HasMaxLength(450);
            e.Property(a => a.ArchivedByName).HasMaxLength(200);
            e.Property(a => a.ContentHash).HasMaxLength(64);
            e.HasIndex(a => a.AccessRequestId).IsUnique();
            e.HasIndex(a => new { a.OfficeId, a.ArchivedAt });
            e.HasOne<AccessRequest>().WithMany().HasForeignKey(a => a.AccessRequestId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Office>().WithMany().HasForeignKey(a => a.OfficeId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<PpkCampaign>(e =>
        {
            e.Property(c => c.CreatedByUserId).HasMaxLength(450);
            e.Property(c => c.CreatedByName).HasMaxLength(200);
            e.Property(c => c.CompletedByUserId).HasMaxLength(450);
            e.Property(c => c.CompletedByName).HasMaxLength(200);
            e.Property(c => c.NoticeNumber).HasMaxLength(100);
            e.Property(c => c.NoticeStoragePath).HasMaxLength(500);
            e.Property(c => c.NoticeSha256).HasMaxLength(64);
            e.Property(c => c.Version).IsConcurrencyToken();
            // One campaign per office and fiscal year: a second start (or two at once) fails on this index.
            e.HasIndex(c => new { c.OfficeId, c.FiscalYear }).IsUnique();
            e.HasOne<Office>().WithMany().HasForeignKey(c => c.OfficeId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(c => c.Exclusions).WithOne().HasForeignKey(x => x.PpkCampaignId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PpkCampaignExclusion>(e =>
        {
            e.Property(x => x.Reason).HasMaxLength(1000);
            e.Property(x => x.ExcludedByUserId).HasMaxLength(450);
            e.Property(x => x.ExcludedByName).HasMaxLength(200);
            e.HasIndex(x => new { x.PpkCampaignId, x.SpseAccountId }).IsUnique();
            e.HasOne<SpseAccount>().WithMany().HasForeignKey(x => x.SpseAccountId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<PpkCampaignResult>(e =>
        {
            e.Property(x => x.Detail).HasMaxLength(1000);
            e.HasIndex(x => new { x.PpkCampaignId, x.Outcome, x.SpseAccountId });
            e.HasIndex(x => x.SpseAccountId);
            e.HasOne<PpkCampaign>().WithMany().HasForeignKey(x => x.PpkCampaignId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<SpseAccount>().WithMany().HasForeignKey(x => x.SpseAccountId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}
