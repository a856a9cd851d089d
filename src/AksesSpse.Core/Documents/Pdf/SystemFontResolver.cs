using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace AksesSpse.Core.Documents.Pdf;

/// <summary>
/// Resolves every font family PDFsharp asks for to the system's DejaVu Sans (Debian package
/// <c>fonts-dejavu-core</c>, see docs/adr/0004). Bold uses the bold face; italic is simulated, because
/// the package's oblique faces are not relied on. Font files are read once and cached.
/// </summary>
public sealed class SystemFontResolver : IFontResolver
{
    public const string DefaultFamily = "DejaVu Sans";
    public const string FontDirectory = "/usr/share/fonts/truetype/dejavu";

    internal const string RegularFace = "DejaVuSans";
    internal const string BoldFace = "DejaVuSans-Bold";

    private readonly string _directory;
    private readonly ConcurrentDictionary<string, Lazy<byte[]>> _cache = new(StringComparer.Ordinal);

    public SystemFontResolver()
        : this(FontDirectory)
    {
    }

    /// <summary>For tests: a different directory holding DejaVuSans.ttf and DejaVuSans-Bold.ttf.</summary>
    internal SystemFontResolver(string directory)
    {
        _directory = directory;
    }

    /// <summary>Any family (known or not) falls back to DejaVu Sans.</summary>
    public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic)
    {
        var face = isBold ? BoldFace : RegularFace;
        return new FontResolverInfo(face, mustSimulateBold: false, mustSimulateItalic: isItalic);
    }

    public byte[] GetFont(string faceName)
    {
        var face = faceName == BoldFace ? BoldFace : RegularFace;
        return _cache.GetOrAdd(face, f => new Lazy<byte[]>(() => Load(f), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    private byte[] Load(string face)
    {
        var path = Path.Combine(_directory, face + ".ttf");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Font file '{path}' is missing; PDF output needs the DejaVu fonts. " +
                "On Debian/Ubuntu: apt-get install fonts-dejavu-core (see docs/adr/0004).",
                path);
        }

        return File.ReadAllBytes(path);
    }
}
