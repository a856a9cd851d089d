namespace AksesSpse.Core.Common;

public enum ErrorKind
{
    None = 0,
    NotFound,
    Forbidden,
    Conflict,
    InvalidState,
    Validation,
    LateExplanationRequired,
    Unavailable,
}

/// <summary>The answer of a service call: success, or why not, in words for the user (Bahasa Indonesia).</summary>
public record OperationResult(ErrorKind Error, string? Message)
{
    public bool Succeeded => Error == ErrorKind.None;

    public static OperationResult Ok() => new(ErrorKind.None, null);
    public static OperationResult Fail(ErrorKind error, string message) => new(error, message);

    public static OperationResult NotFound() =>
        new(ErrorKind.NotFound, "Permohonan tidak ditemukan.");

    public static OperationResult Forbidden() =>
        new(ErrorKind.Forbidden, "Anda tidak berwenang melakukan tindakan ini.");
}

public sealed record OperationResult<T>(ErrorKind Error, string? Message, T? Value) : OperationResult(Error, Message)
{
    public static OperationResult<T> Ok(T value) => new(ErrorKind.None, null, value);
    public static OperationResult<T> From(OperationResult failure) => new(failure.Error, failure.Message, default);
}
