using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace AksesSpse.Core.Data.Migrations;

/// <summary>
/// Issue #7, several nodes: the data-protection key ring moves from App_Data/keys into the database, so every node
/// reads the same keys (Microsoft.AspNetCore.DataProtection.EntityFrameworkCore's DataProtectionKey). The XML of
/// each key is encrypted with a certificate that is not in the database (docs/adr/0013). Hand-written like the
/// others (docs/adr/0003); the keys of the old folder are not imported.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261129020000_DataProtectionKeys")]
public partial class DataProtectionKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "DataProtectionKeys",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                FriendlyName = table.Column<string>(nullable: true),
                Xml = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
            });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "DataProtectionKeys");
    }
}
