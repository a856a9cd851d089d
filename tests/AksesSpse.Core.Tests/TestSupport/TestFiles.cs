using System.Text;

namespace AksesSpse.Core.Tests.TestSupport;

/// <summary>Small files whose content is (or is not) what their name says.</summary>
internal static class TestFiles
{
    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n");

    public static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];

    public static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00];

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
    public static byte[] PdfLargerThan(long limit)
    {
        var bytes = new byte[limit + 1];
        Pdf().CopyTo(bytes, 0);
        return bytes;
    }
}
