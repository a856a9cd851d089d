using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AksesSpse.Web.Tests.Email;

/// <summary>How <see cref="FakeSmtpServer"/> behaves.</summary>
public sealed record FakeSmtpOptions
{
    /// <summary>The reply to every RCPT TO (e.g. a 5xx refusal); accepted by default.</summary>
    public string RcptReply { get; init; } = "250 2.1.5 OK";

    /// <summary>The server's TLS certificate: offered with STARTTLS, or spoken from the first byte when <see cref="ImplicitTls"/>.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>TLS from the first byte (port 465 style) instead of STARTTLS.</summary>
    public bool ImplicitTls { get; init; }

    /// <summary>When set, AUTH is required before MAIL FROM, offered only over TLS, with these mechanisms (PLAIN, LOGIN).</summary>
    public (string UserName, string Password)? Credentials { get; init; }

    public IReadOnlyList<string> Mechanisms { get; init; } = ["PLAIN", "LOGIN"];
}

/// <summary>A message the fake server accepted: its raw text and how the session that sent it was secured.</summary>
public sealed record FakeSmtpMessage(string Raw, bool OverTls, string? AuthenticatedAs, string? AuthMechanism, SslProtocols Protocol)
{
    public ReceivedMail Mail => ReceivedMail.Parse(Raw);
}

/// <summary>
/// An SMTP server on 127.0.0.1 for tests: greets, answers EHLO, offers STARTTLS (SslStream with the given certificate)
/// or speaks TLS at once, requires AUTH PLAIN / LOGIN over TLS when credentials are set, answers every RCPT TO with one
/// reply, and keeps every message it accepts. Every command line is recorded (AUTH payloads masked).
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly FakeSmtpOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private FakeSmtpServer(FakeSmtpOptions options)
    {
        _options = options;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _loop = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<string> Commands { get; } = new();

    public ConcurrentQueue<FakeSmtpMessage> Messages { get; } = new();

    /// <summary>The replies to failed AUTH attempts and TLS handshakes, for the test's output.</summary>
    public ConcurrentQueue<string> Failures { get; } = new();

    public static FakeSmtpServer Start(string rcptReply) => new(new FakeSmtpOptions { RcptReply = rcptReply });

    public static FakeSmtpServer Start(FakeSmtpOptions options) => new(options);

    public static int UnusedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A self-signed server certificate for 127.0.0.1 / localhost, with its private key.</summary>
    public static X509Certificate2 CreateCertificate(string subject = "CN=smtp.uji.local", string ipAddress = "127.0.0.1")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Parse(ipAddress));
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));

        // Through PFX, so SslStream can use the private key on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    /// <summary>Writes the public part of <paramref name="certificate"/> as PEM (what an office gives the app to trust).</summary>
    public static string WritePem(X509Certificate2 certificate, string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "smtp-server-" + Guid.NewGuid().ToString("N")[..8] + ".pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private sealed class Session(Stream stream)
    {
        public Stream Stream { get; set; } = stream;
        public StreamReader Reader { get; set; } = new(stream, Encoding.ASCII);
        public StreamWriter Writer { get; set; } = new(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        public SslStream? Tls { get; set; }
        public string? User { get; set; }
        public string? Mechanism { get; set; }

        public void Secure(SslStream tls)
        {
            Tls = tls;
            Stream = tls;
            Reader = new StreamReader(tls, Encoding.ASCII);
            Writer = new StreamWriter(tls, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var s = new Session(client.GetStream());
                if (_options.ImplicitTls)
                {
                    s.Secure(await HandshakeAsync(s.Stream));
                }

                await s.Writer.WriteLineAsync("220 fake.smtp.test ESMTP");
                while (await s.Reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var verb = line.Split(' ', ':')[0].ToUpperInvariant();
                    Commands.Enqueue(verb == "AUTH" ? string.Join(' ', line.Split(' ').Take(2)) + (line.Split(' ').Length > 2 ? " ***" : "") : line);
                    switch (verb)
                    {
                        case "EHLO":
                            await s.Writer.WriteLineAsync("250-fake.smtp.test");
                            if (_options.Certificate is not null && s.Tls is null)
                            {
                                await s.Writer.WriteLineAsync("250-STARTTLS");
                            }

                            if (_options.Credentials is not null && s.Tls is not null)
                            {
                                await s.Writer.WriteLineAsync("250-AUTH " + string.Join(' ', _options.Mechanisms));
                            }

                            await s.Writer.WriteLineAsync("250 SIZE 10485760");
                            break;
                        case "STARTTLS" when _options.Certificate is not null && s.Tls is null:
                            await s.Writer.WriteLineAsync("220 2.0.0 Ready to start TLS");
                            s.Secure(await HandshakeAsync(s.Stream));
                            break;
                        case "AUTH" when _options.Credentials is not null && s.Tls is not null:
                            await AuthenticateAsync(s, line);
                            break;
                        case "MAIL" when _options.Credentials is not null && s.User is null:
                            await s.Writer.WriteLineAsync("530 5.7.0 Authentication required");
                            break;
                        case "HELO" or "MAIL" or "RSET" or "NOOP":
                            await s.Writer.WriteLineAsync("250 OK");
                            break;
                        case "RCPT":
                            await s.Writer.WriteLineAsync(_options.RcptReply);
                            break;
                        case "DATA":
                            await s.Writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                            var raw = new StringBuilder();
                            while (await s.Reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                            {
                                raw.Append(data.StartsWith("..", StringComparison.Ordinal) ? data[1..] : data).Append("\r\n");
                            }

                            Messages.Enqueue(new FakeSmtpMessage(raw.ToString(), s.Tls is not null, s.User, s.Mechanism, s.Tls?.SslProtocol ?? SslProtocols.None));
                            await s.Writer.WriteLineAsync("250 2.0.0 Queued");
                            break;
                        case "QUIT":
                            await s.Writer.WriteLineAsync("221 Bye");
                            return;
                        default:
                            await s.Writer.WriteLineAsync("502 5.5.1 Command not implemented");
                            break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException
                                          or AuthenticationException)
            {
                // The client hung up, refused our certificate, or the server stops.
                if (e is AuthenticationException or IOException)
                {
                    Failures.Enqueue(e.GetType().Name + ": " + e.Message);
                }
            }
        }
    }

    private async Task<SslStream> HandshakeAsync(Stream inner)
    {
        var tls = new SslStream(inner, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = _options.Certificate,
            ClientCertificateRequired = false,
        }, _stop.Token);
        return tls;
    }

    private async Task AuthenticateAsync(Session s, string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var mechanism = parts.Length > 1 ? parts[1].ToUpperInvariant() : "";
        if (!_options.Mechanisms.Contains(mechanism))
        {
            await s.Writer.WriteLineAsync("504 5.5.4 Unrecognized authentication type");
            return;
        }

        string? user;
        string? password;
        if (mechanism == "PLAIN")
        {
            var payload = parts.Length > 2 ? parts[2] : await ChallengeAsync(s, "");
            var fields = Decode(payload).Split('\0');
            (user, password) = fields.Length == 3 ? (fields[1], fields[2]) : (null, null);
        }
        else
        {
            user = Decode(parts.Length > 2 ? parts[2] : await ChallengeAsync(s, "VXNlcm5hbWU6"));
            password = Decode(await ChallengeAsync(s, "UGFzc3dvcmQ6"));
        }

        if (_options.Credentials is { } expected && user == expected.UserName && password == expected.Password)
        {
            s.User = user;
            s.Mechanism = mechanism;
            await s.Writer.WriteLineAsync("235 2.7.0 Authentication successful");
        }
        else
        {
            Failures.Enqueue($"AUTH {mechanism} refused for {user}");
            await s.Writer.WriteLineAsync("535 5.7.8 Authentication credentials invalid");
        }
    }

    private async Task<string> ChallengeAsync(Session s, string challenge)
    {
        await s.Writer.WriteLineAsync("334 " + challenge);
        return await s.Reader.ReadLineAsync(_stop.Token) ?? "";
    }

    private static string Decode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim()));
        }
        catch (FormatException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
