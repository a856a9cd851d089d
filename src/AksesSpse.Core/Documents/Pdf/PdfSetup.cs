using PdfSharp;
using PdfSharp.Fonts;

namespace AksesSpse.Core.Documents.Pdf;

/// <summary>
/// One-time, process-wide PDFsharp set-up: the AGPL licence (docs/adr/0004) and the system font
/// resolver. Idempotent and thread-safe; call it before any PDFsharp use.
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

            PdfSharpLicense.SetAgplLicense();
            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = new SystemFontResolver();
            }

            _initialized = true;
        }
    }
}
