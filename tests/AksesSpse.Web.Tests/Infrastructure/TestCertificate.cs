using AksesSpse.Web.Infrastructure;

namespace AksesSpse.Web.Tests.Infrastructure;

/// <summary>
/// One self-signed data-protection certificate (PFX, no password) for every app the tests start in this process,
/// handed to the app as DataProtection:CertificatePath; removed when the test process ends.
/// </summary>
public static class TestCertificate
{
    private static readonly Lazy<string> File = new(() =>
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aksesspse-tests", $"dataprotection-{Environment.ProcessId}-{Guid.NewGuid():N}.pfx");
        DataProtectionSetup.CreateDevelopmentCertificate(path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.File.Delete(path);
        return path;
    });

    public static string Path => File.Value;

    /// <summary>Another certificate (e.g. for a second app instance that must not read the first one's keys).</summary>
    public static string CreateAnother(string folder)
    {
        var path = System.IO.Path.Combine(folder, $"other-{Guid.NewGuid():N}.pfx");
        DataProtectionSetup.CreateDevelopmentCertificate(path);
        return path;
    }
}
