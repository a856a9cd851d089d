using AksesSpse.Core.Sop;
using Microsoft.AspNetCore.Mvc;

namespace AksesSpse.Web.ViewComponents;

/// <summary>
/// On a request form: the link to the office's public service standard of that SOP (issue #11 §3), so that an applicant reads
/// the requirements, the steps and the time before starting.
/// </summary>
public sealed class StandardLinkViewComponent(ServiceStandards standards) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int officeId, SopKind kind)
    {
        var office = await standards.OfficeAsync(officeId, HttpContext.RequestAborted);
        if (office is null)
        {
            return Content("");
        }

        return View("Default", $"/Standar/{Uri.EscapeDataString(office.Code)}/{SopSlugs.Of(kind)}");
    }
}
