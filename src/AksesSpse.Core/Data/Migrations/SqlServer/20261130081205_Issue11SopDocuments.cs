using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AksesSpse.Core.Data.Migrations.SqlServer
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
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Definitions",
                table: "SopDefinitions",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "DraftSavedAt",
                table: "SopDefinitions",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DraftSavedByUserId",
                table: "SopDefinitions",
                type: "nvarchar(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DraftStamp",
                table: "SopDefinitions",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "PublishedAt",
                table: "SopDefinitions",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublishedByUserId",
                table: "SopDefinitions",
                type: "nvarchar(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "SopDefinitions",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Status",
                table: "SopDefinitions",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Summary",
                table: "SopDefinitions",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<byte[]>(
                name: "Logo",
                table: "Offices",
                type: "varbinary(max)",
                maxLength: 262144,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LogoContentType",
                table: "Offices",
                type: "nvarchar(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ParentAuthority",
                table: "Offices",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ServiceStandards",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    OfficeId = table.Column<int>(type: "int", nullable: false),
                    Kind = table.Column<int>(type: "int", nullable: false),
                    Cost = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    Complaints = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    StaffCount = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    ServiceGuarantee = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    SecurityGuarantee = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    InternalOversight = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    PerformanceEvaluation = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    Version = table.Column<int>(type: "int", nullable: false)
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
