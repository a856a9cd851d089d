using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksesSpse.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Issue7Hardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "RedactAfterSend",
                table: "OutboxMessages",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ApplicantNipKey",
                table: "AspNetUsers",
                type: "nvarchar(18)",
                maxLength: 18,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NipCheckNote",
                table: "AspNetUsers",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NipCheckedAt",
                table: "AspNetUsers",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NipCheckedByName",
                table: "AspNetUsers",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NipCheckedByUserId",
                table: "AspNetUsers",
                type: "nvarchar(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NipSkDate",
                table: "AspNetUsers",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NipSkNumber",
                table: "AspNetUsers",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NipStatus",
                table: "AspNetUsers",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "OpenSpseAccountId",
                table: "AccessRequests",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RegisterEmailAtSubmission",
                table: "AccessRequests",
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    FriendlyName = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Xml = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_OfficeId_ApplicantNipKey",
                table: "AspNetUsers",
                columns: new[] { "OfficeId", "ApplicantNipKey" },
                unique: true,
                filter: "[ApplicantNipKey] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AccessRequests_Kind_OpenSpseAccountId",
                table: "AccessRequests",
                columns: new[] { "Kind", "OpenSpseAccountId" },
                unique: true,
                filter: "[OpenSpseAccountId] IS NOT NULL");

            // Data (H1, M3 of issue #7): the NIP key of existing applicants and the account held by open SOP 2 requests.
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
            // Mail still waiting at the upgrade that carries a one-time or confirmation link: its links go once it is sent.
            migrationBuilder.Sql("""
                UPDATE "OutboxMessages" SET "RedactAfterSend" = 1
                WHERE "SentAt" IS NULL AND "Kind" IN ('credential', 'confirm-email', 'activation-submitted', 'activation-received',
                  'activation-incomplete', 'activation-rejected', 'activation-result');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_OfficeId_ApplicantNipKey",
                table: "AspNetUsers");

            migrationBuilder.DropIndex(
                name: "IX_AccessRequests_Kind_OpenSpseAccountId",
                table: "AccessRequests");

            migrationBuilder.DropColumn(
                name: "RedactAfterSend",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "ApplicantNipKey",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "NipCheckNote",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "NipCheckedAt",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "NipCheckedByName",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "NipCheckedByUserId",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "NipSkDate",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "NipSkNumber",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "NipStatus",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "OpenSpseAccountId",
                table: "AccessRequests");

            migrationBuilder.DropColumn(
                name: "RegisterEmailAtSubmission",
                table: "AccessRequests");
        }
    }
}
