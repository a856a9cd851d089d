using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksesSpse.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Issue11SopDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ChangeNote",
                table: "SopDefinitions",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Definitions",
                table: "SopDefinitions",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "DraftSavedAt",
                table: "SopDefinitions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DraftSavedByUserId",
                table: "SopDefinitions",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DraftStamp",
                table: "SopDefinitions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "PublishedAt",
                table: "SopDefinitions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublishedByUserId",
                table: "SopDefinitions",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "SopDefinitions",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Status",
                table: "SopDefinitions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Summary",
                table: "SopDefinitions",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<byte[]>(
                name: "Logo",
                table: "Offices",
                type: "BLOB",
                maxLength: 262144,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LogoContentType",
                table: "Offices",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ParentAuthority",
                table: "Offices",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ServiceStandards",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OfficeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Cost = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Complaints = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    StaffCount = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ServiceGuarantee = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    SecurityGuarantee = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    InternalOversight = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    PerformanceEvaluation = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceStandards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceStandards_Offices_OfficeId",
                        column: x => x.OfficeId,
                        principalTable: "Offices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceStandards_OfficeId_Kind",
                table: "ServiceStandards",
                columns: new[] { "OfficeId", "Kind" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ServiceStandards");

            migrationBuilder.DropColumn(
                name: "ChangeNote",
                table: "SopDefinitions");

            migrationBuilder.DropColumn(
                name: "Definitions",
                table: "SopDefinitions");

            migrationBuilder.DropColumn(
                name: "DraftSavedAt",
                table: "SopDefinitions");

            migrationBuilder.DropColumn(
                name: "DraftSavedByUserId",
                table: "SopDefinitions");

            migrationBuilder.DropColumn(
                name: "DraftStamp",
                table: "SopDefinitions");

            migrationBuilder.DropColumn(
                name: "PublishedAt",
                table: "SopDefinitions");

            migrationBuilder.DropColumn(
                name: "PublishedByUserId",
                table: "SopDefinitions");

            migrationBuilder.DropColumn(
                name: "Purpose",
                table: "SopDefinitions");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "SopDefinitions");

            migrationBuilder.DropColumn(
                name: "Summary",
                table: "SopDefinitions");

            migrationBuilder.DropColumn(
                name: "Logo",
                table: "Offices");

            migrationBuilder.DropColumn(
                name: "LogoContentType",
                table: "Offices");

            migrationBuilder.DropColumn(
                name: "ParentAuthority",
                table: "Offices");
        }
    }
}
