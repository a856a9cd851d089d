using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AksesSpse.Web.Infrastructure;

/// <summary>
/// Every file the app hands out (uploaded documents, handover forms, campaign notices) carries personal data: no browser
/// or proxy cache may keep a copy (<c>Cache-Control: no-store</c>). Applies to every FileResult of every controller.
/// </summary>
public sealed class NoStoreDownloadsFilter : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is FileResult)
        {
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            context.HttpContext.Response.Headers.Pragma = "no-cache";
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
