using System.Globalization;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace AksesSpse.Tests.Shared;

/// <summary>
/// Real (small) documents for upload tests: PDFs that parse, images that decode, and the hostile variants the upload
/// check must refuse (JavaScript in the catalog or hidden in a compressed object stream, a launch action).
/// </summary>
internal static class TestDocuments
{
    /// <summary>A one-page PDF 1.4 with a classic cross-reference table; <paramref name="text"/> is written on the page.</summary>
    public static byte[] Pdf(string text = "Surat permohonan", string? catalogExtra = null, params string[] extraObjects)
    {
        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);
        var content = $"BT /F1 12 Tf 20 100 Td ({escaped}) Tj ET";
        var objects = new List<string>
        {
            $"<< /Type /Catalog /Pages 2 0 R {catalogExtra} >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            $"<< /Length {Encoding.Latin1.GetByteCount(content)} >>\nstream\n{content}\nendstream",
        };
        objects.AddRange(extraObjects);
        var pdf = new StringBuilder("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(Encoding.Latin1.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.Latin1.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }

    /// <summary>A PDF that runs JavaScript when opened (/OpenAction with /S /JavaScript), in plain sight.</summary>
    public static byte[] PdfWithOpenActionJavaScript() =>
        Pdf("Surat", "/OpenAction 6 0 R", "<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>");

    /// <summary>A PDF whose name tree carries document JavaScript, with the names written in #-escapes (/J#61vaScript).</summary>
    public static byte[] PdfWithEscapedJavaScriptNames() =>
        Pdf("Surat", "/Names << /J#61vaScript 6 0 R >>", "<< /Names [(a) 7 0 R] >>", "<< /S /J#61vaScript /J#53 (app.alert\\(2\\)) >>");

    /// <summary>A PDF with a launch action (starts a program) on open.</summary>
    public static byte[] PdfWithLaunchAction() =>
        Pdf("Surat", "/OpenAction << /S /Launch /F (cmd.exe) >>");

    /// <summary>
    /// A PDF 1.5 whose catalog and JavaScript action live inside a Flate-compressed object stream, indexed by a compressed
    /// cross-reference stream: the words "JavaScript" and "OpenAction" appear nowhere in the file's raw bytes.
    /// </summary>
    public static byte[] PdfWithJavaScriptInObjectStream(bool withJavaScript = true)
    {
        var objects = new List<(int Number, string Body)>
        {
            (1, withJavaScript ? "<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>" : "<< /Type /Catalog /Pages 2 0 R >>"),
            (2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            (3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"),
            (5, withJavaScript ? "<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>" : "<< /Type /Action /S /URI /URI (https://lpse.example) >>"),
        };
        var header = new StringBuilder();
        var bodies = new StringBuilder();
        foreach (var (number, body) in objects)
        {
            header.Append(CultureInfo.InvariantCulture, $"{number} {bodies.Length} ");
            bodies.Append(body).Append('\n');
        }

        var packed = Flate(Encoding.ASCII.GetBytes(header.ToString() + bodies));
        using var pdf = new MemoryStream();
        void Write(string s) => pdf.Write(Encoding.Latin1.GetBytes(s));
        Write("%PDF-1.5\n%\u00e2\u00e3\u00cf\u00d3\n");
        var streamOffset = pdf.Position;
        Write($"4 0 obj\n<< /Type /ObjStm /N {objects.Count} /First {header.Length} /Filter /FlateDecode /Length {packed.Length} >>\nstream\n");
        pdf.Write(packed);
        Write("\nendstream\nendobj\n");
        var xrefOffset = pdf.Position;
        using var rows = new MemoryStream();
        void Row(byte type, long field2, int field3)
        {
            rows.WriteByte(type);
            rows.Write([(byte)(field2 >> 24), (byte)(field2 >> 16), (byte)(field2 >> 8), (byte)field2]);
            rows.Write([(byte)(field3 >> 8), (byte)field3]);
        }

        Row(0, 0, 65535);
        Row(2, 4, 0);
        Row(2, 4, 1);
        Row(2, 4, 2);
        Row(1, streamOffset, 0);
        Row(2, 4, 3);
        Row(1, xrefOffset, 0);
        var index = Flate(rows.ToArray());
        Write($"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length {index.Length} >>\nstream\n");
        pdf.Write(index);
        Write($"\nendstream\nendobj\nstartxref\n{xrefOffset}\n%%EOF\n");
        return pdf.ToArray();
    }

    public static byte[] Png(int width = 4, int height = 3) => Image(SKEncodedImageFormat.Png, width, height);

    public static byte[] Jpeg(int width = 4, int height = 3) => Image(SKEncodedImageFormat.Jpeg, width, height);

    private static byte[] Image(SKEncodedImageFormat format, int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(30, 90, 160));
        bitmap.SetPixel(0, 0, SKColors.White);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    private static byte[] Flate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }
}
