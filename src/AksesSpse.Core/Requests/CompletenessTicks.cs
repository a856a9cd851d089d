using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Requests;

/// <summary>
/// What a completeness check ticked: the checklist items that passed (by their codes) and the documents marked missing.
/// Kept on the check's step so the next check, after the applicant completed the file, starts from them instead of an
/// empty list; a document uploaded again since is not carried over, so staff look at the new one.
/// </summary>
public sealed record CompletenessTicks(IReadOnlyCollection<string> Passed, IReadOnlyCollection<string> Missing, DateTime CheckedAt)
{
    /// <summary>The stored form: "KOP_SURAT,TANDA_TANGAN|SK_PENUNJUKAN".</summary>
    public string Format() => string.Join(',', Passed) + "|" + string.Join(',', Missing);

    public static CompletenessTicks? Parse(string? stored, DateTime checkedAt)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return null;
        }

        var parts = stored.Split('|');
        static List<string> Items(string part) => part.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return new CompletenessTicks(Items(parts[0]), parts.Length > 1 ? Items(parts[1]) : [], checkedAt);
    }

    /// <summary>The ticks of the request's last completed completeness check, if one was recorded.</summary>
    public static CompletenessTicks? LastOf(AccessRequest request) =>
        request.Steps.Where(s => s.Kind == StepKind.CompletenessCheck && s.CompletedAt != null && s.Checklist != null)
            .OrderByDescending(s => s.CompletedAt).ThenByDescending(s => s.Id)
            .Select(s => Parse(s.Checklist, s.CompletedAt!.Value)).FirstOrDefault();

    /// <summary>Stores the ticks on the completeness check just completed.</summary>
    public static void RecordOn(AccessRequest request, CompletenessTicks ticks)
    {
        var step = request.Steps.Where(s => s.Kind == StepKind.CompletenessCheck && s.CompletedAt != null)
            .OrderByDescending(s => s.CompletedAt).ThenByDescending(s => s.Id == 0 ? long.MaxValue : s.Id).FirstOrDefault();
        if (step is not null)
        {
            var text = ticks.Format();
            step.Checklist = text.Length > 1000 ? text[..1000] : text;
        }
    }

    /// <summary>Marked missing last time, and not uploaded again since: still to be ticked.</summary>
    public bool StillMissing(AccessRequest request, string documentCode) =>
        Missing.Contains(documentCode) && !request.Documents.Any(d => d.DocumentCode == documentCode && d.UploadedAt > CheckedAt);
}
