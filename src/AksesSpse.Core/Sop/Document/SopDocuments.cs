using AksesSpse.Core.Data;
using AksesSpse.Core.Offices;
using Microsoft.EntityFrameworkCore;

namespace AksesSpse.Core.Sop.Document;

/// <summary>A generated SOP document and the name it downloads under.</summary>
public sealed record SopDocumentFile(byte[] Content, string FileName);

/// <summary>
/// The SOP document of an office's SOP version, generated from the definition that runs the requests (issue #11 §1): the
/// PDF to download and the procedure table as SVG for the SOP's page.
/// </summary>
public sealed class SopDocuments(AppDbContext db, SopCatalog catalog)
{
    public async Task<SopDocumentFile?> PdfAsync(int officeId, int sopId, CancellationToken ct)
    {
        var sop = await catalog.GetAsync(officeId, sopId, ct);
        if (sop is null)
        {
            return null;
        }

        var office = await db.Offices.AsNoTracking().SingleAsync(o => o.Id == officeId, ct);
        return new SopDocumentFile(SopDocumentPdf.Render(sop, Letterhead.Of(office)), FileName(sop, office));
    }

    /// <summary>The procedure table of a loaded SOP version, as SVG.</summary>
    public static string Svg(SopDefinition sop) => SopDocumentSvg.Render(SopDocumentLayout.Drawing(sop), "Bagan alir SOP " + sop.Title);

    /// <summary>"sop-<office code>-<kind>-v<version>.pdf", in the characters every file system accepts.</summary>
    public static string FileName(SopDefinition sop, Office office)
    {
        var slug = new string((office.Code + "-" + sop.Title).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        slug = slug.Trim('-');
        if (slug.Length > 80)
        {
            slug = slug[..80].TrimEnd('-');
        }

        return $"sop-{slug}-v{sop.Version}.pdf";
    }
}
