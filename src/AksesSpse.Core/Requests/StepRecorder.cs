using AksesSpse.Core.Common;
using AksesSpse.Core.Offices;
using AksesSpse.Core.Sop;

namespace AksesSpse.Core.Requests;

/// <summary>
/// The step log of a request, for the SOP engine: opens a step of the SOP version the request started under
/// (its standard copied, its deadline from the <see cref="IStepClock"/>), completes it for a performer, refuses a
/// late completion without a written explanation.
/// </summary>
public sealed class StepRecorder(IStepClock clock)
{
    /// <summary>Opens this step of the request's SOP version: the request now waits on its actor, against its standard.</summary>
    public RequestStep Open(AccessRequest request, SopStep definition, DateTime now, WorkCalendar calendar)
    {
        var step = new RequestStep
        {
            SopStepId = definition.Id,
            StepNumber = definition.Number,
            Kind = definition.Kind,
            ActorRole = definition.ActorRole,
            Activity = definition.Activity,
            StandardKind = definition.StandardKind,
            StandardValue = definition.StandardValue,
            ActionableAt = now,
            DueAt = clock.DueAt(now, definition.Standard, calendar),
            RemindAt = clock.ReminderAt(now, definition.Standard, calendar),
        };
        request.Steps.Add(step);
        request.CurrentStepSince = now;
        request.CurrentStepDueAt = step.DueAt ?? AccessRequest.NoDeadline;
        request.CurrentActorRole = definition.ActorRole;
        request.CurrentStepKind = definition.Kind;
        request.CurrentStepNumber = definition.Number;
        return step;
    }

    /// <summary>Completes the open step <paramref name="step"/>; refused when it is past its deadline and unexplained.</summary>
    public OperationResult Complete(RequestStep? step, Actor actor, DateTime now, WorkCalendar calendar, string outcome, string? note, string? lateExplanation)
    {
        if (step is null)
        {
            return OperationResult.Fail(ErrorKind.InvalidState, "Langkah SOP yang dimaksud tidak sedang berjalan untuk permohonan ini.");
        }

        lateExplanation = string.IsNullOrWhiteSpace(lateExplanation) ? null : lateExplanation.Trim();
        if (LateRefusal(step, now, calendar, lateExplanation) is { } refusal)
        {
            return refusal;
        }

        Finish(step, actor, now, calendar, outcome, note, lateExplanation);
        return OperationResult.Ok();
    }

    /// <summary>The refusal when the step is past its deadline and no explanation was written; null when it may be completed.</summary>
    public OperationResult? LateRefusal(RequestStep step, DateTime now, WorkCalendar calendar, string? lateExplanation)
    {
        if (step.DueAt is not { } due || now <= due || !string.IsNullOrWhiteSpace(lateExplanation))
        {
            return null;
        }

        var elapsed = clock.Elapsed(step.ActionableAt, now, calendar);
        return OperationResult.Fail(ErrorKind.LateExplanationRequired,
            $"Langkah {step.StepNumber} melewati standar waktu {step.Standard} (berjalan {FormatDuration(elapsed)}). " +
            "Setiap penyimpangan dari mutu baku harus dipertanggungjawabkan: tuliskan penjelasan keterlambatan.");
    }

    public void Finish(RequestStep step, Actor actor, DateTime now, WorkCalendar calendar, string outcome, string? note, string? lateExplanation = null)
    {
        step.CompletedAt = now;
        step.PerformerUserId = actor.UserId;
        step.PerformerName = actor.Name;
        step.ElapsedSeconds = (long)clock.Elapsed(step.ActionableAt, now, calendar).TotalSeconds;
        step.IsLate = step.DueAt is { } due && now > due;
        step.LateExplanation = step.IsLate ? lateExplanation : null;
        step.Outcome = outcome;
        step.Note = note;
    }

    public static string FormatDuration(TimeSpan elapsed) => elapsed.TotalMinutes < 60
        ? $"{Math.Floor(elapsed.TotalMinutes):0} menit"
        : elapsed.TotalHours < 48 ? $"{Math.Floor(elapsed.TotalHours):0} jam {elapsed.Minutes} menit" : $"{Math.Floor(elapsed.TotalDays):0} hari {elapsed.Hours} jam";
}
