using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksesSpse.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Issue10LedgerReviewIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_StepDeviations_OfficeId_Review_ActorRole_PerformerUserId",
                table: "StepDeviations",
                columns: new[] { "OfficeId", "Review", "ActorRole", "PerformerUserId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_StepDeviations_OfficeId_Review_ActorRole_PerformerUserId",
                table: "StepDeviations");
        }
    }
}
