using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksesSpse.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Issue10DashboardScale : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_StepDeviations_OfficeId_Review_ActorRole_PerformerUserId",
                table: "StepDeviations",
                columns: new[] { "OfficeId", "Review", "ActorRole", "PerformerUserId" });

            migrationBuilder.CreateIndex(
                name: "IX_RequestSteps_Dashboard",
                table: "RequestSteps",
                columns: new[] { "CompletedAt", "SopStepId", "IsLate", "StandardKind", "StandardValue", "Kind", "StepNumber", "ElapsedSeconds", "DueAt", "PerformerUserId", "PerformerName" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StepDeviations_OfficeId_Review_ActorRole_PerformerUserId",
                table: "StepDeviations");

            migrationBuilder.DropIndex(
                name: "IX_RequestSteps_Dashboard",
                table: "RequestSteps");
        }
    }
}
