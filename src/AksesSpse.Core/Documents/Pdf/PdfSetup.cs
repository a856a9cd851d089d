using PdfSharp.Fonts;

namespace AksesSpse.Core.Documents.Pdf;

/// <summary>
/// One-time, process-wide PDFsharp set-up: the system font resolver (PDFsharp 6.2.4 is MIT-licensed and
/// needs no licence call, docs/adr/0012). Idempotent and thread-safe; call it before any PDFsharp use.
/// </summary>
public static class PdfSetup
{
    private static readonly Lock Gate = new();
    private static volatile bool _initialized;

    public static void EnsureInitialized()
    {
        if (_initialized)
        {
            return;
        }

        lock (Gate)
        {
            if (_initialized)
            {
                return;
            }

            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = new SystemFontResolver();
            }

            _initialized = true;
        }
    }
}
