using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksesSpse.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Issue9PokjaAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CopyTo",
                table: "SopSteps",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TotalTime",
                table: "SopDefinitions",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Agency",
                table: "RequestPersons",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ConfirmationDetail",
                table: "RequestPersons",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ConfirmationDueAt",
                table: "RequestPersons",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ConfirmationMethod",
                table: "RequestPersons",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ConfirmationRecordedByName",
                table: "RequestPersons",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ConfirmationRecordedByUserId",
                table: "RequestPersons",
                type: "nvarchar(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ConfirmedAt",
                table: "RequestPersons",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ConfirmedByName",
                table: "RequestPersons",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HeldAccountId",
                table: "RequestPersons",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RankGrade",
                table: "RequestPersons",
                type: "nvarchar(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssignmentLetterNumber",
                table: "AccessRequests",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PokjaName",
                table: "AccessRequests",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_RequestPersons_Nip",
                table: "RequestPersons",
                column: "Nip");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RequestPersons_Nip",
                table: "RequestPersons");

            migrationBuilder.DropColumn(
                name: "CopyTo",
                table: "SopSteps");

            migrationBuilder.DropColumn(
                name: "TotalTime",
                table: "SopDefinitions");

            migrationBuilder.DropColumn(
                name: "Agency",
                table: "RequestPersons");

            migrationBuilder.DropColumn(
                name: "ConfirmationDetail",
                table: "RequestPersons");

            migrationBuilder.DropColumn(
                name: "ConfirmationDueAt",
                table: "RequestPersons");

            migrationBuilder.DropColumn(
                name: "ConfirmationMethod",
                table: "RequestPersons");

            migrationBuilder.DropColumn(
                name: "ConfirmationRecordedByName",
                table: "RequestPersons");

            migrationBuilder.DropColumn(
                name: "ConfirmationRecordedByUserId",
                table: "RequestPersons");

            migrationBuilder.DropColumn(
                name: "ConfirmedAt",
                table: "RequestPersons");

            migrationBuilder.DropColumn(
                name: "ConfirmedByName",
                table: "RequestPersons");

            migrationBuilder.DropColumn(
                name: "HeldAccountId",
                table: "RequestPersons");

            migrationBuilder.DropColumn(
                name: "RankGrade",
                table: "RequestPersons");

            migrationBuilder.DropColumn(
                name: "AssignmentLetterNumber",
                table: "AccessRequests");

            migrationBuilder.DropColumn(
                name: "PokjaName",
                table: "AccessRequests");
        }
    }
}
