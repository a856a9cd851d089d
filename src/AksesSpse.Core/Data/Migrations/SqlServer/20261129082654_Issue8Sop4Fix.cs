using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksesSpse.Core.Data.Migrations.SqlServer
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
                type: "nvarchar(4000)",
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
