using System.Diagnostics;
using System.Text;
using Xunit;

namespace AksesSpse.Tests.Shared;

/// <summary>
/// poppler-utils for the PDF tests of both test projects (linked into each): pdftotext reads what a PDF says, pdfinfo
/// its pages, pdftoppm renders it. scripts/test.sh installs the package.
/// </summary>
internal static class Poppler
{
    /// <summary>Runs a poppler program and returns its standard output; a non-zero exit fails the test.</summary>
    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start (install poppler-utils).");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed ({process.ExitCode}): {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>The text of a PDF as pdftotext reads it in the given mode ("-layout" or "-raw").</summary>
    public static string Text(byte[] pdf, string mode = "-layout") => WithTempPdf(pdf, path => Run("pdftotext", mode, path, "-"));

    /// <summary>
    /// Renders one page to a PNG kept in $AKSESSPSE_TEST_ARTIFACTS/<paramref name="folder"/>/<paramref name="name"/>.png (the temp folder
    /// when unset), for a person to look at; returns the PNG.
    /// </summary>
    public static byte[] SavePng(byte[] pdf, string folder, string name, int page, int dpi)
    {
        var directory = System.IO.Path.Combine(Environment.GetEnvironmentVariable("AKSESSPSE_TEST_ARTIFACTS") is { Length: > 0 } artifacts
            ? artifacts
            : System.IO.Path.GetTempPath(), folder);
        Directory.CreateDirectory(directory);
        var prefix = System.IO.Path.Combine(directory, name);
        var number = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        WithTempPdf(pdf, path => Run("pdftoppm", "-png", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", number, "-l", number,
            "-singlefile", path, prefix));
        return File.ReadAllBytes(prefix + ".png");
    }

    public static T WithTempPdf<T>(byte[] pdf, Func<string, T> use)
    {
        using var file = new TempPdf(pdf);
        return use(file.Path);
    }
}

/// <summary>A PDF written to a temporary file for the poppler programs, deleted when disposed.</summary>
internal sealed class TempPdf : IDisposable
{
    public TempPdf(byte[] bytes)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aksesspse-test-" + Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(Path, bytes);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
