using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AksesSpse.Core.Offices;

/// <summary>
/// The office's letterhead on its SOP documents (issue #11 §1): the line above its name (e.g. "Pemerintah Kabupaten Batang") and
/// its logo, a PNG or JPEG of at most <see cref="OfficeLogo.MaxBytes"/> checked by content (it must decode), set by Kepala LPSE or
/// the Administrator.
/// </summary>
public sealed class OfficeLetterheads(AppDbContext db, ILogger<OfficeLetterheads> logger)
{
    public Task<Office?> GetAsync(int officeId, CancellationToken ct) => db.Offices.AsNoTracking().SingleOrDefaultAsync(o => o.Id == officeId, ct);

    /// <param name="logo">A new logo (file name and bytes), or null to keep the one on file.</param>
    /// <param name="removeLogo">Drops the logo on file (the documents print the emblem of the office's code).</param>
    public async Task<OperationResult> SaveAsync(Actor actor, string? parentAuthority, (string FileName, byte[] Content)? logo, bool removeLogo, CancellationToken ct)
    {
        if (!Sop.SopVersions.MayRevise(actor))
        {
            return OperationResult.Forbidden();
        }

        string? contentType = null;
        if (logo is { } file)
        {
            if (file.Content.Length > OfficeLogo.MaxBytes)
            {
                return OperationResult.Fail(ErrorKind.Validation, OfficeLogo.TooLarge(file.Content.Length));
            }

            var (inspected, error) = new UploadInspector(OfficeLogo.MaxBytes).Inspect(file.FileName, file.Content, "Logo kantor");
            if (error is not null)
            {
                return OperationResult.Fail(ErrorKind.Validation, error);
            }

            if (inspected!.ContentType is not ("image/png" or "image/jpeg"))
            {
                return OperationResult.Fail(ErrorKind.Validation, "Logo kantor harus gambar PNG atau JPG, bukan PDF.");
            }

            contentType = "image/png";
        }

        var office = await db.Offices.SingleAsync(o => o.Id == actor.OfficeId, ct);
        office.ParentAuthority = string.IsNullOrWhiteSpace(parentAuthority) ? null : parentAuthority.Trim();
        if (logo is { } accepted)
        {
            office.Logo = OfficeLogo.Normalize(accepted.Content)
                          ?? throw new InvalidOperationException("A logo that passed the upload check did not decode.");
            office.LogoContentType = contentType;
        }
        else if (removeLogo)
        {
            office.Logo = null;
            office.LogoContentType = null;
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Letterhead of office {OfficeId} saved by {UserId} (logo {Logo})", office.Id, actor.UserId,
            office.Logo is null ? "none" : $"{office.Logo.Length} bytes");
        return OperationResult.Ok();
    }
}
