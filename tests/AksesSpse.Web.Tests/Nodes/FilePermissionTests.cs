using System.Runtime.Versioning;
using AksesSpse.Web.Tests.Email;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Sop4Steps = AksesSpse.Web.Tests.Sop4.Sop4;

namespace AksesSpse.Web.Tests.Nodes;

/// <summary>
/// Everything the app writes (SQLite database, uploads, .eml files, logs) is readable by the app's user only: today's
/// other users on the machine (or on the shared storage mount) must not read applicants' documents or mail.
/// </summary>
[UnsupportedOSPlatform("windows")]
[Trait("Category", "Nodes")]
public sealed class FilePermissionTests
{
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task DatabaseUploadsMailAndLogsAreReadableByTheOwnerOnly()
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings
        {
            Database = DatabaseKind.Sqlite,
            Extra = new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" },
        });
        using var applicant = factory.CreateFormClient();
        await applicant.SignInAsync(DemoUsers.Pokja);
        await Sop4Steps.SubmitAsync(applicant, Sop4Steps.ResetFields()); // two uploads and a "received" email
        Assert.NotNull(await ReceivedMail.WaitForAsync(factory.MailFolder, _ => true, TimeSpan.FromSeconds(20)));

        var database = new SqliteConnectionStringBuilder(factory.ConnectionString).DataSource;
        var uploads = Directory.GetFiles(Path.Combine(factory.Root, "files"), "*", SearchOption.AllDirectories);
        var mail = Directory.GetFiles(factory.MailFolder, "*.eml");
        var logs = Directory.GetFiles(Path.Combine(factory.Root, "logs"), "*", SearchOption.AllDirectories);
        Assert.True(uploads.Length >= 2, $"expected the two uploaded documents, found {uploads.Length}");
        Assert.NotEmpty(mail);
        Assert.NotEmpty(logs);
        Assert.True(logs.Sum(f => new FileInfo(f).Length) > 0, "no log line was written");

        var written = new[] { database }.Concat(uploads).Concat(mail).Concat(logs).ToList();
        var folders = new[] { Path.Combine(factory.Root, "files"), factory.MailFolder, Path.Combine(factory.Root, "logs") }
            .Concat(uploads.Select(f => Path.GetDirectoryName(f)!)).Distinct().ToList();
        var open = written.Concat(folders).Where(p => (File.GetUnixFileMode(p) & GroupOrOthers) != 0)
            .Select(p => $"{p} ({File.GetUnixFileMode(p)})").ToList();
        Assert.True(open.Count == 0, "readable by others: " + string.Join(", ", open));
    }
}
