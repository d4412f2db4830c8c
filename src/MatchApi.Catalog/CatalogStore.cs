using MatchApi.Catalog.Infrastructure;
using MatchApi.Catalog.Model;
using MatchApi.Search;
using Microsoft.Extensions.Logging;

namespace MatchApi.Catalog;

/// <summary>Holds the catalog currently served and what went wrong with loading or the database.</summary>
public sealed class CatalogStore
{
    private volatile CatalogSnapshot? _current;
    private volatile string? _databaseProblem;

    public CatalogSnapshot? Current => _current;

    /// <summary>
    /// Held by whoever changes the catalog served (a curator's write, a refresh from the shared store), from deciding
    /// what the next catalog is until it is published: a refresh that read the database just before this instance's own
    /// write must not publish its older catalog over the write's.
    /// </summary>
    internal SemaphoreSlim Publishing { get; } = new(1, 1);

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

    /// <summary>
    /// Serves <paramref name="after"/> in place of the catalog served (an accepted edit, or the shared store's newer
    /// catalog), without touching the state of the last load, the search index changed first to match: the schemes
    /// whose revision changed, and those related to them before or after (a successor is found by its predecessor's
    /// names; inverse relations change the other side). Call it holding <see cref="Publishing"/>.
    /// </summary>
    /// <returns>How many schemes changed.</returns>
    internal int PublishChange(CatalogSnapshot after, ISearchEngine searchEngine, ILogger logger)
    {
        var before = _current ?? throw new InvalidOperationException("A change is published over a catalog being served.");
        var changed = after.Curated.Values
            .Where(c => before.Curated.GetValueOrDefault(c.Record.Id) is not { } old || old.Revision != c.Revision || old.Retired != c.Retired)
            .Select(c => c.Record.Id).Concat(before.Curated.Keys.Where(id => !after.Curated.ContainsKey(id))).ToHashSet();
        var affected = new HashSet<string>(changed);
        foreach (var id in changed)
            foreach (var scheme in new[] { before.Find(id), after.Find(id) }.OfType<Scheme>())
                affected.UnionWith(scheme.Related.Select(r => r.Id));
        try
        {
            searchEngine.Apply(after.Version, SearchDocuments.From(after.Schemes).Where(d => affected.Contains(d.Id)).ToList(),
                affected.Where(id => after.Find(id) is null).ToList());
        }
        catch (Exception e)
        {
            logger.LogError(e, "Applying a change to the search index failed; rebuilding the index");
            searchEngine.Publish(after.Version, SearchDocuments.From(after.Schemes));
        }
        _current = after;
        return changed.Count;
    }

    internal void ReportFailure(string error)
    {
        LastLoadError = error;
        LastLoadFailedAt = DateTimeOffset.UtcNow;
    }

    internal void ReportConflicts(IReadOnlyList<ImportConflict> conflicts) => Conflicts = conflicts;

    public void ReportDatabaseProblem(string? problem) => _databaseProblem = problem;
}
