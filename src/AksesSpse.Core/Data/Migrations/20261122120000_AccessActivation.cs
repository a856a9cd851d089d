using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace AksesSpse.Core.Data.Migrations;

/// <summary>
/// SOP 2 (deactivation and activation of SPSE access, issue #3): the intake channel, personal data, SK and paused clock
/// of a request; attachments on outbox mail; the year-end PPK campaign with its exclusions and per-account results.
/// Hand-written like the first one (docs/adr/0003). New columns on existing tables carry no foreign key, because
/// SQLite cannot add one without rebuilding the table (docs/adr/0011).
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122120000_AccessActivation")]
public partial class AccessActivation : Migration
{
    private static readonly (string Table, string Column)[] AddedColumns =
    [
        ("AccessRequests", "Channel"),
        ("AccessRequests", "RegisteredByUserId"),
        ("AccessRequests", "ApplicantRankGrade"),
        ("AccessRequests", "ApplicantPosition"),
        ("AccessRequests", "ApplicantAgency"),
        ("AccessRequests", "ApplicantAddress"),
        ("AccessRequests", "ApplicantPhone"),
        ("AccessRequests", "SkNumber"),
        ("AccessRequests", "SkValidUntil"),
        ("AccessRequests", "PausedSince"),
        ("AccessRequests", "PausedSeconds"),
        ("OutboxMessages", "AttachmentPath"),
        ("OutboxMessages", "AttachmentName"),
        ("OutboxMessages", "AttachmentContentType"),
        ("SpseAccountHistory", "PpkCampaignId"),
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "Channel", table: "AccessRequests", nullable: false, defaultValue: 1);
        migrationBuilder.AddColumn<string>(name: "RegisteredByUserId", table: "AccessRequests", maxLength: 450, nullable: true);
        migrationBuilder.AddColumn<string>(name: "ApplicantRankGrade", table: "AccessRequests", maxLength: 50, nullable: true);
        migrationBuilder.AddColumn<string>(name: "ApplicantPosition", table: "AccessRequests", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<string>(name: "ApplicantAgency", table: "AccessRequests", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<string>(name: "ApplicantAddress", table: "AccessRequests", maxLength: 500, nullable: true);
        migrationBuilder.AddColumn<string>(name: "ApplicantPhone", table: "AccessRequests", maxLength: 30, nullable: true);
        migrationBuilder.AddColumn<string>(name: "SkNumber", table: "AccessRequests", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<DateOnly?>(name: "SkValidUntil", table: "AccessRequests", nullable: true);
        migrationBuilder.AddColumn<DateTime?>(name: "PausedSince", table: "AccessRequests", nullable: true);
        migrationBuilder.AddColumn<long>(name: "PausedSeconds", table: "AccessRequests", nullable: false, defaultValue: 0L);

        migrationBuilder.AddColumn<string>(name: "AttachmentPath", table: "OutboxMessages", maxLength: 500, nullable: true);
        migrationBuilder.AddColumn<string>(name: "AttachmentName", table: "OutboxMessages", maxLength: 255, nullable: true);
        migrationBuilder.AddColumn<string>(name: "AttachmentContentType", table: "OutboxMessages", maxLength: 100, nullable: true);

        migrationBuilder.AddColumn<int?>(name: "PpkCampaignId", table: "SpseAccountHistory", nullable: true);
        migrationBuilder.CreateIndex(name: "IX_SpseAccountHistory_PpkCampaignId", table: "SpseAccountHistory", column: "PpkCampaignId");

        migrationBuilder.CreateTable(
            name: "PpkCampaigns",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                OfficeId = table.Column<int>(nullable: false),
                FiscalYear = table.Column<int>(nullable: false),
                Status = table.Column<int>(nullable: false),
                CreatedAt = table.Column<DateTime>(nullable: false),
                CreatedByUserId = table.Column<string>(maxLength: 450, nullable: false),
                CreatedByName = table.Column<string>(maxLength: 200, nullable: false),
                CompletedAt = table.Column<DateTime?>(nullable: true),
                CompletedByUserId = table.Column<string>(maxLength: 450, nullable: true),
                CompletedByName = table.Column<string>(maxLength: 200, nullable: true),
                DeactivatedCount = table.Column<int>(nullable: false),
                ExcludedCount = table.Column<int>(nullable: false),
                FailedCount = table.Column<int>(nullable: false),
                NoticeNumber = table.Column<string>(maxLength: 100, nullable: true),
                NoticeStoragePath = table.Column<string>(maxLength: 500, nullable: true),
                NoticeSha256 = table.Column<string>(maxLength: 64, nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PpkCampaigns", x => x.Id);
                table.ForeignKey(
                    name: "FK_PpkCampaigns_Offices_OfficeId",
                    column: x => x.OfficeId,
                    principalTable: "Offices",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "PpkCampaignExclusions",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                PpkCampaignId = table.Column<int>(nullable: false),
                SpseAccountId = table.Column<int>(nullable: false),
                Reason = table.Column<string>(maxLength: 1000, nullable: false),
                ExcludedAt = table.Column<DateTime>(nullable: false),
                ExcludedByUserId = table.Column<string>(maxLength: 450, nullable: false),
                ExcludedByName = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PpkCampaignExclusions", x => x.Id);
                table.ForeignKey(
                    name: "FK_PpkCampaignExclusions_PpkCampaigns_PpkCampaignId",
                    column: x => x.PpkCampaignId,
                    principalTable: "PpkCampaigns",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
                table.ForeignKey(
                    name: "FK_PpkCampaignExclusions_SpseAccounts_SpseAccountId",
                    column: x => x.SpseAccountId,
                    principalTable: "SpseAccounts",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "PpkCampaignResults",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                PpkCampaignId = table.Column<int>(nullable: false),
                SpseAccountId = table.Column<int>(nullable: false),
                Outcome = table.Column<int>(nullable: false),
                Detail = table.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PpkCampaignResults", x => x.Id);
                table.ForeignKey(
                    name: "FK_PpkCampaignResults_PpkCampaigns_PpkCampaignId",
                    column: x => x.PpkCampaignId,
                    principalTable: "PpkCampaigns",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
                table.ForeignKey(
                    name: "FK_PpkCampaignResults_SpseAccounts_SpseAccountId",
                    column: x => x.SpseAccountId,
                    principalTable: "SpseAccounts",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(
            name: "IX_PpkCampaigns_OfficeId_FiscalYear",
            table: "PpkCampaigns",
            columns: new[] { "OfficeId", "FiscalYear" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_PpkCampaignExclusions_PpkCampaignId_SpseAccountId",
            table: "PpkCampaignExclusions",
            columns: new[] { "PpkCampaignId", "SpseAccountId" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_PpkCampaignExclusions_SpseAccountId",
            table: "PpkCampaignExclusions",
            column: "SpseAccountId");

        migrationBuilder.CreateIndex(
            name: "IX_PpkCampaignResults_PpkCampaignId_Outcome_SpseAccountId",
            table: "PpkCampaignResults",
            columns: new[] { "PpkCampaignId", "Outcome", "SpseAccountId" });

        migrationBuilder.CreateIndex(
            name: "IX_PpkCampaignResults_SpseAccountId",
            table: "PpkCampaignResults",
            column: "SpseAccountId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "PpkCampaignResults");
        migrationBuilder.DropTable(name: "PpkCampaignExclusions");
        migrationBuilder.DropTable(name: "PpkCampaigns");
        migrationBuilder.DropIndex(name: "IX_SpseAccountHistory_PpkCampaignId", table: "SpseAccountHistory");

        foreach (var (table, column) in AddedColumns)
        {
            if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
            {
                // SQLite (3.35+) drops a plain column in place; EF Core would rebuild the table from a model snapshot,
                // which hand-written migrations do not have.
                migrationBuilder.Sql($"ALTER TABLE \"{table}\" DROP COLUMN \"{column}\";");
            }
            else
            {
                migrationBuilder.DropColumn(name: column, table: table);
            }
        }
    }
}
