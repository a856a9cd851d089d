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
        var logs = await LogFilesAsync(Path.Combine(factory.Root, "logs"));
        Assert.True(uploads.Length >= 2, $"expected the two uploaded documents, found {uploads.Length}");
        Assert.NotEmpty(mail);
        Assert.True(logs.Length > 0, "no log file in " + Path.Combine(factory.Root, "logs") + "; log files under the content root: "
            + string.Join(", ", Directory.Exists("App_Data/logs") ? Directory.GetFiles("App_Data/logs") : []));
        Assert.True(logs.Sum(f => new FileInfo(f).Length) > 0, "no log line was written");

        var written = new[] { database }.Concat(uploads).Concat(mail).Concat(logs).ToList();
        var folders = new[] { Path.Combine(factory.Root, "files"), factory.MailFolder, Path.Combine(factory.Root, "logs") }
            .Concat(uploads.Select(f => Path.GetDirectoryName(f)!)).Distinct().ToList();
        var open = written.Concat(folders).Where(p => (File.GetUnixFileMode(p) & GroupOrOthers) != 0)
            .Select(p => $"{p} ({File.GetUnixFileMode(p)})").ToList();
        Assert.True(open.Count == 0, "readable by others: " + string.Join(", ", open));
    }

    /// <summary>
    /// The log files, once the file sink has opened one (it does so at its first event): the test waits rather than
    /// racing the request-logging middleware, which writes its line after the response has reached the client.
    /// </summary>
    private static async Task<string[]> LogFilesAsync(string folder)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : [];
            if (files.Any(f => new FileInfo(f).Length > 0) || DateTime.UtcNow > deadline)
            {
                return files;
            }

            await Task.Delay(100);
        }
    }
}
