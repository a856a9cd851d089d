using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AksesSpse.Core.Data.Migrations;

/// <summary>
/// Issue #7 (mail through MailKit, M4): an outbox message says whether its links are removed from the stored body once
/// it is sent (credential links, confirmation codes, SOP 2 status and confirmation links). Hand-written like the
/// others (docs/adr/0003); existing rows keep their text (false).
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261129010000_MailDelivery")]
public partial class MailDelivery : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(name: "RedactAfterSend", table: "OutboxMessages", nullable: false, defaultValue: false);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            migrationBuilder.Sql("ALTER TABLE \"OutboxMessages\" DROP COLUMN \"RedactAfterSend\";");
        }
        else
        {
            migrationBuilder.DropColumn(name: "RedactAfterSend", table: "OutboxMessages");
        }
    }
}
