using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using AksesSpse.Core.Data;
using AksesSpse.Core.Notifications;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Tests.Email;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using Sop4Steps = AksesSpse.Web.Tests.Sop4.Sop4;

namespace AksesSpse.Web.Tests.Nodes;

/// <summary>
/// Issue #7, section 3: two app nodes — separate `dotnet AksesSpse.Web.dll` processes of the published app, Production
/// settings, one PostgreSQL database, one data-protection certificate, one storage root, both outbox workers on, mail to
/// the SMTP server of scripts/test.sh — behind nginx (round robin) on loopback. Shows that a session made on one node
/// works on the other, that a one-time credential link made on one node opens on the other, that N outbox messages
/// arrive exactly once each, and that nginx spreads requests over both nodes. The figures are written to
/// $AKSESSPSE_TEST_ARTIFACTS/two-nodes.txt (scripts/test.sh prints them).
/// </summary>
[Trait("Category", "Nodes")]
public sealed partial class TwoNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Messages = 200;
    private const int OverdueRequests = 6;
    private const string Nginx = "/usr/sbin/nginx";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "aksesspse-tests", "nodes-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly List<Process> _processes = [];
    private readonly StringBuilder _figures = new();
    private string? _database;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TwoNodesBehindNginx_ShareSessionsAndCredentialLinks_AndDeliverEveryMailExactlyOnce()
    {
        var smtpPort = Required("AKSESSPSE_TEST_SMTP_PORT");
        var inbox = Path.Combine(Required("AKSESSPSE_TEST_MAILDIR"), "new");
        Assert.True(File.Exists(Nginx), $"{Nginx} is missing: scripts/test.sh installs the Debian package nginx");

        var publish = await PublishAsync();
        _database = await TestDatabases.CreatePostgresAsync("nodes");
        var certificate = Path.Combine(_root, "dataprotection.pfx");
        DataProtectionSetup.CreateDevelopmentCertificate(certificate);
        var storage = Directory.CreateDirectory(Path.Combine(_root, "storage")).FullName;

        var ports = FreePorts(3);
        var (portA, portB, portLb) = (ports[0], ports[1], ports[2]);
        var publicUrl = $"http://127.0.0.1:{portLb}";
        var nodeA = new Uri($"http://127.0.0.1:{portA}");
        var nodeB = new Uri($"http://127.0.0.1:{portB}");

        // Node A first: it migrates the database and makes the first data-protection key; then node B; then nginx.
        await StartNodeAsync("A", publish, portA, smtpPort, certificate, storage, publicUrl);
        await StartNodeAsync("B", publish, portB, smtpPort, certificate, storage, publicUrl);
        await StartNginxAsync(portLb, portA, portB);
        Figure($"nodes: A 127.0.0.1:{portA}, B 127.0.0.1:{portB}, nginx 127.0.0.1:{portLb} (round robin); one PostgreSQL database, one certificate, one storage root");

        // (a) Signed in on node A, the session works on node B (the same cookie, sent to B's own port).
        var admin = new CookieJar();
        using (var onA = admin.Client(nodeA))
        using (var onB = admin.Client(nodeB))
        {
            await onA.SignInAsync(DemoUsers.AdminAgency);
            using var queueOnB = await onB.GetAsync("/Tugas");
            Assert.Equal(HttpStatusCode.OK, queueOnB.StatusCode);
            Assert.Contains("Tugas saya", await queueOnB.Content.ReadAsStringAsync());
            Figure("sessions across nodes: signed in on A, /Tugas on B → 200 OK");
        }

        // (b) A temporary password made and sealed on node A (SOP 4 step 6) opens from its one-time link on node B.
        var applicant = new CookieJar();
        string password;
        int id;
        var uploaded = SampleFiles.Pdf("Surat permohonan diunggah lewat node A " + _run);
        using (var applicantOnA = applicant.Client(nodeA))
        using (var adminOnA = admin.Client(nodeA))
        {
            await applicantOnA.SignInAsync(DemoUsers.Pokja);
            id = await Sop4Steps.SubmitAsync(applicantOnA, Sop4Steps.ResetFields(), [Sop4Steps.Surat("surat-node-a.pdf", uploaded), Sop4Steps.SkPokja()]);
            Sop4Steps.Accepted(await Sop4Steps.ActAsync(adminOnA, id, "#step-form[data-kind=CompletenessCheck]", submitter: ("Answer", "Yes")));
            var page = Sop4Steps.Accepted(await Sop4Steps.ActAsync(adminOnA, id, "#step-form[data-kind=ValidityCheck]",
                new() { ["Note"] = "Dikonfirmasi lewat telepon." }, ("Answer", "Yes")));
            using var executed = await Sop4Steps.PostFormAsync(adminOnA, page, "#step-form[data-kind=AccountAction]");
            Assert.Equal(HttpStatusCode.OK, executed.StatusCode);
            password = Sop4Steps.Text((await FormClient.ParseAsync(executed)).QuerySelector("#temporary-password"));
            Assert.NotEmpty(password);
            Sop4Steps.Accepted(await adminOnA.SubmitAsync(await Sop4Steps.DetailAsync(adminOnA, id), "#step-form[data-kind=Notify]", []));
        }

        var linkPattern = new Regex(Regex.Escape(publicUrl) + @"/Kredensial/Buka\?token=[A-Za-z0-9_\-]+");
        var credentialMail = await ReceivedMail.WaitForAsync(inbox, m => linkPattern.IsMatch(m.Body), TimeSpan.FromSeconds(60));
        Assert.NotNull(credentialMail);
        var link = new Uri(linkPattern.Match(credentialMail.Body).Value);
        using (var applicantOnB = applicant.Client(nodeB))
        {
            var open = await applicantOnB.GetPageAsync(link.PathAndQuery);
            var revealed = await applicantOnB.SubmitAsync(open, "form[action='/Kredensial/Buka']", []);
            Assert.Equal(HttpStatusCode.OK, revealed.Status);
            Assert.Equal(password, Sop4Steps.Text(revealed.Page.QuerySelector("#revealed-password")));
        }

        Figure("credential link across nodes: temporary password sealed on A, its emailed link opened on B → shown, equal");

        // (b2) A document uploaded through node A downloads through node B, byte for byte (one storage root).
        int documentId;
        await using (var db = Database())
        {
            documentId = await db.RequestDocuments.Where(d => d.AccessRequestId == id && d.FileName == "surat-node-a.pdf").Select(d => d.Id).SingleAsync();
        }

        using (var applicantOnB = applicant.Client(nodeB))
        {
            using var download = await applicantOnB.GetAsync($"/Permohonan/{id}/Dokumen/{documentId}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
            Assert.Equal(uploaded, await download.Content.ReadAsByteArrayAsync());
        }

        Figure($"documents across nodes: uploaded on A ({uploaded.Length} bytes), downloaded on B → 200, identical");

        // (c) N messages in the outbox, both workers running: each arrives exactly once at the SMTP server.
        await using (var db = Database())
        {
            var now = DateTime.UtcNow;
            db.OutboxMessages.AddRange(Enumerable.Range(1, Messages).Select(i => new OutboxMessage
            {
                Kind = "test",
                To = $"n{i:D3}.{_run}@nodes.test",
                Subject = $"Uji dua node {_run} #{i:D3}",
                Body = "Pesan uji pengiriman tepat sekali dari dua node.",
                CreatedAt = now,
                NextAttemptAt = now,
            }));
            await db.SaveChangesAsync();
        }

        var until = DateTime.UtcNow.AddMinutes(3);
        int unsent;
        do
        {
            await Task.Delay(500);
            await using var db = Database();
            unsent = await db.OutboxMessages.CountAsync(m => m.Kind == "test" && m.SentAt == null);
        }
        while (unsent > 0 && DateTime.UtcNow < until);

        Assert.True(unsent == 0, $"{unsent} of {Messages} messages still unsent after 3 minutes");
        await Task.Delay(TimeSpan.FromSeconds(3)); // a (wrong) second send of a message would land by now: both workers poll every 0.5 s
        var received = ReceivedMail.ReadFolder(inbox).Where(m => m.To.Contains("." + _run + "@", StringComparison.Ordinal))
            .GroupBy(m => m.To).ToDictionary(g => g.Key, g => g.Count());
        var duplicates = received.Where(p => p.Value > 1).Select(p => $"{p.Key} ×{p.Value}").ToList();
        var missing = Enumerable.Range(1, Messages).Select(i => $"n{i:D3}.{_run}@nodes.test").Where(a => !received.ContainsKey(a)).ToList();
        var (sentByA, sentByB) = (SentBy("A"), SentBy("B"));
        Figure($"outbox: {Messages} enqueued, {received.Values.Sum()} received, {received.Count} distinct, " +
               $"duplicates {duplicates.Count}, missing {missing.Count} (sent by node A {sentByA}, by node B {sentByB})");
        Assert.Empty(duplicates);
        Assert.Empty(missing);
        Assert.Equal(Messages, received.Values.Sum());

        // (d) Through nginx: a run of requests in one session succeeds, alternating between the nodes.
        var viaNginx = new CookieJar();
        using (var lb = viaNginx.Client(new Uri(publicUrl)))
        {
            await lb.SignInAsync(DemoUsers.AdminAgency); // the form from one node, posted to the other (antiforgery shared)
            var upstreams = new Dictionary<string, int>();
            for (var i = 0; i < 20; i++)
            {
                using var response = await lb.GetAsync("/Tugas");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var upstream = response.Headers.TryGetValues("X-Upstream", out var values) ? values.First() : "?";
                upstreams[upstream] = upstreams.GetValueOrDefault(upstream) + 1;
            }

            Figure("through nginx: 20 signed-in requests, all 200; served by " +
                   string.Join(", ", upstreams.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} ×{p.Value}")));
            Assert.Contains($"127.0.0.1:{portA}", upstreams.Keys);
            Assert.Contains($"127.0.0.1:{portB}", upstreams.Keys);
        }

        // (e) The work-notice scheduler (docs/adr/0023): several requests whose open steps are already past their deadline; the
        // Quartz cluster of the two nodes sweeps every 2 s; each step is escalated exactly once, whichever node fires.
        var overdue = new List<int>();
        using (var applicantOnA = applicant.Client(nodeA))
        {
            for (var i = 0; i < OverdueRequests; i++)
            {
                overdue.Add(await Sop4Steps.SubmitAsync(applicantOnA, Sop4Steps.ResetFields(reason: $"Lupa password akun SPSE, uji penjadwal {_run} #{i}")));
            }
        }

        await using (var db = Database())
        {
            var past = DateTime.UtcNow;
            Assert.Equal(OverdueRequests, await db.RequestSteps.Where(s => overdue.Contains(s.AccessRequestId) && s.CompletedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.RemindAt, past.AddHours(-2)).SetProperty(s => s.DueAt, past.AddHours(-1))));
        }

        var escalatedBy = DateTime.UtcNow.AddSeconds(60);
        int escalated;
        do
        {
            await Task.Delay(500);
            await using var db = Database();
            escalated = await db.RequestSteps.CountAsync(s => overdue.Contains(s.AccessRequestId) && s.CompletedAt == null && s.EscalatedAt != null);
        }
        while (escalated < OverdueRequests && DateTime.UtcNow < escalatedBy);

        await Task.Delay(TimeSpan.FromSeconds(5)); // two or three more sweeps: a (wrong) second escalation would be written by now
        Dictionary<int, int> escalations;
        int reminders;
        List<string> checkedIn;
        await using (var db = Database())
        {
            escalations = await db.OutboxMessages.Where(m => m.Kind == "escalation" && m.AccessRequestId != null && overdue.Contains(m.AccessRequestId.Value))
                .GroupBy(m => m.AccessRequestId!.Value).ToDictionaryAsync(g => g.Key, g => g.Count());
            reminders = await db.OutboxMessages.CountAsync(m => m.Kind == "reminder" && m.AccessRequestId != null && overdue.Contains(m.AccessRequestId.Value));
            try
            {
                checkedIn = await db.Database.SqlQueryRaw<string>("SELECT instance_name AS \"Value\" FROM qrtz_scheduler_state ORDER BY instance_name").ToListAsync();
            }
            catch (System.Data.Common.DbException ex)
            {
                checkedIn = [];
                Figure("qrtz_scheduler_state not readable: " + ex.Message);
            }
        }

        var quartzErrors = QuartzErrors();
        Figure($"scheduler: {OverdueRequests} overdue steps, {escalated} escalated within 60 s; escalation mails per step " +
               $"{string.Join(",", overdue.Select(i => escalations.GetValueOrDefault(i)))} (total {escalations.Values.Sum()}), reminders {reminders}; " +
               $"sweeps that escalated: node A {Swept("A")}, node B {Swept("B")}; qrtz_scheduler_state {checkedIn.Count} rows ({string.Join(", ", checkedIn)})" +
               (quartzErrors.Length > 0 ? "; scheduler errors: " + quartzErrors : ""));
        Assert.True(escalated == OverdueRequests, $"{escalated} of {OverdueRequests} overdue steps escalated after 60 s. {quartzErrors}");
        Assert.All(overdue, i => Assert.Equal(1, escalations.GetValueOrDefault(i)));
        Assert.Equal(0, reminders);
        Assert.Equal(2, checkedIn.Count);
    }

    // ---------------------------------------------------------------------------------------------
    // Processes
    // ---------------------------------------------------------------------------------------------

    /// <summary>
    /// The app as it is deployed: `dotnet publish` output (the build output run directly in Production serves
    /// *.styles.css as 500). Uses the Release build that `dotnet test -c Release` just made; builds if there is none.
    /// </summary>
    private async Task<string> PublishAsync()
    {
        var repo = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repo, "AksesSpse.sln")))
        {
            repo = Path.GetDirectoryName(repo) ?? throw new InvalidOperationException("AksesSpse.sln not found above " + AppContext.BaseDirectory);
        }

        var project = Path.Combine(repo, "src", "AksesSpse.Web", "AksesSpse.Web.csproj");
        var folder = Path.Combine(_root, "publish");
        var log = new StringBuilder();
        foreach (var noBuild in new[] { "--no-build", "" })
        {
            var (code, text) = await RunAsync("dotnet", $"publish \"{project}\" -c Release {noBuild} -o \"{folder}\" -nologo", TimeSpan.FromMinutes(8));
            log.AppendLine(text);
            if (code == 0 && File.Exists(Path.Combine(folder, "AksesSpse.Web.dll")))
            {
                return folder;
            }
        }

        throw new InvalidOperationException("dotnet publish failed:\n" + log);
    }

    private async Task StartNodeAsync(string name, string publish, int port, string smtpPort, string certificate, string storage, string publicUrl)
    {
        var logs = Path.Combine(_root, "node-" + name);
        var start = new ProcessStartInfo("dotnet", $"AksesSpse.Web.dll --urls http://127.0.0.1:{port}") { WorkingDirectory = publish };
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Staging",
            ["Database__Provider"] = "PostgreSQL",
            ["ConnectionStrings__PostgreSQL"] = _database!,
            ["DataProtection__CertificatePath"] = certificate,
            ["Storage__Root"] = storage,
            ["Email__Mode"] = "Smtp",
            ["Email__Smtp__Host"] = "127.0.0.1",
            ["Email__Smtp__Port"] = smtpPort,
            ["Email__PollSeconds"] = "0.5",
            ["Email__WorkerEnabled"] = "true",
            ["Scheduler__IntervalSeconds"] = "2", // the work-notice sweep (Quartz, clustered on PostgreSQL; on by default)
            ["Email__PickupFolder"] = Path.Combine(logs, "mail"),
            ["App__BaseUrl"] = publicUrl,
            ["Seed__Demo"] = "true",        // Staging = Production settings, but Seed:Demo is honoured (Production never seeds the demo): these nodes need the demo users
            ["Seed__PrintLogins"] = "false",
            ["Serilog__WriteTo__1__Args__path"] = Path.Combine(logs, "app-.log"),
            ["Serilog__MinimumLevel__Default"] = "Information",
            ["DOTNET_NOLOGO"] = "1",
        };
        // Not the Serilog settings that AppFactory puts in this process's environment while another test's app starts.
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("Serilog__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Launch(start, Path.Combine(_root, $"node-{name}.out"));
        await WaitForAsync(port, process, $"node {name}", async () =>
        {
            using var http = new HttpClient();
            using var health = await http.GetAsync($"http://127.0.0.1:{port}/health");
            return health.StatusCode == HttpStatusCode.OK;
        });
    }

    private async Task StartNginxAsync(int port, int portA, int portB)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "nginx")).FullName;
        var config = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            daemon off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 256; }
            http {
              access_log {{folder}}/access.log;
              client_body_temp_path {{folder}}/client_body;
              proxy_temp_path {{folder}}/proxy;
              fastcgi_temp_path {{folder}}/fastcgi;
              uwsgi_temp_path {{folder}}/uwsgi;
              scgi_temp_path {{folder}}/scgi;
              client_max_body_size 20m;
              upstream aksesspse {
                server 127.0.0.1:{{portA}};
                server 127.0.0.1:{{portB}};
              }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://aksesspse;
                  proxy_buffering off;
                  proxy_request_buffering off;
                  proxy_set_header Host $http_host;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header X-Forwarded-Proto $scheme;
                  add_header X-Upstream $upstream_addr always;
                }
              }
            }
            """);
        var process = Launch(new ProcessStartInfo(Nginx, $"-e {folder}/error.log -p {folder} -c {config}"), Path.Combine(_root, "nginx.out"));
        await WaitForAsync(port, process, "nginx", async () =>
        {
            using var http = new HttpClient();
            using var health = await http.GetAsync($"http://127.0.0.1:{port}/health");
            return health.StatusCode == HttpStatusCode.OK;
        });
    }

    private Process Launch(ProcessStartInfo start, string outputFile)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        var writer = new StreamWriter(outputFile) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(writer, e.Data);
        process.ErrorDataReceived += (_, e) => Write(writer, e.Data);
        process.Exited += (_, _) => Write(writer, $"(exited with {process.ExitCode})");
        if (!process.Start())
        {
            throw new InvalidOperationException("could not start " + start.FileName);
        }

        _processes.Add(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (writer)
        {
            writer.WriteLine(line);
        }
    }

    private async Task WaitForAsync(int port, Process process, string what, Func<Task<bool>> ready)
    {
        var until = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                if (await ready())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250);
        }

        var outputs = string.Join("\n", Directory.GetFiles(_root, "*.out").Select(f => $"--- {Path.GetFileName(f)}\n{Tail(f)}"));
        throw new InvalidOperationException($"{what} did not become ready on port {port} (exited: {process.HasExited})\n{outputs}");
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        // Not the settings of the MSBuild that runs this test run.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{file} {arguments}: timed out\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, $"{file} {arguments}: exit {process.ExitCode}\n{await stdout}{await stderr}");
    }

    /// <summary>Ports the OS hands out for loopback right now (as scripts/test.sh's free_port, nothing listens on them).</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------

    private AppDbContext Database() =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(_database).Options);

    /// <summary>Messages of this run that a node's log says it sent ("?" when its log cannot tell).</summary>
    private string SentBy(string node)
    {
        var file = Path.Combine(_root, $"node-{node}.out");
        if (!File.Exists(file))
        {
            return "?";
        }

        var count = SentLine().Matches(Sop4Steps.ReadShared(file)).Count;
        return count == 0 ? "?" : count.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Sweeps of this node that escalated something, by its log ("?" when its log cannot tell).</summary>
    private string Swept(string node)
    {
        var file = Path.Combine(_root, $"node-{node}.out");
        return File.Exists(file)
            ? Regex.Matches(Sop4Steps.ReadShared(file), @"Work notices: \d+ reminder\(s\), [1-9]\d* escalation").Count.ToString(CultureInfo.InvariantCulture)
            : "?";
    }

    /// <summary>The nodes' log lines about the scheduler that say something failed (Quartz, or the sweep itself).</summary>
    private string QuartzErrors()
    {
        var lines = new List<string>();
        foreach (var node in new[] { "A", "B" })
        {
            var file = Path.Combine(_root, $"node-{node}.out");
            if (File.Exists(file))
            {
                lines.AddRange(Sop4Steps.ReadShared(file).Split('\n')
                    .Where(l => (l.Contains("Quartz", StringComparison.OrdinalIgnoreCase) || l.Contains("Work notices", StringComparison.Ordinal)) &&
                                (l.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Contains("error", StringComparison.OrdinalIgnoreCase) ||
                                 l.Contains("exception", StringComparison.OrdinalIgnoreCase)))
                    .Take(5).Select(l => $"[{node}] {l.Trim()}"));
            }
        }

        return string.Join(" | ", lines);
    }

    [GeneratedRegex(@"Email \d+ \(""?test""?\) sent")]
    private static partial Regex SentLine();

    private void Figure(string line)
    {
        _figures.AppendLine(line);
        output.WriteLine(line);
    }

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: run the tests with scripts/test.sh");

    private static string Tail(string file)
    {
        var lines = Sop4Steps.ReadShared(file).Split('\n');
        return string.Join('\n', lines.TakeLast(40));
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }

            process.Dispose();
        }

        if (_figures.Length > 0 && Environment.GetEnvironmentVariable("AKSESSPSE_TEST_ARTIFACTS") is { Length: > 0 } artifacts)
        {
            Directory.CreateDirectory(artifacts);
            await File.AppendAllTextAsync(Path.Combine(artifacts, "two-nodes.txt"), _figures.ToString());
            foreach (var file in Directory.GetFiles(_root, "*.out"))
            {
                File.Copy(file, Path.Combine(artifacts, "two-nodes-" + Path.GetFileName(file)), overwrite: true);
            }
        }

        if (_database is not null)
        {
            await TestDatabases.DropPostgresAsync(_database);
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // left to the OS's temp cleanup
        }
    }

    /// <summary>
    /// One browser's cookies, sent to whichever node a client talks to (name → value, whatever the cookie's port, path
    /// or Secure flag: the nodes sit behind a TLS-terminating proxy in production, and all share one host name).
    /// </summary>
    private sealed class CookieJar
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

        public FormClient Client(Uri node) =>
            new(new HttpClient(new Handler(this) { InnerHandler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false } })
            {
                BaseAddress = node,
            });

        private sealed class Handler(CookieJar jar) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                lock (jar._cookies)
                {
                    if (jar._cookies.Count > 0)
                    {
                        request.Headers.Add("Cookie", string.Join("; ", jar._cookies.Select(c => $"{c.Key}={c.Value}")));
                    }
                }

                var response = await base.SendAsync(request, cancellationToken);
                if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
                {
                    lock (jar._cookies)
                    {
                        foreach (var header in setCookies)
                        {
                            var pair = header.Split(';', 2)[0];
                            var equals = pair.IndexOf('=', StringComparison.Ordinal);
                            if (equals <= 0)
                            {
                                continue;
                            }

                            var (name, value) = (pair[..equals].Trim(), pair[(equals + 1)..].Trim());
                            var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
                            if (expired || value.Length == 0)
                            {
                                jar._cookies.Remove(name);
                            }
                            else
                            {
                                jar._cookies[name] = value;
                            }
                        }
                    }
                }

                return response;
            }
        }
    }
}
