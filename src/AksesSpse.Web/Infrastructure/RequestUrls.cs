namespace AksesSpse.Web.Infrastructure;

/// <summary>Where the app shows a request: the one rule every list (inbox, "Permohonan saya") links by.</summary>
public static class RequestUrls
{
    /// <summary>
    /// The page of request <paramref name="id"/>: every SOP the app runs is on the engine, at /Prosedur/{id}
    /// (/Permohonan/Detail/{id}, the former page, redirects there).
    /// </summary>
    public static string Detail(int id) => $"/Prosedur/{id}";
}
