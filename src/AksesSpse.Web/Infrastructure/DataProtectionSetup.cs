using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AksesSpse.Core.Data;
using Microsoft.AspNetCore.DataProtection;

namespace AksesSpse.Web.Infrastructure;

/// <summary>A setting is missing or wrong: the app refuses to start and prints <see cref="Exception.Message"/> for the operator.</summary>
public sealed class StartupConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The data-protection key ring (cookies, antiforgery tokens, temporary passwords, sealed links) lives in the database,
/// shared by every node, and each key is encrypted with a certificate that is NOT in the database (docs/adr/0013):
/// a copy of the database or of App_Data alone cannot decrypt anything.
/// <list type="bullet">
/// <item><c>DataProtection:CertificatePath</c> — PFX/P12 (with <c>DataProtection:CertificatePassword</c>) or PEM
/// (certificate and private key in one file, or the key in <c>DataProtection:CertificateKeyPath</c>; an encrypted
/// PEM key takes the password too). Every node uses the same certificate.</item>
/// <item>No certificate configured: in Development (and the tests' Testing environment) one is created once, self-signed,
/// at <c>DataProtection:DevelopmentCertificatePath</c> (mode 0600) and the log says so; in any other environment
/// (Production, Staging) the app refuses to start.</item>
/// <item><c>DataProtection:PreviousCertificatePaths</c> (comma-separated, same password) still decrypt keys after the
/// certificate is replaced.</item>
/// </list>
/// </summary>
public static class DataProtectionSetup
{
    public const string ApplicationName = "AksesSpse";
    public const string DefaultDevelopmentCertificatePath = "App_Data/dataprotection-development.pfx";

    /// <summary>Environments in which a missing certificate is created instead of refusing to start.</summary>
    private static readonly string[] SelfSignedEnvironments = ["Development", "Testing"];

    public static void AddAksesSpseDataProtection(this IServiceCollection services, IConfiguration config, IHostEnvironment environment)
    {
        var certificate = LoadCertificate(config, environment);
        var builder = services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<AppDbContext>()
            .ProtectKeysWithCertificate(certificate);
        var previous = (config["DataProtection:PreviousCertificatePaths"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => Load(Path.GetFullPath(p, environment.ContentRootPath), config["DataProtection:CertificatePassword"], null))
            .ToArray();
        if (previous.Length > 0)
        {
            builder.UnprotectKeysWithAnyCertificate(previous);
        }

        WarnAboutOldKeyFolder(config, environment.ContentRootPath);
    }

    /// <summary>The configured certificate; or, where allowed, the development one (created on first use).</summary>
    public static X509Certificate2 LoadCertificate(IConfiguration config, IHostEnvironment environment)
    {
        var contentRoot = environment.ContentRootPath;
        var path = config["DataProtection:CertificatePath"];
        var password = config["DataProtection:CertificatePassword"];
        if (!string.IsNullOrWhiteSpace(path))
        {
            var keyPath = config["DataProtection:CertificateKeyPath"];
            return Load(Path.GetFullPath(path, contentRoot), password,
                string.IsNullOrWhiteSpace(keyPath) ? null : Path.GetFullPath(keyPath, contentRoot));
        }

        if (!SelfSignedEnvironments.Any(environment.IsEnvironment))
        {
            throw new StartupConfigurationException(
                "AksesSpse tidak dijalankan: sertifikat perlindungan kunci belum diatur. Isi DataProtection:CertificatePath " +
                "(berkas PFX atau PEM; sandinya di DataProtection:CertificatePassword) dengan sertifikat yang sama di setiap node. " +
                "Cara membuatnya ada di README, bagian \"Several nodes\".\n" +
                $"AksesSpse refuses to start in the {environment.EnvironmentName} environment: no data-protection certificate. " +
                "Set DataProtection:CertificatePath (a PFX or PEM file; its password in DataProtection:CertificatePassword), " +
                "the same certificate on every node. See README, \"Several nodes\", for the openssl command.");
        }

        var devPath = Path.GetFullPath(config["DataProtection:DevelopmentCertificatePath"] ?? DefaultDevelopmentCertificatePath, contentRoot);
        if (CreateDevelopmentCertificate(devPath))
        {
            // Information, not a warning: this is the expected first start of a development machine.
            Serilog.Log.ForContext(typeof(DataProtectionSetup)).Information(
                "No DataProtection:CertificatePath is set: created a self-signed development certificate at {CertificatePath} " +
                "to encrypt the data-protection keys. Keep it with the database; production needs its own certificate (README)",
                devPath);
        }

        return Load(devPath, null, null);
    }

    /// <summary>Writes a new self-signed certificate with its key to <paramref name="path"/> (mode 0600); false if one is there.</summary>
    public static bool CreateDevelopmentCertificate(string path)
    {
        if (File.Exists(path))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=AksesSpse data protection (development)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(20));
        var pfx = certificate.Export(X509ContentType.Pfx);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(pfx);
        }
        catch (IOException) when (File.Exists(path))
        {
            return false; // another process (a second node on the same App_Data) was faster: use its certificate
        }

        return true;
    }

    private static X509Certificate2 Load(string path, string? password, string? keyPath)
    {
        if (!File.Exists(path))
        {
            throw new StartupConfigurationException(
                $"AksesSpse tidak dijalankan: berkas sertifikat {path} (DataProtection:CertificatePath) tidak ditemukan.\n" +
                $"AksesSpse refuses to start: the data-protection certificate {path} does not exist.");
        }

        X509Certificate2 certificate;
        try
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension is ".pem" or ".crt" or ".cer")
            {
                certificate = string.IsNullOrEmpty(password)
                    ? X509Certificate2.CreateFromPemFile(path, keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);
            }
            else
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(password) ? null : password,
                    X509KeyStorageFlags.EphemeralKeySet);
            }
        }
        catch (CryptographicException e)
        {
            throw new StartupConfigurationException(
                $"AksesSpse tidak dijalankan: sertifikat {path} tidak dapat dibaca (sandi DataProtection:CertificatePassword salah " +
                $"atau berkas rusak).\nAksesSpse refuses to start: cannot read the data-protection certificate {path}: {e.Message}", e);
        }

        if (certificate.GetRSAPrivateKey() is null)
        {
            throw new StartupConfigurationException(
                $"AksesSpse tidak dijalankan: sertifikat {path} tidak memuat kunci privat RSA.\n" +
                $"AksesSpse refuses to start: the data-protection certificate {path} carries no RSA private key.");
        }

        return certificate;
    }

    /// <summary>The keys of releases before issue #7 were files; they are not imported (README, "Several nodes").</summary>
    private static void WarnAboutOldKeyFolder(IConfiguration config, string contentRoot)
    {
        var folder = Path.GetFullPath(config["DataProtection:KeysPath"] ?? "App_Data/keys", contentRoot);
        if (Directory.Exists(folder) && Directory.EnumerateFiles(folder, "key-*.xml").Any())
        {
            Serilog.Log.ForContext(typeof(DataProtectionSetup)).Warning(
                "The data-protection keys are now in the database; the old key files in {KeysFolder} are no longer read. " +
                "Links and sign-ins made before the upgrade no longer open: staff issue a new temporary password where one was pending. " +
                "Delete the folder: its keys are not encrypted", folder);
        }
    }
}
