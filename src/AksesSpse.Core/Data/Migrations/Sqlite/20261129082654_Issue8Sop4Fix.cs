using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksesSpse.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Issue8Sop4Fix : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Deviation",
                table: "RequestSteps",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Deviation",
                table: "RequestSteps");
        }
    }
}
