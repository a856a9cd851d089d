using AksesSpse.Core.Common;
using AksesSpse.Core.Identity;

namespace AksesSpse.Core.Sop;

/// <summary>
/// Who may change an office's SOPs and which SOPs can be changed; a version copied whole as the start of the next one. The editor
/// itself is <see cref="SopDrafts"/> (issue #11 §2): a published version runs the requests started after it, a running request
/// keeps the version it started under (docs/adr/0019).
/// </summary>
public sealed class SopVersions(IEnumerable<Engine.IProcedureModule> modules)
{
    /// <summary>Only an SOP the engine runs (one with a procedure module) follows its definition in full, so only such an SOP is edited.</summary>
    public bool CanRevise(SopKind kind) => modules.Any(m => m.Kind == kind);

    /// <summary>Who may issue a version: the office's Administrator and the head of LPSE, who approves its SOPs.</summary>
    public static bool MayRevise(Actor actor) => actor.IsIn(Roles.Administrator) || actor.IsIn(Roles.KepalaLpse);

    internal static SopDefinition Copy(SopDefinition s) => new()
    {
        OfficeId = s.OfficeId, Kind = s.Kind, IsCurrent = true, Number = s.Number, Title = s.Title, Unit = s.Unit, MadeOn = s.MadeOn,
        RevisedOn = s.RevisedOn, EffectiveOn = s.EffectiveOn, ApproverName = s.ApproverName, ApproverNip = s.ApproverNip,
        ApproverTitle = s.ApproverTitle, LegalBasis = s.LegalBasis, Qualifications = s.Qualifications, RelatedSops = s.RelatedSops,
        Equipment = s.Equipment, Warnings = s.Warnings, Records = s.Records, Summary = s.Summary, Purpose = s.Purpose,
        Definitions = s.Definitions, TotalTime = s.TotalTime,
        RequiredDocuments = s.RequiredDocuments.OrderBy(d => d.Order).Select(d => new SopRequiredDocument { Order = d.Order, Code = d.Code, Name = d.Name }).ToList(),
        Steps = s.Steps.OrderBy(x => x.Number).Select(x => new SopStep
        {
            Number = x.Number, Kind = x.Kind, ActorRole = x.ActorRole, ActorLabel = x.ActorLabel, Activity = x.Activity,
            RequiredInputs = x.RequiredInputs, StandardKind = x.StandardKind, StandardValue = x.StandardValue, Output = x.Output, Note = x.Note,
            CopyTo = x.CopyTo,
            NextStepNumber = x.NextStepNumber, AlternateStepNumber = x.AlternateStepNumber,
            Requirements = x.Requirements.OrderBy(r => r.Order).Select(r => new SopStepRequirement { Order = r.Order, Kind = r.Kind, Code = r.Code, Label = r.Label }).ToList(),
        }).ToList(),
    };
}
