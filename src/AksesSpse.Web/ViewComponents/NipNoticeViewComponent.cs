using AksesSpse.Core.Identity;
using AksesSpse.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.ViewComponents;

/// <summary>
/// On an applicant's own pages: the badge "NIP belum diverifikasi" (or "NIP tidak sesuai SK") and what to do about it
/// (H1 of issue #7, docs/adr/0016). Nothing once the NIP is verified.
/// </summary>
public sealed class NipNoticeViewComponent(NipVerificationService service) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (!User.IsInRole(Roles.Pemohon))
        {
            return Content("");
        }

        var status = await service.StatusOfAsync(UserClaimsPrincipal.ToActor().UserId, HttpContext.RequestAborted);
        return status is null or NipStatus.Verified ? Content("") : View(status.Value);
    }
}
