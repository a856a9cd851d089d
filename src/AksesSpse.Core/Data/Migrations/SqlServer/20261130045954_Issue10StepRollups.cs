using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksesSpse.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Issue10StepRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StepDeviations_OfficeId_OccurredAt",
                table: "StepDeviations");

            migrationBuilder.DropIndex(
                name: "IX_RequestSteps_CompletedAt",
                table: "RequestSteps");

            migrationBuilder.CreateTable(
                name: "StepDayFigures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    OfficeId = table.Column<int>(type: "int", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    MonthKey = table.Column<int>(type: "int", nullable: false),
                    Sop = table.Column<int>(type: "int", nullable: false),
                    Channel = table.Column<int>(type: "int", nullable: false),
                    StepNumber = table.Column<int>(type: "int", nullable: false),
                    StandardKind = table.Column<int>(type: "int", nullable: false),
                    StandardValue = table.Column<int>(type: "int", nullable: true),
                    ActorRole = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    Activity = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    PerformerUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    PerformerName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Completed = table.Column<int>(type: "int", nullable: false),
                    Timed = table.Column<int>(type: "int", nullable: false),
                    OnTime = table.Column<int>(type: "int", nullable: false),
                    Late = table.Column<int>(type: "int", nullable: false),
                    ElapsedSum = table.Column<long>(type: "bigint", nullable: false),
                    ElapsedCount = table.Column<int>(type: "int", nullable: false),
                    Recorded = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StepDayFigures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StepDayFigures_Offices_OfficeId",
                        column: x => x.OfficeId,
                        principalTable: "Offices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StepDayRollups",
                columns: table => new
                {
                    OfficeId = table.Column<int>(type: "int", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    StartUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    EndUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    RolledAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Rows = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StepDayRollups", x => new { x.OfficeId, x.Day });
                    table.ForeignKey(
                        name: "FK_StepDayRollups_Offices_OfficeId",
                        column: x => x.OfficeId,
                        principalTable: "Offices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StepDeviations_OfficeId_OccurredAt_Kind_Review_PerformerUserId",
                table: "StepDeviations",
                columns: new[] { "OfficeId", "OccurredAt", "Kind", "Review", "PerformerUserId" });

            migrationBuilder.CreateIndex(
                name: "IX_RequestSteps_CompletedAt_DueAt_SopStepId_ActorRole",
                table: "RequestSteps",
                columns: new[] { "CompletedAt", "DueAt", "SopStepId", "ActorRole" });

            migrationBuilder.CreateIndex(
                name: "IX_StepDayFigures_OfficeId_Day",
                table: "StepDayFigures",
                columns: new[] { "OfficeId", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StepDayFigures");

            migrationBuilder.DropTable(
                name: "StepDayRollups");

            migrationBuilder.DropIndex(
                name: "IX_StepDeviations_OfficeId_OccurredAt_Kind_Review_PerformerUserId",
                table: "StepDeviations");

            migrationBuilder.DropIndex(
                name: "IX_RequestSteps_CompletedAt_DueAt_SopStepId_ActorRole",
                table: "RequestSteps");

            migrationBuilder.CreateIndex(
                name: "IX_StepDeviations_OfficeId_OccurredAt",
                table: "StepDeviations",
                columns: new[] { "OfficeId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RequestSteps_CompletedAt",
                table: "RequestSteps",
                column: "CompletedAt");
        }
    }
}
