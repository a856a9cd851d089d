namespace AksesSpse.Core.Notifications;

/// <summary>
/// An email waiting to be sent, written in the same transaction as the step that causes it and
/// delivered by <see cref="OutboxWorker"/> with retries (docs/adr/0005).
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public int? AccessRequestId { get; set; }
    public string Kind { get; set; } = "";
    public string To { get; set; } = "";
    public string? Cc { get; set; }
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>Lease of the worker that is sending it, so several nodes never send one message twice at once.</summary>
    public DateTime? LockedUntil { get; set; }
    public string? LockedBy { get; set; }

    /// <summary>True when the worker has given up (a permanent refusal, or too many attempts); an administrator can retry it.</summary>
    public bool Failed { get; set; }

    /// <summary>
    /// The body carries a secret (a one-time credential link, a confirmation code, a status or confirmation link): once
    /// sent, its links are removed from the stored text, and the message cannot be resent (docs/adr/0007).
    /// </summary>
    public bool RedactAfterSend { get; set; }

    /// <summary>True when the stored body no longer holds what was sent.</summary>
    public bool IsRedacted => RedactAfterSend && SentAt is not null;

    /// <summary>A file from the file store sent with the message (e.g. the handover form PDF).</summary>
    public string? AttachmentPath { get; set; }
    public string? AttachmentName { get; set; }
    public string? AttachmentContentType { get; set; }
}

/// <summary>A message shown in the app to one user (the bell), next to the email.</summary>
public sealed class UserNotification
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public int? AccessRequestId { get; set; }
    public string Message { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}

/// <summary>
/// A send that must happen once per key however many nodes run the scheduler (docs/adr/0023): a daily digest
/// ("digest:{userId}:{date}") or a daily overdue summary ("overdue:{officeId}:{date}"). The node whose insert succeeds sends.
/// </summary>
public sealed class ScheduledSend
{
    public string Key { get; set; } = "";
    public DateTime DoneAt { get; set; }
}
