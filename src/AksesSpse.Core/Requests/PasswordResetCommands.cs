using AksesSpse.Core.Documents;

namespace AksesSpse.Core.Requests;

/// <summary>The applicant's SOP 4 request: a reset of the password, or a change of the user ID's information.</summary>
public sealed record SubmitResetCommand(
    Guid SubmissionKey,
    RequestType Type,
    string SpseUserId,
    string Reason,
    string? NewHolderName,
    string? NewHolderEmail,
    string? NewAgency,
    string? NewHolderPhone,
    IReadOnlyList<IncomingFile> Files);

/// <summary>One line of the validity check against the register.</summary>
public sealed record ValidityCheckItem(string Label, bool Passed, string Detail);

public sealed record ValidityReport(int? AccountId, IReadOnlyList<ValidityCheckItem> Items)
{
    public bool AccountFound => AccountId is not null;
    public bool AllPassed => Items.All(i => i.Passed);
}

/// <summary>An SOP 4 request staff register for a Pokja member who brought it on paper or sent it by email.</summary>
public sealed record ResetIntakeCommand(
    Guid SubmissionKey,
    IntakeChannel Channel,
    string ApplicantName,
    string ApplicantNip,
    string ApplicantEmail,
    string ApplicantPhone,
    string ApplicantAgency,
    string SkNumber,
    RequestType Type,
    string SpseUserId,
    string Reason,
    string? NewHolderName,
    string? NewHolderEmail,
    string? NewAgency,
    string? NewHolderPhone,
    IReadOnlyList<IncomingFile> Files);
