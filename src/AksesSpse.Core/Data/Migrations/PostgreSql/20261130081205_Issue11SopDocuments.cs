using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AksesSpse.Core.Data.Migrations.PostgreSql
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
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Definitions",
                table: "SopDefinitions",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "DraftSavedAt",
                table: "SopDefinitions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DraftSavedByUserId",
                table: "SopDefinitions",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DraftStamp",
                table: "SopDefinitions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "PublishedAt",
                table: "SopDefinitions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublishedByUserId",
                table: "SopDefinitions",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "SopDefinitions",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Status",
                table: "SopDefinitions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Summary",
                table: "SopDefinitions",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<byte[]>(
                name: "Logo",
                table: "Offices",
                type: "bytea",
                maxLength: 262144,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LogoContentType",
                table: "Offices",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ParentAuthority",
                table: "Offices",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ServiceStandards",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OfficeId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Cost = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Complaints = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    StaffCount = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ServiceGuarantee = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    SecurityGuarantee = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    InternalOversight = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    PerformanceEvaluation = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
