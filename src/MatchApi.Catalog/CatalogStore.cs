using MatchApi.Catalog.Infrastructure;

namespace MatchApi.Catalog;

/// <summary>Holds the catalog currently served and what went wrong with loading or the database.</summary>
public sealed class CatalogStore
{
    private volatile CatalogSnapshot? _current;
    private volatile string? _databaseProblem;

    public CatalogSnapshot? Current => _current;

    /// <summary>What went wrong with the last load, if it failed (the previous catalog, if any, keeps serving).</summary>
    public string? LastLoadError { get; private set; }

    /// <summary>When the last load failed (null once a load succeeds).</summary>
    public DateTimeOffset? LastLoadFailedAt { get; private set; }

    /// <summary>Why the database cannot take writes now (deleted while serving, unreadable); null while it is in place.</summary>
    public string? DatabaseProblem => _databaseProblem;

    /// <summary>data/ files that changed while their schemes were edited through the API (the edits were kept).</summary>
    public IReadOnlyList<ImportConflict> Conflicts { get; private set; } = [];

    internal void Publish(CatalogSnapshot snapshot)
    {
        _current = snapshot;
        LastLoadError = null;
        LastLoadFailedAt = null;
    }

    /// <summary>An accepted edit: the new catalog, without touching the state of the last load.</summary>
    internal void PublishEdit(CatalogSnapshot snapshot) => _current = snapshot;

    internal void ReportFailure(string error)
    {
        LastLoadError = error;
        LastLoadFailedAt = DateTimeOffset.UtcNow;
    }

    internal void ReportConflicts(IReadOnlyList<ImportConflict> conflicts) => Conflicts = conflicts;

    public void ReportDatabaseProblem(string? problem) => _databaseProblem = problem;
}
