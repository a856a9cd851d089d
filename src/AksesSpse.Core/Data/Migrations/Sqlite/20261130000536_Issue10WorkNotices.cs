using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksesSpse.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Issue10WorkNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "EscalatedAt",
                table: "RequestSteps",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RemindAt",
                table: "RequestSteps",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RemindedAt",
                table: "RequestSteps",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WorkMail",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ScheduledSends",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DoneAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScheduledSends", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RequestSteps_DueAt",
                table: "RequestSteps",
                column: "DueAt");

            migrationBuilder.CreateIndex(
                name: "IX_RequestSteps_RemindAt",
                table: "RequestSteps",
                column: "RemindAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ScheduledSends");

            migrationBuilder.DropIndex(
                name: "IX_RequestSteps_DueAt",
                table: "RequestSteps");

            migrationBuilder.DropIndex(
                name: "IX_RequestSteps_RemindAt",
                table: "RequestSteps");

            migrationBuilder.DropColumn(
                name: "EscalatedAt",
                table: "RequestSteps");

            migrationBuilder.DropColumn(
                name: "RemindAt",
                table: "RequestSteps");

            migrationBuilder.DropColumn(
                name: "RemindedAt",
                table: "RequestSteps");

            migrationBuilder.DropColumn(
                name: "WorkMail",
                table: "AspNetUsers");
        }
    }
}
