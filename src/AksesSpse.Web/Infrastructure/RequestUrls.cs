using AksesSpse.Core.Sop;

namespace AksesSpse.Web.Infrastructure;

/// <summary>Where the app shows a request: the one rule every list (inbox, "Permohonan saya") links by.</summary>
public static class RequestUrls
{
    /// <summary>
    /// The page of request <paramref name="id"/>: SOP 2 at /Permohonan/Detail/{id}, the SOPs the SOP engine runs (SOP 3, SOP 4)
    /// at /Prosedur/{id}.
    /// </summary>
    public static string Detail(SopKind kind, int id) => kind switch
    {
        _ when AksesSpse.Core.Engine.SopEngine.EngineKinds.Contains(kind) => $"/Prosedur/{id}",
        _ => $"/Permohonan/Detail/{id}",
    };
}
