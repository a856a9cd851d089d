using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AksesSpse.Core.Data.Migrations;

/// <summary>
/// Issue #7, H1 / M3: the NIP check of applicant accounts (status, who checked it against which SK, and the key that makes
/// one applicant account per NIP per office), the register email a SOP 4 request was submitted against, and the column
/// whose unique index allows one open SOP 2 request per register account. Hand-written like the others (docs/adr/0003);
/// the generated migrations replace it.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261129030000_VerifiedNip")]
public partial class VerifiedNip : Migration
{
    private static readonly (string Table, string Column)[] AddedColumns =
    [
        ("AspNetUsers", "NipStatus"),
        ("AspNetUsers", "ApplicantNipKey"),
        ("AspNetUsers", "NipCheckedAt"),
        ("AspNetUsers", "NipCheckedByUserId"),
        ("AspNetUsers", "NipCheckedByName"),
        ("AspNetUsers", "NipSkNumber"),
        ("AspNetUsers", "NipSkDate"),
        ("AspNetUsers", "NipCheckNote"),
        ("AccessRequests", "OpenSpseAccountId"),
        ("AccessRequests", "RegisterEmailAtSubmission"),
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "NipStatus", table: "AspNetUsers", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<string>(name: "ApplicantNipKey", table: "AspNetUsers", maxLength: 18, nullable: true);
        migrationBuilder.AddColumn<DateTime?>(name: "NipCheckedAt", table: "AspNetUsers", nullable: true);
        migrationBuilder.AddColumn<string>(name: "NipCheckedByUserId", table: "AspNetUsers", maxLength: 450, nullable: true);
        migrationBuilder.AddColumn<string>(name: "NipCheckedByName", table: "AspNetUsers", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<string>(name: "NipSkNumber", table: "AspNetUsers", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<DateOnly?>(name: "NipSkDate", table: "AspNetUsers", nullable: true);
        migrationBuilder.AddColumn<string>(name: "NipCheckNote", table: "AspNetUsers", maxLength: 1000, nullable: true);
        migrationBuilder.AddColumn<int?>(name: "OpenSpseAccountId", table: "AccessRequests", nullable: true);
        migrationBuilder.AddColumn<string>(name: "RegisterEmailAtSubmission", table: "AccessRequests", maxLength: 256, nullable: true);

        // Existing applicant accounts stay unverified. Each keeps its NIP in its office, except a later account that declared
        // a NIP an earlier applicant account of the same office already has (the take-over H1 describes): it holds none.
        migrationBuilder.Sql("""
            UPDATE "AspNetUsers" SET "ApplicantNipKey" = "Nip"
            WHERE "Nip" IS NOT NULL
              AND "Id" IN (SELECT ur."UserId" FROM "AspNetUserRoles" ur JOIN "AspNetRoles" r ON r."Id" = ur."RoleId" WHERE r."Name" = 'Pemohon')
              AND NOT EXISTS (
                SELECT 1 FROM "AspNetUsers" o
                WHERE o."OfficeId" = "AspNetUsers"."OfficeId" AND o."Nip" = "AspNetUsers"."Nip" AND o."Id" <> "AspNetUsers"."Id"
                  AND (o."CreatedAt" < "AspNetUsers"."CreatedAt" OR (o."CreatedAt" = "AspNetUsers"."CreatedAt" AND o."Id" < "AspNetUsers"."Id"))
                  AND o."Id" IN (SELECT ur."UserId" FROM "AspNetUserRoles" ur JOIN "AspNetRoles" r ON r."Id" = ur."RoleId" WHERE r."Name" = 'Pemohon'));
            """);

        // Open SOP 2 requests hold their account; if parallel submissions already left two open, the oldest holds it.
        migrationBuilder.Sql("""
            UPDATE "AccessRequests" SET "OpenSpseAccountId" = "SpseAccountId"
            WHERE "Kind" = 2 AND "ClosedAt" IS NULL AND "SpseAccountId" IS NOT NULL
              AND "Id" IN (SELECT MIN("Id") FROM "AccessRequests" WHERE "Kind" = 2 AND "ClosedAt" IS NULL AND "SpseAccountId" IS NOT NULL GROUP BY "SpseAccountId");
            """);

        migrationBuilder.CreateIndex(
            name: "IX_AspNetUsers_OfficeId_ApplicantNipKey",
            table: "AspNetUsers",
            columns: new[] { "OfficeId", "ApplicantNipKey" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_AccessRequests_Kind_OpenSpseAccountId",
            table: "AccessRequests",
            columns: new[] { "Kind", "OpenSpseAccountId" },
            unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_AccessRequests_Kind_OpenSpseAccountId", table: "AccessRequests");
        migrationBuilder.DropIndex(name: "IX_AspNetUsers_OfficeId_ApplicantNipKey", table: "AspNetUsers");

        foreach (var (table, column) in AddedColumns)
        {
            if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
            {
                // As in 20261122120000: SQLite drops a plain column in place, without a model snapshot.
                migrationBuilder.Sql($"ALTER TABLE \"{table}\" DROP COLUMN \"{column}\";");
            }
            else
            {
                migrationBuilder.DropColumn(name: column, table: table);
            }
        }
    }
}
