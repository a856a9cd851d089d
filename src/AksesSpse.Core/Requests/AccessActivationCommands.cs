using AksesSpse.Core.Documents;

namespace AksesSpse.Core.Requests;

/// <summary>The personal data SOP 2 asks for besides name, NIP and email.</summary>
public sealed record PersonalDetails(string RankGrade, string Position, string Agency, string Address, string Phone);

/// <summary>An applicant's own request, in the app. Name, NIP and email come from their profile.</summary>
public sealed record SubmitActivationCommand(
    Guid SubmissionKey,
    RequestType Type,
    string SpseUserId,
    string Reason,
    PersonalDetails Details,
    string SkNumber,
    DateOnly SkValidUntil,
    IReadOnlyList<IncomingFile> Files);

/// <summary>A request Helpdesk registers for an applicant who brought it on paper or sent it by email.</summary>
public sealed record IntakeCommand(
    Guid SubmissionKey,
    IntakeChannel Channel,
    RequestType Type,
    string ApplicantName,
    string ApplicantNip,
    string ApplicantEmail,
    PersonalDetails Details,
    string SpseUserId,
    string Reason,
    string SkNumber,
    DateOnly SkValidUntil,
    IReadOnlyList<IncomingFile> Files);

/// <summary>How an applicant confirmed receiving the result when not by the email link (SOP 2 step 8).</summary>
public enum ConfirmationMethod
{
    Phone = 1,
    InPerson = 2,
    Other = 3,
}

/// <summary>A confirmation Helpdesk records for the applicant: who confirmed, how, and when (office time, as typed).</summary>
public sealed record StaffConfirmation(string ConfirmedBy, ConfirmationMethod Method, string? MethodDetail, DateTime ConfirmedAtLocal);

public static class ConfirmationMethodLabels
{
    public static string Label(this ConfirmationMethod method) => method switch
    {
        ConfirmationMethod.Phone => "telepon",
        ConfirmationMethod.InPerson => "datang langsung",
        ConfirmationMethod.Other => "lainnya",
        _ => method.ToString(),
    };
}
