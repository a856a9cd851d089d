namespace AksesSpse.Core.Common;

/// <summary>An entity guarded by an integer concurrency token that the context increments on every update.</summary>
public interface IVersioned
{
    int Version { get; set; }
}
