namespace MatchApi.Catalog;

/// <summary>Holds the catalog currently served, and whether it is ready.</summary>
public sealed class CatalogStore
{
    private volatile CatalogSnapshot? _current;

    public CatalogSnapshot? Current => _current;

    public bool IsReady => _current is not null;

    /// <summary>What went wrong with the last load, if it failed (the previous catalog, if any, keeps serving).</summary>
    public string? LastLoadError { get; private set; }

    /// <summary>When the last load failed (null once a load succeeds).</summary>
    public DateTimeOffset? LastLoadFailedAt { get; private set; }

    internal void Publish(CatalogSnapshot snapshot)
    {
        _current = snapshot;
        LastLoadError = null;
        LastLoadFailedAt = null;
    }

    internal void ReportFailure(string error)
    {
        LastLoadError = error;
        LastLoadFailedAt = DateTimeOffset.UtcNow;
    }
}
