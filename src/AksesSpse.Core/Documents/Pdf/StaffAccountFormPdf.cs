using System.Globalization;
using AksesSpse.Core.Accounts;
using AksesSpse.Core.Requests;
using AksesSpse.Core.Validation;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace AksesSpse.Core.Documents.Pdf;

/// <summary>
/// SOP 3's "Formulir Pembuatan Akun" drawn from a request's data (PDFsharp, the house style of
/// <see cref="HandoverReceiptPdf"/>): the SK, one block per person, and the Kepala LPSE's signature box — to print and sign.
/// </summary>
public static class StaffAccountFormPdf
{
    public const string Title = "FORMULIR PEMBUATAN AKUN VERIFIKATOR/HELPDESK/ADMIN AGENCY LPSE";

    public static byte[] Render(string officeName, AccessRequest request, string printedAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        PdfSetup.EnsureInitialized();
        using var document = new PdfDocument();
        document.Info.Title = $"Formulir Pembuatan Akun {request.Number}";
        document.Info.Author = "AksesSpse";
        document.Info.Creator = "AksesSpse";

        const double margin = 56.7;
        var heading = new XFont(SystemFontResolver.DefaultFamily, 13, XFontStyleEx.Bold);
        var bold = new XFont(SystemFontResolver.DefaultFamily, 9.5, XFontStyleEx.Bold);
        var body = new XFont(SystemFontResolver.DefaultFamily, 9.5, XFontStyleEx.Regular);
        var small = new XFont(SystemFontResolver.DefaultFamily, 7.5, XFontStyleEx.Regular);
        PdfPage page = null!;
        XGraphics gfx = null!;
        double y = 0, width = 0;

        void NewPage()
        {
            gfx?.Dispose();
            page = document.AddPage();
            page.Size = PageSize.A4;
            gfx = XGraphics.FromPdfPage(page);
            width = page.Width.Point - (2 * margin);
            y = 42;
            gfx.DrawString($"{request.Number} — halaman {document.PageCount} — dicetak {printedAt}", small, XBrushes.Gray,
                new XRect(margin, page.Height.Point - 30, width, 10), XStringFormats.TopRight);
        }

        void Need(double height)
        {
            if (y + height > page.Height.Point - 48)
            {
                NewPage();
            }
        }

        void Line(string text, XFont font, double indent = 0)
        {
            foreach (var part in HandoverReceiptPdf.Wrap(gfx, text, font, width - indent))
            {
                Need(13);
                gfx.DrawString(part, font, XBrushes.Black, margin + indent, y, XStringFormats.TopLeft);
                y += 13;
            }
        }

        NewPage();
        foreach (var part in HandoverReceiptPdf.Wrap(gfx, officeName, heading, width))
        {
            gfx.DrawString(part, heading, XBrushes.Black, new XRect(margin, y, width, 18), XStringFormats.TopCenter);
            y += 18;
        }

        gfx.DrawLine(new XPen(XColors.Black, 1.6), margin, y + 4, margin + width, y + 4);
        y += 16;
        Line(Title, bold);
        Line($"Nomor permohonan: {request.Number}", body);
        Line($"Dasar: SK {request.SkNumber} tanggal {request.SkDate?.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture)}", body);
        if (!string.IsNullOrWhiteSpace(request.Reason))
        {
            Line("Catatan: " + request.Reason, body);
        }

        foreach (var p in request.Persons.OrderBy(p => p.Order))
        {
            y += 8;
            Need(6 * 13);
            Line($"{p.Order}. {p.FullName}", bold);
            Line($"NIP: {NipValidator.Format(p.Nip)}    Jabatan: {p.Position ?? "-"}", body, 14);
            Line($"Peran SPSE: {p.Role.Label()}    User ID: {p.UserId}", body, 14);
            Line($"Email: {p.Email}    No. HP: {p.Phone ?? "-"}", body, 14);
        }

        y += 24;
        Need(110);
        var x = margin + width - 220;
        gfx.DrawString("Kepala LPSE,", body, XBrushes.Black, x, y, XStringFormats.TopLeft);
        gfx.DrawString(request.ApplicantName, bold, XBrushes.Black, x, y + 70, XStringFormats.TopLeft);
        gfx.DrawLine(new XPen(XColors.Black, 0.5), x, y + 84, x + 200, y + 84);
        gfx.Dispose();

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }
}
