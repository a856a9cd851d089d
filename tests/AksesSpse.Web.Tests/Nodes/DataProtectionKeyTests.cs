using System.Runtime.Versioning;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AksesSpse.Web.Infrastructure;
using AksesSpse.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;

namespace AksesSpse.Web.Tests.Nodes;

/// <summary>
/// M1: the data-protection keys are in the database (shared by every node) and encrypted there with a certificate that
/// is not in the database, so a copy of the database alone decrypts nothing (docs/adr/0013).
/// </summary>
[UnsupportedOSPlatform("windows")]
[Trait("Category", "Nodes")]
public sealed class DataProtectionKeyTests : IDisposable
{
    private const string Purpose = "AksesSpse.Tests.Nodes";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "aksesspse-tests", "dp-" + Guid.NewGuid().ToString("N")[..10]);

    public DataProtectionKeyTests() => Directory.CreateDirectory(_folder);

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task KeyRowsInTheDatabaseAreEncryptedNotPlainXml(DatabaseKind database)
    {
        await using var factory = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        var payload = factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Protect("rahasia");

        var keys = await factory.WithDbAsync(db => db.DataProtectionKeys.AsNoTracking().ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Contains("<encryptedSecret", key.Xml);
            Assert.Contains("EncryptedKey", key.Xml);   // the AES key of the XML encryption, wrapped with the certificate's RSA key
            Assert.DoesNotContain("<masterKey", key.Xml); // the key material itself is not readable
        });
        Assert.False(Directory.Exists(Path.Combine(factory.Root, "keys")), "no key ring files next to the app any more");
        Assert.Equal("rahasia", factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(payload));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task CopyOfTheDatabaseWithoutTheCertificateCannotUnprotect(DatabaseKind database)
    {
        await using var first = await AppFactory.CreateAsync(new AppSettings { Database = database, OutboxWorker = false });
        var payload = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Protect("password sementara");

        // A second node with the same certificate reads the same key ring from the database.
        await using (var sameCertificate = await AppFactory.CreateAsync(new AppSettings
                     {
                         Database = database, OutboxWorker = false, ConnectionString = first.ConnectionString,
                     }))
        {
            Assert.Equal("password sementara",
                sameCertificate.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(payload));
        }

        // The same database with any other certificate (someone holding a copy of the database) cannot.
        await using var thief = await AppFactory.CreateAsync(new AppSettings
        {
            Database = database, OutboxWorker = false, ConnectionString = first.ConnectionString,
            Extra = new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = TestCertificate.CreateAnother(_folder) },
        });
        var protector = thief.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(payload));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void OutsideDevelopmentNoCertificateRefusesToStartWithAClearMessage(string environment)
    {
        var error = Assert.Throws<StartupConfigurationException>(() =>
            DataProtectionSetup.LoadCertificate(Config([]), Environment(environment)));
        Assert.Contains("DataProtection:CertificatePath", error.Message);
        Assert.Contains("sertifikat", error.Message);
        Assert.Empty(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories)); // nothing was generated
    }

    [Fact]
    public void DevelopmentCreatesItsCertificateOnceReadableByTheOwnerOnly()
    {
        var path = Path.Combine(_folder, "App_Data", "dp.pfx");
        var config = Config(new() { ["DataProtection:DevelopmentCertificatePath"] = path });

        using var created = DataProtectionSetup.LoadCertificate(config, Environment("Development"));
        Assert.True(File.Exists(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.True(created.HasPrivateKey);

        using var again = DataProtectionSetup.LoadCertificate(config, Environment("Development"));
        Assert.Equal(created.Thumbprint, again.Thumbprint);
    }

    [Fact]
    public void WrongCertificatePasswordRefusesToStart()
    {
        var pfx = Path.Combine(_folder, "dp.pfx");
        Run("openssl", $"req -x509 -newkey rsa:2048 -sha256 -days 3650 -nodes -subj /CN=AksesSpse -keyout {_folder}/key.pem -out {_folder}/cert.pem");
        Run("openssl", $"pkcs12 -export -in {_folder}/cert.pem -inkey {_folder}/key.pem -out {pfx} -passout pass:benar-sekali");

        var error = Assert.Throws<StartupConfigurationException>(() => DataProtectionSetup.LoadCertificate(
            Config(new() { ["DataProtection:CertificatePath"] = pfx, ["DataProtection:CertificatePassword"] = "salah" }),
            Environment("Production")));
        Assert.Contains("tidak dapat dibaca", error.Message);
    }

    /// <summary>The README's openssl commands give certificates that the app reads: PFX with a password, and PEM.</summary>
    [Fact]
    public void CertificatesMadeAsTheReadmeSaysAreAccepted()
    {
        Run("openssl", $"req -x509 -newkey rsa:3072 -sha256 -days 3650 -nodes -subj /CN=AksesSpse-data-protection -keyout {_folder}/dp-key.pem -out {_folder}/dp-cert.pem");
        Run("openssl", $"pkcs12 -export -in {_folder}/dp-cert.pem -inkey {_folder}/dp-key.pem -out {_folder}/dp.pfx -passout pass:sandi-panjang-rahasia");
        File.WriteAllText($"{_folder}/dp.pem", File.ReadAllText($"{_folder}/dp-cert.pem") + File.ReadAllText($"{_folder}/dp-key.pem"));

        using var pfx = DataProtectionSetup.LoadCertificate(Config(new()
        {
            ["DataProtection:CertificatePath"] = $"{_folder}/dp.pfx", ["DataProtection:CertificatePassword"] = "sandi-panjang-rahasia",
        }), Environment("Production"));
        using var pem = DataProtectionSetup.LoadCertificate(Config(new() { ["DataProtection:CertificatePath"] = $"{_folder}/dp.pem" }), Environment("Production"));
        using var pemPair = DataProtectionSetup.LoadCertificate(Config(new()
        {
            ["DataProtection:CertificatePath"] = $"{_folder}/dp-cert.pem", ["DataProtection:CertificateKeyPath"] = $"{_folder}/dp-key.pem",
        }), Environment("Production"));
        Assert.All(new[] { pfx, pem, pemPair }, c => Assert.NotNull(c.GetRSAPrivateKey()));
        Assert.Equal(pfx.Thumbprint, pem.Thumbprint);
        Assert.Equal(pfx.Thumbprint, pemPair.Thumbprint);
    }

    private IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private HostingEnvironment Environment(string name) => new() { EnvironmentName = name, ContentRootPath = _folder };

    private static void Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {arguments} failed: {error.Result}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // left to the OS's temp cleanup
        }
    }
}
