using AksesSpse.Core.Common;
using AksesSpse.Core.Data;
using AksesSpse.Core.Identity;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Sop.Document;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AksesSpse.Core.Sop;

/// <summary>The short name of each SOP in the public addresses (/Standar/{office}/{slug}).</summary>
public static class SopSlugs
{
    private static readonly (SopKind Kind, string Slug)[] Map =
    [
        (SopKind.PokjaAccountRequest, "akun-pokja"),
        (SopKind.AccessActivation, "hak-akses"),
        (SopKind.StaffRegistration, "akun-staf-lpse"),
        (SopKind.PasswordReset, "reset-password"),
    ];

    public static string Of(SopKind kind) => Map.Single(m => m.Kind == kind).Slug;

    public static SopKind? Parse(string? slug) => Map.Where(m => m.Slug == slug).Select(m => (SopKind?)m.Kind).FirstOrDefault();
}

/// <summary>What the office fills in once for a service standard; every field optional, each at most <see cref="ServiceStandard.MaxLength"/>.</summary>
public sealed record ServiceStandardInput(string? Cost, string? Complaints, string? StaffCount, string? ServiceGuarantee, string? SecurityGuarantee,
    string? InternalOversight, string? PerformanceEvaluation);

/// <summary>One component of a standar pelayanan: its name, its items (one per line), and whether the SOP gives it or the office.</summary>
public sealed record StandardComponent(string Name, IReadOnlyList<string> Items, bool FromSop);

/// <summary>The public service standard of one SOP of one office, as the page shows it.</summary>
public sealed record ServiceStandardPage(
    Office Office,
    SopDefinition Sop,
    string Slug,
    IReadOnlyList<StandardComponent> Delivery,
    IReadOnlyList<StandardComponent> Management,
    IReadOnlyList<SopStep> Steps,
    string TotalTime,
    ServiceStandard? Filled);

/// <summary>
/// The public standar pelayanan of an office's SOP (PermenPAN-RB 15/2014, issue #11 §3): the components the SOP holds are derived
/// from its current published version (dasar hukum, persyaratan, prosedur, jangka waktu, produk, sarana, kompetensi), so the
/// public page never says other than what runs; the rest the office fills in once (<see cref="ServiceStandard"/>).
/// </summary>
public sealed class ServiceStandards(AppDbContext db, TimeProvider time, ILogger<ServiceStandards> logger)
{
    public static bool MayEdit(Actor actor) => actor.IsIn(Roles.KepalaLpse) || actor.IsIn(Roles.Administrator);

    /// <summary>The offices without their logos (the pages and links need the name and code; the PDF reads the logo itself).</summary>
    private IQueryable<Office> Offices => db.Offices.AsNoTracking().Select(o => new Office
    {
        Id = o.Id, Code = o.Code, Name = o.Name, Address = o.Address, Email = o.Email, Phone = o.Phone, TimeZoneId = o.TimeZoneId,
        HeadOfLpseEmail = o.HeadOfLpseEmail, ParentAuthority = o.ParentAuthority,
    });

    public Task<List<Office>> OfficesAsync(CancellationToken ct) => Offices.OrderBy(o => o.Name).ToListAsync(ct);

    public Task<Office?> OfficeAsync(string code, CancellationToken ct) => Offices.SingleOrDefaultAsync(o => o.Code == code, ct);

    public Task<Office?> OfficeAsync(int id, CancellationToken ct) => Offices.SingleOrDefaultAsync(o => o.Id == id, ct);

    /// <summary>The current published versions of the office's SOPs, by kind.</summary>
    public Task<List<SopDefinition>> CurrentSopsAsync(int officeId, CancellationToken ct) =>
        db.SopDefinitions.AsNoTracking().Where(s => s.OfficeId == officeId && s.IsCurrent && s.Status == SopStatus.Published)
            .OrderBy(s => s.Kind).ToListAsync(ct);

    /// <summary>The office and the id of its version in force of this SOP, or null: what the public SOP document needs.</summary>
    public async Task<(int OfficeId, int SopId)?> CurrentVersionAsync(string officeCode, SopKind kind, CancellationToken ct)
    {
        var found = await db.SopDefinitions.AsNoTracking()
            .Where(s => s.Kind == kind && s.IsCurrent && s.Status == SopStatus.Published && db.Offices.Any(o => o.Id == s.OfficeId && o.Code == officeCode))
            .Select(s => new { s.OfficeId, s.Id }).SingleOrDefaultAsync(ct);
        return found is null ? null : (found.OfficeId, found.Id);
    }

    public async Task<ServiceStandardPage?> PageAsync(string officeCode, SopKind kind, CancellationToken ct)
    {
        var office = await OfficeAsync(officeCode, ct);
        if (office is null)
        {
            return null;
        }

        var sop = await db.SopDefinitions.AsNoTracking()
            .Include(s => s.Steps.OrderBy(x => x.Number))
            .Include(s => s.RequiredDocuments.OrderBy(d => d.Order))
            .AsSplitQuery()
            .SingleOrDefaultAsync(s => s.OfficeId == office.Id && s.Kind == kind && s.IsCurrent && s.Status == SopStatus.Published, ct);
        if (sop is null)
        {
            return null;
        }

        var filled = await db.ServiceStandards.AsNoTracking().SingleOrDefaultAsync(x => x.OfficeId == office.Id && x.Kind == kind, ct);
        return Compose(office, sop, filled);
    }

    /// <summary>The fourteen components in the order of PermenPAN-RB 15/2014: six of service delivery, eight of its management.</summary>
    public static ServiceStandardPage Compose(Office office, SopDefinition sop, ServiceStandard? filled)
    {
        var steps = sop.Steps.OrderBy(s => s.Number).ToList();
        var flow = SopFlow.Of(steps);
        var requirements = sop.RequiredDocuments.OrderBy(d => d.Order).Select(d => d.Name).ToList();
        var procedure = steps.Where(s => flow.Reachable.Contains(s.Number))
            .Select(s => $"{s.Number}. {s.ActorLabel}: {s.Activity} ({s.Standard})").ToList();
        var total = SopFlow.TotalTime(sop);
        var products = steps.SelectMany(s => SopDefinition.Lines(s.Output)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        static IReadOnlyList<string> Own(string? text) => SopDefinition.Lines(text ?? "");

        var delivery = new List<StandardComponent>
        {
            new("Persyaratan pelayanan", requirements, true),
            new("Sistem, mekanisme dan prosedur", procedure, true),
            new("Jangka waktu penyelesaian", [total + " (jumlah standar waktu tiap langkah; menit dan hari dihitung pada jam dan hari kerja kantor)"], true),
            new("Biaya/tarif", Own(filled?.Cost), false),
            new("Produk pelayanan", products, true),
            new("Penanganan pengaduan, saran dan masukan", Own(filled?.Complaints), false),
        };
        var management = new List<StandardComponent>
        {
            new("Dasar hukum", SopDefinition.Lines(sop.LegalBasis), true),
            new("Sarana dan prasarana, dan/atau fasilitas", SopDefinition.Lines(sop.Equipment), true),
            new("Kompetensi pelaksana", SopDefinition.Lines(sop.Qualifications), true),
            new("Pengawasan internal", Own(filled?.InternalOversight), false),
            new("Jumlah pelaksana", Own(filled?.StaffCount), false),
            new("Jaminan pelayanan", Own(filled?.ServiceGuarantee), false),
            new("Jaminan keamanan dan keselamatan pelayanan", Own(filled?.SecurityGuarantee), false),
            new("Evaluasi kinerja pelaksana", Own(filled?.PerformanceEvaluation), false),
        };
        return new ServiceStandardPage(office, sop, SopSlugs.Of(sop.Kind), delivery, management, steps, total, filled);
    }

    public Task<ServiceStandard?> FilledAsync(int officeId, SopKind kind, CancellationToken ct) =>
        db.ServiceStandards.AsNoTracking().SingleOrDefaultAsync(x => x.OfficeId == officeId && x.Kind == kind, ct);

    /// <summary>
    /// Saves the office's own components. <paramref name="version"/> is the version the form was read at (0 when there was none
    /// yet): if another officer saved in between, nothing is saved and the message says so.
    /// </summary>
    public async Task<OperationResult> SaveAsync(SopKind kind, ServiceStandardInput input, int version, Actor actor, CancellationToken ct)
    {
        if (!MayEdit(actor))
        {
            return OperationResult.Forbidden();
        }

        const string conflict = "Standar pelayanan ini baru saja disimpan oleh petugas lain. Muat ulang halaman, periksa isinya, lalu simpan kembali.";
        var row = await db.ServiceStandards.SingleOrDefaultAsync(x => x.OfficeId == actor.OfficeId && x.Kind == kind, ct);
        if (row is null)
        {
            if (version != 0)
            {
                return OperationResult.Fail(ErrorKind.Conflict, conflict);
            }

            row = new ServiceStandard { OfficeId = actor.OfficeId, Kind = kind, Version = 1 }; // 0 is "not saved yet" on the form
            db.ServiceStandards.Add(row);
        }
        else if (row.Version != version)
        {
            return OperationResult.Fail(ErrorKind.Conflict, conflict);
        }

        row.Cost = Clean(input.Cost);
        row.Complaints = Clean(input.Complaints);
        row.StaffCount = Clean(input.StaffCount);
        row.ServiceGuarantee = Clean(input.ServiceGuarantee);
        row.SecurityGuarantee = Clean(input.SecurityGuarantee);
        row.InternalOversight = Clean(input.InternalOversight);
        row.PerformanceEvaluation = Clean(input.PerformanceEvaluation);
        row.UpdatedAt = time.GetUtcNow().UtcDateTime;
        row.UpdatedByUserId = actor.UserId;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return OperationResult.Fail(ErrorKind.Conflict, conflict);
        }

        logger.LogInformation("Service standard of {Kind} for office {OfficeId} saved by {UserId}", kind, actor.OfficeId, actor.UserId);
        return OperationResult.Ok();
    }

    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var joined = string.Join("\n", SopDefinition.Lines(text.Replace("\r\n", "\n", StringComparison.Ordinal)));
        return joined.Length > ServiceStandard.MaxLength ? joined[..ServiceStandard.MaxLength] : joined;
    }
}
