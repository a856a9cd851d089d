using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksesSpse.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Issue10DeviationLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StepDeviations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    OfficeId = table.Column<int>(type: "int", nullable: false),
                    AccessRequestId = table.Column<int>(type: "int", nullable: false),
                    RequestStepId = table.Column<long>(type: "bigint", nullable: false),
                    SopKind = table.Column<int>(type: "int", nullable: false),
                    StepNumber = table.Column<int>(type: "int", nullable: false),
                    Kind = table.Column<int>(type: "int", nullable: false),
                    ActorRole = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    PerformerUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    PerformerName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Fact = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    Explanation = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    ExplainedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Review = table.Column<int>(type: "int", nullable: false),
                    ReviewerUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    ReviewerName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ReviewNote = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StepDeviations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StepDeviations_AccessRequests_AccessRequestId",
                        column: x => x.AccessRequestId,
                        principalTable: "AccessRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StepDeviations_Offices_OfficeId",
                        column: x => x.OfficeId,
                        principalTable: "Offices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StepDeviations_RequestSteps_RequestStepId",
                        column: x => x.RequestStepId,
                        principalTable: "RequestSteps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RequestSteps_CompletedAt",
                table: "RequestSteps",
                column: "CompletedAt");

            migrationBuilder.CreateIndex(
                name: "IX_StepDeviations_AccessRequestId",
                table: "StepDeviations",
                column: "AccessRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_StepDeviations_OfficeId_OccurredAt",
                table: "StepDeviations",
                columns: new[] { "OfficeId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_StepDeviations_PerformerUserId_OccurredAt",
                table: "StepDeviations",
                columns: new[] { "PerformerUserId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_StepDeviations_RequestStepId_Kind",
                table: "StepDeviations",
                columns: new[] { "RequestStepId", "Kind" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StepDeviations");

            migrationBuilder.DropIndex(
                name: "IX_RequestSteps_CompletedAt",
                table: "RequestSteps");
        }
    }
}
