using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksesSpse.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Issue8Inbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_AccessRequests_OfficeId_CurrentActorRole_CurrentStepDueAt_K~",
                table: "AccessRequests",
                columns: new[] { "OfficeId", "CurrentActorRole", "CurrentStepDueAt", "Kind" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AccessRequests_OfficeId_CurrentActorRole_CurrentStepDueAt_K~",
                table: "AccessRequests");
        }
    }
}
