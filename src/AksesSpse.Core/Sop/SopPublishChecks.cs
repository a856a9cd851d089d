using System.Globalization;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Sop.Document;

namespace AksesSpse.Core.Sop;

/// <summary>One reason a draft cannot be published: the step it concerns (null for the SOP as a whole) and why, in Bahasa Indonesia.</summary>
public sealed record PublishProblem(int? Step, string Message)
{
    public override string ToString() => Step is { } n ? $"Langkah {n.ToString(CultureInfo.InvariantCulture)}: {Message}" : Message;
}

/// <summary>
/// What a draft of an SOP must satisfy before it runs requests (issue #11 §2). The engine runs any arrangement of the fixed step
/// kinds; these rules keep an arrangement one the engine and the procedure's module can run to the end: a start and an end, every
/// decision with both branches, every step reached, every actor a role that acts, every kind where it may stand, well-formed time
/// standards, and the kinds the module acts on kept.
/// </summary>
public static class SopPublishChecks
{
    public const int MaxSteps = 50;

    /// <summary>The actor columns an A4 landscape table holds readably.</summary>
    public const int MaxLanes = 7;

    private static int SopDocumentLanes(IEnumerable<SopStep> steps) =>
        steps.Select(s => string.IsNullOrWhiteSpace(s.ActorLabel) ? s.ActorRole : s.ActorLabel.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count();

    /// <summary>Kinds at which the request is decided Ya/Tidak: they need both branches.</summary>
    private static readonly StepKind[] DecisionKinds = [StepKind.CompletenessCheck, StepKind.ValidityCheck];

    /// <summary>Kinds only the office's staff perform.</summary>
    private static readonly StepKind[] StaffKinds =
    [
        StepKind.Receive, StepKind.CompletenessCheck, StepKind.RequestCompletion, StepKind.ValidityCheck, StepKind.AccountAction,
        StepKind.RejectionNotice, StepKind.Notify, StepKind.Archive,
    ];

    /// <summary>Kinds the procedure's module acts on (the account action, the delivery, the receipt confirmation, the desk's receipt).</summary>
    private static readonly StepKind[] ModuleKinds = [StepKind.AccountAction, StepKind.Notify, StepKind.ConfirmReceipt, StepKind.Receive];

    /// <summary>Roles that may act on a step: every role but the Auditor (who reads) and the Administrator (who runs the app).</summary>
    public static readonly IReadOnlyList<string> ActingRoles = Roles.All.Where(r => r is not (Roles.Auditor or Roles.Administrator)).ToList();

    /// <param name="draft">The draft, with its steps and their requirements.</param>
    /// <param name="current">The version in force, whose first actor and module kinds the draft must keep; null for none.</param>
    public static IReadOnlyList<PublishProblem> Check(SopDefinition draft, SopDefinition? current)
    {
        var problems = new List<PublishProblem>();
        var steps = draft.Steps.OrderBy(s => s.Number).ToList();
        if (string.IsNullOrWhiteSpace(draft.Title))
        {
            problems.Add(new(null, "Nama SOP wajib diisi."));
        }

        if (steps.Count < 2)
        {
            problems.Add(new(null, "SOP memerlukan paling sedikit dua langkah: langkah awal dan langkah akhir."));
            return problems;
        }

        if (steps.Count > MaxSteps)
        {
            problems.Add(new(null, $"SOP paling banyak {MaxSteps} langkah."));
        }

        var beforeTargets = problems.Count;
        var numbers = steps.Select(s => s.Number).ToList();
        if (!numbers.SequenceEqual(Enumerable.Range(1, steps.Count)))
        {
            problems.Add(new(null, "Nomor langkah harus berurutan mulai dari 1."));
        }

        // Targets: a step leads to another step of this SOP, never to itself.
        foreach (var step in steps)
        {
            foreach (var (target, what) in new[] { (step.NextStepNumber, "Langkah berikutnya"), (step.AlternateStepNumber, "Cabang \"Tidak\"") })
            {
                if (target is { } t && !numbers.Contains(t))
                {
                    problems.Add(new(step.Number, $"{what} menunjuk langkah {t} yang tidak ada."));
                }
                else if (target == step.Number)
                {
                    problems.Add(new(step.Number, $"{what} menunjuk langkah ini sendiri."));
                }
            }
        }

        if (problems.Count > beforeTargets)
        {
            return problems; // the flow below needs valid numbers and targets
        }

        var flow = SopFlow.Of(steps);
        var first = steps[0];

        // A start and an end.
        if (first.Kind is not (StepKind.Submit or StepKind.Approval))
        {
            problems.Add(new(first.Number, "Langkah pertama harus berjenis Pengajuan atau Persetujuan/Perintah: di situlah permohonan dimulai."));
        }

        var ends = flow.Reachable.Where(n => !flow.Edges.Any(e => e.From == n)).ToHashSet();
        if (ends.Count == 0)
        {
            problems.Add(new(null, "Tidak ada langkah akhir: setiap langkah mengarah ke langkah lain, sehingga permohonan tidak pernah selesai."));
        }
        else
        {
            // Every step reached must still lead to an end: a loop with no way out would hold a request for ever.
            var finishing = new HashSet<int>(ends);
            for (var grew = true; grew;)
            {
                grew = false;
                foreach (var edge in flow.Edges.Where(e => finishing.Contains(e.To) && !finishing.Contains(e.From)))
                {
                    grew |= finishing.Add(edge.From);
                }
            }

            foreach (var stuck in flow.Reachable.Where(n => !finishing.Contains(n)).Order())
            {
                problems.Add(new(stuck, "Dari langkah ini permohonan tidak pernah sampai ke langkah akhir: alurnya berputar tanpa jalan keluar."));
            }
        }

        if (SopDocumentLanes(steps) > MaxLanes)
        {
            problems.Add(new(null, $"Dokumen SOP memuat paling banyak {MaxLanes} kolom pelaksana; samakan sebutan pelaksana yang sama (kolom saat ini: {SopDocumentLanes(steps)})."));
        }

        foreach (var step in steps)
        {
            // Every decision with both targets; only a decision has a "Tidak" branch.
            if (DecisionKinds.Contains(step.Kind) && step.AlternateStepNumber is null)
            {
                problems.Add(new(step.Number, $"{Label(step.Kind)} adalah keputusan: tentukan ke langkah mana cabang \"Tidak\"."));
            }
            else if (!DecisionKinds.Contains(step.Kind) && step.AlternateStepNumber is not null)
            {
                problems.Add(new(step.Number, $"Hanya langkah keputusan (pemeriksaan kelengkapan atau keabsahan) yang bercabang \"Tidak\"; {Label(step.Kind)} tidak."));
            }
            else if (step.AlternateStepNumber is { } alt && alt == (step.NextStepNumber ?? NextInOrder(steps, step)))
            {
                problems.Add(new(step.Number, "Cabang \"Ya\" dan \"Tidak\" menuju langkah yang sama: keputusan ini tidak memisahkan apa pun."));
            }

            if (DecisionKinds.Contains(step.Kind) && step.NextStepNumber is null && NextInOrder(steps, step) is null)
            {
                problems.Add(new(step.Number, "Cabang \"Ya\" tidak menuju langkah mana pun: tentukan langkah sesudah keputusan ini."));
            }

            // No step unreachable; a standing instruction (e.g. "Akhir tahun Admin Agency berwenang menonaktifkan akun PPK") may stand apart.
            if (!flow.Reachable.Contains(step.Number) && step.Kind != StepKind.Instruction)
            {
                problems.Add(new(step.Number, "Langkah ini tidak pernah dicapai dari langkah pertama. Arahkan langkah sebelumnya ke sini, atau hapus langkah ini."));
            }

            // Every actor a role that exists and acts.
            if (!ActingRoles.Contains(step.ActorRole))
            {
                problems.Add(new(step.Number, "Pelaksana bukan peran yang bertindak dalam SOP (pilih dari daftar peran; Auditor dan Administrator tidak melaksanakan langkah)."));
            }
            else if (StaffKinds.Contains(step.Kind) && step.ActorRole == Roles.Pemohon)
            {
                problems.Add(new(step.Number, $"{Label(step.Kind)} dilakukan petugas, bukan pemohon."));
            }
            else if (step.Kind == StepKind.ConfirmReceipt && step.ActorRole != Roles.Pemohon)
            {
                problems.Add(new(step.Number, "Konfirmasi penerimaan dilakukan oleh penerima akun (Pemohon)."));
            }
            else if (step.Kind == StepKind.ApplicantCompletion && step.ActorRole != first.ActorRole)
            {
                problems.Add(new(step.Number, "Melengkapi berkas dilakukan oleh yang mengajukan (pelaksana langkah pertama)."));
            }

            // Every kind where it may stand.
            if (step.Kind == StepKind.Submit && step.Number != first.Number)
            {
                problems.Add(new(step.Number, "Pengajuan hanya dapat menjadi langkah pertama."));
            }

            if (step.Kind == StepKind.ApplicantCompletion &&
                (step.NextStepNumber is not { } back || steps.SingleOrDefault(s => s.Number == back)?.Kind is not (StepKind.CompletenessCheck or StepKind.ValidityCheck)))
            {
                problems.Add(new(step.Number, "Sesudah pemohon melengkapi berkas, permohonan kembali ke pemeriksaan: arahkan langkah berikutnya ke pemeriksaan kelengkapan atau keabsahan."));
            }

            if (step.Kind == StepKind.Archive && flow.Edges.Any(e => e.From == step.Number))
            {
                problems.Add(new(step.Number, "Pengarsipan menutup permohonan: tidak boleh ada langkah sesudahnya."));
            }

            // Time standards well-formed.
            var bounded = step.StandardKind is TimeStandardKind.Minutes or TimeStandardKind.WorkingDays;
            if (!Enum.IsDefined(step.StandardKind))
            {
                problems.Add(new(step.Number, "Jenis standar waktu tidak dikenal."));
            }
            else if (bounded && step.StandardValue is not (>= 1 and <= 10_000))
            {
                problems.Add(new(step.Number, "Standar waktu dalam menit atau hari kerja harus 1 sampai 10.000."));
            }
            else if (!bounded && step.StandardValue is not null)
            {
                problems.Add(new(step.Number, "Standar waktu N/A atau \"disesuaikan dengan kebutuhan\" tidak memakai angka."));
            }

            if (string.IsNullOrWhiteSpace(step.Activity))
            {
                problems.Add(new(step.Number, "Aktivitas wajib diisi."));
            }
        }

        // An account action before the archive, and at most one.
        var actions = steps.Where(s => s.Kind == StepKind.AccountAction).ToList();
        if (actions.Count == 0)
        {
            problems.Add(new(null, "SOP memerlukan satu langkah Tindakan atas akun: di situlah akun SPSE dibuat, direset atau diubah."));
        }
        else if (actions.Count > 1)
        {
            problems.Add(new(actions[1].Number, "SOP hanya boleh memiliki satu langkah Tindakan atas akun."));
        }
        else if (steps.FirstOrDefault(s => s.Kind == StepKind.Archive) is { } archive && archive.Number < actions[0].Number)
        {
            problems.Add(new(archive.Number, $"Pengarsipan harus sesudah Tindakan atas akun (langkah {actions[0].Number})."));
        }

        if (current is not null)
        {
            var currentFirst = current.Steps.OrderBy(s => s.Number).FirstOrDefault();
            if (currentFirst is not null && (currentFirst.ActorRole == Roles.Pemohon) != (first.ActorRole == Roles.Pemohon))
            {
                problems.Add(new(first.Number, "Pelaksana langkah pertama menentukan siapa yang mengajukan (formulir permohonan): pemohon tidak dapat diganti petugas atau sebaliknya."));
            }

            foreach (var kind in ModuleKinds.Where(k => current.Steps.Any(s => s.Kind == k) && steps.All(s => s.Kind != k)))
            {
                problems.Add(new(null, $"Langkah {Label(kind)} tidak boleh dihapus: aplikasi menjalankan bagian SOP ini pada langkah itu."));
            }
        }

        return problems;
    }

    private static int? NextInOrder(List<SopStep> steps, SopStep step) => steps.FirstOrDefault(s => s.Number > step.Number)?.Number;

    /// <summary>The kind's name in the editor.</summary>
    public static string Label(StepKind kind) => kind switch
    {
        StepKind.Submit => "Pengajuan",
        StepKind.Receive => "Penerimaan berkas",
        StepKind.CompletenessCheck => "Pemeriksaan kelengkapan",
        StepKind.RequestCompletion => "Permintaan melengkapi berkas",
        StepKind.ApplicantCompletion => "Pemohon melengkapi berkas",
        StepKind.ValidityCheck => "Pemeriksaan keabsahan",
        StepKind.Approval => "Persetujuan/Perintah",
        StepKind.AccountAction => "Tindakan atas akun",
        StepKind.RejectionNotice => "Pemberitahuan penolakan",
        StepKind.Notify => "Penyampaian hasil",
        StepKind.ConfirmReceipt => "Konfirmasi penerimaan",
        StepKind.Archive => "Pengarsipan",
        StepKind.Instruction => "Instruksi",
        _ => kind.ToString(),
    };
}
