using System.Text;

namespace AksesSpse.Core.Tests.TestSupport;

/// <summary>Small files whose content is (or is not) what their name says.</summary>
internal static class TestFiles
{
    public static byte[] Pdf() => AksesSpse.Tests.Shared.TestDocuments.Pdf();

    public static byte[] Png() => AksesSpse.Tests.Shared.TestDocuments.Png();

    public static byte[] Jpeg() => AksesSpse.Tests.Shared.TestDocuments.Jpeg();

    public static byte[] Exe() => [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00];

    public static byte[] Text() => Encoding.UTF8.GetBytes("Surat permohonan reset password\n");

    /// <summary>Bytes that start like no known format.</summary>
    public static byte[] RandomBytes(int length = 64)
    {
        var bytes = new byte[length];
        new Random(20260302).NextBytes(bytes);
        bytes[0] = 0x00;
        return bytes;
    }

    /// <summary>A PDF one byte larger than <paramref name="limit"/>.</summary>
    public static byte[] PdfLargerThan(long limit) => PdfOfSize(limit + 1);

    /// <summary>A valid PDF of exactly <paramref name="size"/> bytes: the page's text is made as long as needed.</summary>
    public static byte[] PdfOfSize(long size)
    {
        var length = (int)(size - Pdf().Length);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var pdf = AksesSpse.Tests.Shared.TestDocuments.Pdf(new string('x', Math.Max(1, length)));
            if (pdf.Length == size)
            {
                return pdf;
            }

            length += (int)(size - pdf.Length);
        }

        throw new InvalidOperationException($"No PDF of exactly {size} bytes");
    }
}
