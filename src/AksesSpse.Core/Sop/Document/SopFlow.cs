namespace AksesSpse.Core.Sop.Document;

/// <summary>The five symbols of the PermenPAN-RB 35/2012 flowchart (the off-page connector and the arrow are drawn by the layout).</summary>
public enum FlowSymbol
{
    Start,
    End,
    Process,
    Decision,
}

/// <summary>One arrow of the flowchart: from a step to the step it leads to; a decision's arrows carry "Ya" or "Tidak".</summary>
public sealed record FlowEdge(int From, int To, string? Label);

/// <summary>
/// The flowchart of an SOP version as its definition routes it: each step's symbol, the arrows between the steps (the next
/// step in order unless the step names another; a decision's "Tidak" branch), which steps the flow reaches from the first,
/// and the total time summed from the standards.
/// </summary>
public sealed class SopFlow
{
    private SopFlow(IReadOnlyList<SopStep> steps, IReadOnlyDictionary<int, FlowSymbol> symbols, IReadOnlyList<FlowEdge> edges,
        IReadOnlySet<int> reachable)
    {
        Steps = steps;
        Symbols = symbols;
        Edges = edges;
        Reachable = reachable;
    }

    /// <summary>The steps in their printed order.</summary>
    public IReadOnlyList<SopStep> Steps { get; }

    public IReadOnlyDictionary<int, FlowSymbol> Symbols { get; }

    public IReadOnlyList<FlowEdge> Edges { get; }

    /// <summary>The numbers of the steps the flow reaches from the first step.</summary>
    public IReadOnlySet<int> Reachable { get; }

    public static SopFlow Of(IEnumerable<SopStep> steps)
    {
        var ordered = steps.OrderBy(s => s.Number).ToList();
        var numbers = ordered.Select(s => s.Number).ToHashSet();
        var successors = new Dictionary<int, List<FlowEdge>>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var step = ordered[i];
            var list = new List<FlowEdge>();
            int? next = step.NextStepNumber ?? (i + 1 < ordered.Count ? ordered[i + 1].Number : null);
            if (next is { } n && numbers.Contains(n))
            {
                list.Add(new FlowEdge(step.Number, n, step.IsDecision ? "Ya" : null));
            }

            if (step.AlternateStepNumber is { } alt && numbers.Contains(alt))
            {
                list.Add(new FlowEdge(step.Number, alt, "Tidak"));
            }

            successors[step.Number] = list;
        }

        var reachable = new HashSet<int>();
        if (ordered.Count > 0)
        {
            var queue = new Queue<int>([ordered[0].Number]);
            while (queue.TryDequeue(out var number))
            {
                if (reachable.Add(number))
                {
                    foreach (var edge in successors[number])
                    {
                        queue.Enqueue(edge.To);
                    }
                }
            }
        }

        var symbols = new Dictionary<int, FlowSymbol>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var step = ordered[i];
            symbols[step.Number] = step.IsDecision ? FlowSymbol.Decision
                : i == 0 ? FlowSymbol.Start
                : successors[step.Number].Count == 0 ? FlowSymbol.End
                : FlowSymbol.Process;
        }

        // Only the flow the first step reaches is drawn with arrows: a standing instruction that no step leads to (SOP 2's
        // step 5, "Akhir tahun Admin Agency berwenang...") stands in its row on its own, as the seed prints it.
        var edges = successors.Where(s => reachable.Contains(s.Key)).SelectMany(s => s.Value).ToList();
        return new SopFlow(ordered, symbols, edges, reachable);
    }

    /// <summary>
    /// "Total Waktu Penyelesaian" as the seeds print it: the SOP's own wording when it has one; else the sum of the steps'
    /// standards in working days and minutes ("1 hari kerja 40 menit"); "N/A" when no step has a fixed standard.
    /// </summary>
    public static string TotalTime(SopDefinition sop)
    {
        if (!string.IsNullOrWhiteSpace(sop.TotalTime))
        {
            return sop.TotalTime.Trim();
        }

        var days = sop.Steps.Where(s => s.StandardKind == TimeStandardKind.WorkingDays).Sum(s => s.StandardValue ?? 0);
        var minutes = sop.Steps.Where(s => s.StandardKind == TimeStandardKind.Minutes).Sum(s => s.StandardValue ?? 0);
        var parts = new List<string>();
        if (days > 0)
        {
            parts.Add($"{days} hari kerja");
        }

        if (minutes >= 60 && days == 0)
        {
            parts.Add(minutes % 60 == 0 ? $"{minutes / 60} jam" : $"{minutes / 60} jam {minutes % 60} menit");
            parts.Add($"({minutes} menit)");
        }
        else if (minutes > 0)
        {
            parts.Add($"{minutes} menit");
        }

        return parts.Count == 0 ? "N/A" : string.Join(" ", parts);
    }
}
