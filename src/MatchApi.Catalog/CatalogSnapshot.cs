using System.Collections.Frozen;
using MatchApi.Catalog.Infrastructure;
using MatchApi.Catalog.Model;

namespace MatchApi.Catalog;

/// <summary>A scheme as curated (data/schemes' format, relations one-sided as written) at its current revision.</summary>
public sealed record CuratedScheme(Scheme Record, int Revision, bool Retired);

/// <summary>
/// An immutable view of the catalog. A reload or an accepted edit swaps in a new snapshot; readers never see a half-loaded one.
/// <see cref="Schemes"/> are the schemes served (relations completed with their inverses, sources with their
/// documents' titles); retired schemes answer only by id.
/// </summary>
public sealed class CatalogSnapshot
{
    /// <summary>
    /// The build of the code that turns records into what is served and indexed (deterministic builds keep this id while
    /// the code is unchanged), part of <see cref="Version"/> so the search index is rebuilt by other code.
    /// </summary>
    private static readonly string BuildId = typeof(CatalogSnapshot).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];

    private readonly FrozenDictionary<string, Scheme> _byId;
    private readonly FrozenDictionary<string, Scheme> _retired;
    private readonly FrozenDictionary<string, Scheme[]> _childrenByParent;

    public CatalogSnapshot(IReadOnlyCollection<CuratedScheme> curated, IReadOnlyList<SeedDocument> documents, long sequence, DateTimeOffset loadedAt)
    {
        Curated = curated.ToFrozenDictionary(c => c.Record.Id);
        Documents = documents;
        var active = curated.Where(c => !c.Retired).Select(c => c.Record.CopyForServing()).ToList();
        CatalogRules.CompleteRelations(active);
        CatalogRules.ResolveSources(active, documents);
        var retired = curated.Where(c => c.Retired).Select(c => c.Record.CopyForServing()).ToList();
        CatalogRules.ResolveSources(retired, documents);

        Schemes = active.OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
        SchemesWithCalls = Schemes.Where(s => s.Calls.Count > 0).ToArray();
        _byId = Schemes.ToFrozenDictionary(s => s.Id);
        _retired = retired.ToFrozenDictionary(s => s.Id);
        _childrenByParent = Schemes.Where(s => s.Parent is not null)
            .GroupBy(s => s.Parent!)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray());
        Sequence = sequence;
        Version = $"{sequence}-{BuildId}";
        LoadedAt = loadedAt;
    }

    /// <summary>This catalog at another revision sequence (the same records, once the sequence they were written at is known).</summary>
    public CatalogSnapshot At(long sequence, DateTimeOffset loadedAt) => new(this, sequence, loadedAt);

    private CatalogSnapshot(CatalogSnapshot same, long sequence, DateTimeOffset loadedAt)
    {
        (Curated, Documents, Schemes, SchemesWithCalls) = (same.Curated, same.Documents, same.Schemes, same.SchemesWithCalls);
        (_byId, _retired, _childrenByParent) = (same._byId, same._retired, same._childrenByParent);
        Sequence = sequence;
        Version = $"{sequence}-{BuildId}";
        LoadedAt = loadedAt;
    }

    /// <summary>Every scheme served (not retired), ordered by id.</summary>
    public IReadOnlyList<Scheme> Schemes { get; }

    /// <summary>The schemes served that list calls for applications: what "accepting" and "closes before" look through on every search.</summary>
    public IReadOnlyList<Scheme> SchemesWithCalls { get; }

    /// <summary>Every scheme as curated, retired ones included, by id.</summary>
    public IReadOnlyDictionary<string, CuratedScheme> Curated { get; }

    /// <summary>The registry of seed documents (data/seeds/documents.json) the sources cite.</summary>
    public IReadOnlyList<SeedDocument> Documents { get; }

    /// <summary>The catalog's revision sequence: the number of the last accepted revision, increasing with every change.</summary>
    public long Sequence { get; }

    /// <summary>Changes whenever the catalog content changes (the revision sequence and the build); used for ETags and the search index.</summary>
    public string Version { get; }

    public DateTimeOffset LoadedAt { get; }

    public Scheme? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>A retired scheme, which is kept with its history but no longer served in lists.</summary>
    public Scheme? FindRetired(string id) => _retired.GetValueOrDefault(id);

    public IReadOnlyList<Scheme> ChildrenOf(string id) => _childrenByParent.GetValueOrDefault(id) ?? [];

    /// <summary>
    /// For a sub-programme the sources give no budget of its own: the nearest ancestor programme that has one (the
    /// sub-programme's money is part of it); null for a scheme with its own budget figures or without a parent.
    /// </summary>
    public Scheme? BudgetHolderOf(Scheme scheme)
    {
        if (scheme.Budgets.Any(b => b.BelongsTo is null)) return null;
        var seen = new HashSet<string>(StringComparer.Ordinal) { scheme.Id };
        for (var parent = scheme.Parent is null ? null : Find(scheme.Parent); parent is not null && seen.Add(parent.Id);
             parent = parent.Parent is null ? null : Find(parent.Parent))
            if (parent.Budgets.Any(b => b.BelongsTo is null)) return parent;
        return null;
    }
}
