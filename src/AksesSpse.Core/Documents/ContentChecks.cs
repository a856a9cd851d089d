using SkiaSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace AksesSpse.Core.Documents;

/// <summary>What the content check of an upload found.</summary>
public enum ContentProblem
{
    None,

    /// <summary>Does not parse (PDF) or decode (image).</summary>
    Unreadable,

    /// <summary>A PDF with JavaScript or a launch action.</summary>
    ActiveContent,

    /// <summary>An image whose pixel count would exhaust memory when decoded.</summary>
    ImageTooLarge,
}

/// <summary>
/// A PDF is accepted when PdfPig parses it (cross-reference table or stream, every object readable, at least one page) and
/// no object — including those stored compressed inside object streams — names JavaScript (/JavaScript, /JS) or a launch
/// action (/Launch): that covers /OpenAction and /AA actions, the document's JavaScript name tree and /S /Launch.
/// </summary>
public static class PdfCheck
{
    private const int MaxDepth = 64;

    public static ContentProblem Inspect(byte[] content)
    {
        try
        {
            using var document = PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            if (document.NumberOfPages < 1)
            {
                return ContentProblem.Unreadable;
            }

            foreach (var reference in document.Structure.CrossReferenceTable.ObjectOffsets.Keys)
            {
                if (IsActive(document.Structure.GetObject(reference), 0))
                {
                    return ContentProblem.ActiveContent;
                }
            }

            return ContentProblem.None;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // PdfPig throws its own format exceptions, and others (index, argument, invalid operation) on damaged files.
            return ContentProblem.Unreadable;
        }
    }

    private static bool IsActive(IToken? token, int depth)
    {
        if (token is null || depth > MaxDepth)
        {
            return false;
        }

        switch (token)
        {
            case NameToken name:
                return IsActiveName(name.Data);
            case DictionaryToken dictionary:
                foreach (var (key, value) in dictionary.Data)
                {
                    if (IsActiveName(key) || IsActive(value, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            case ArrayToken array:
                return array.Data.Any(item => IsActive(item, depth + 1));
            case StreamToken stream:
                return IsActive(stream.StreamDictionary, depth + 1);
            case ObjectToken obj:
                return IsActive(obj.Data, depth + 1);
            default:
                return false;
        }
    }

    private static bool IsActiveName(string name) => name is "JavaScript" or "JS" or "Launch";
}

/// <summary>An image is accepted when Skia decodes every pixel of it as the type its signature claims.</summary>
public static class ImageCheck
{
    /// <summary>40 megapixels: a 600 dpi A3 scan; a larger image is refused before its pixels are allocated.</summary>
    public const long MaxPixels = 40_000_000;

    public static ContentProblem Inspect(byte[] content, string extension)
    {
        try
        {
            using var data = SKData.CreateCopy(content);
            using var codec = SKCodec.Create(data);
            var expected = extension == ".png" ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg;
            if (codec is null || codec.EncodedFormat != expected || codec.Info.Width <= 0 || codec.Info.Height <= 0)
            {
                return ContentProblem.Unreadable;
            }

            if ((long)codec.Info.Width * codec.Info.Height > MaxPixels)
            {
                return ContentProblem.ImageTooLarge;
            }

            var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
            using var bitmap = new SKBitmap(info);
            return codec.GetPixels(info, bitmap.GetPixels()) == SKCodecResult.Success ? ContentProblem.None : ContentProblem.Unreadable;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ContentProblem.Unreadable;
        }
    }
}
