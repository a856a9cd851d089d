using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AksesSpse.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Issue8 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AlternateStepNumber",
                table: "SopSteps",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NextStepNumber",
                table: "SopSteps",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Checklist",
                table: "RequestSteps",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Deviation",
                table: "RequestSteps",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FailedAttempts",
                table: "CredentialDeliveries",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "RequestPersonId",
                table: "CredentialDeliveries",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CurrentStepNumber",
                table: "AccessRequests",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SkDate",
                table: "AccessRequests",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RequestPersons",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccessRequestId = table.Column<int>(type: "integer", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    FullName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Nip = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Phone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    Position = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Role = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    OutcomeNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    OutcomeAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SpseAccountId = table.Column<int>(type: "integer", nullable: true),
                    DeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestPersons", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RequestPersons_AccessRequests_AccessRequestId",
                        column: x => x.AccessRequestId,
                        principalTable: "AccessRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RequestPersons_SpseAccounts_SpseAccountId",
                        column: x => x.SpseAccountId,
                        principalTable: "SpseAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SopStepRequirements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SopStepId = table.Column<int>(type: "integer", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Label = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SopStepRequirements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SopStepRequirements_SopSteps_SopStepId",
                        column: x => x.SopStepId,
                        principalTable: "SopSteps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CredentialDeliveries_RequestPersonId",
                table: "CredentialDeliveries",
                column: "RequestPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_AccessRequests_OfficeId_CurrentActorRole_CurrentStepDueAt_K~",
                table: "AccessRequests",
                columns: new[] { "OfficeId", "CurrentActorRole", "CurrentStepDueAt", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_RequestPersons_AccessRequestId_Order",
                table: "RequestPersons",
                columns: new[] { "AccessRequestId", "Order" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RequestPersons_SpseAccountId",
                table: "RequestPersons",
                column: "SpseAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_SopStepRequirements_SopStepId_Code",
                table: "SopStepRequirements",
                columns: new[] { "SopStepId", "Code" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_CredentialDeliveries_RequestPersons_RequestPersonId",
                table: "CredentialDeliveries",
                column: "RequestPersonId",
                principalTable: "RequestPersons",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_CredentialDeliveries_RequestPersons_RequestPersonId",
                table: "CredentialDeliveries");

            migrationBuilder.DropTable(
                name: "RequestPersons");

            migrationBuilder.DropTable(
                name: "SopStepRequirements");

            migrationBuilder.DropIndex(
                name: "IX_CredentialDeliveries_RequestPersonId",
                table: "CredentialDeliveries");

            migrationBuilder.DropIndex(
                name: "IX_AccessRequests_OfficeId_CurrentActorRole_CurrentStepDueAt_K~",
                table: "AccessRequests");

            migrationBuilder.DropColumn(
                name: "AlternateStepNumber",
                table: "SopSteps");

            migrationBuilder.DropColumn(
                name: "NextStepNumber",
                table: "SopSteps");

            migrationBuilder.DropColumn(
                name: "Checklist",
                table: "RequestSteps");

            migrationBuilder.DropColumn(
                name: "Deviation",
                table: "RequestSteps");

            migrationBuilder.DropColumn(
                name: "FailedAttempts",
                table: "CredentialDeliveries");

            migrationBuilder.DropColumn(
                name: "RequestPersonId",
                table: "CredentialDeliveries");

            migrationBuilder.DropColumn(
                name: "CurrentStepNumber",
                table: "AccessRequests");

            migrationBuilder.DropColumn(
                name: "SkDate",
                table: "AccessRequests");
        }
    }
}
