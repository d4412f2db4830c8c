using System.Collections.Frozen;
using MatchApi.Catalog.Model;

namespace MatchApi.Catalog;

/// <summary>An immutable view of the loaded catalog. A reload swaps in a new snapshot; readers never see a half-loaded one.</summary>
public sealed class CatalogSnapshot
{
    private readonly FrozenDictionary<string, Scheme> _byId;
    private readonly FrozenDictionary<string, Scheme[]> _childrenByParent;

    public CatalogSnapshot(IEnumerable<Scheme> schemes, string version, DateTimeOffset loadedAt)
    {
        Schemes = schemes.OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
        _byId = Schemes.ToFrozenDictionary(s => s.Id);
        _childrenByParent = Schemes.Where(s => s.Parent is not null)
            .GroupBy(s => s.Parent!)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray());
        Version = version;
        LoadedAt = loadedAt;
    }

    /// <summary>Every scheme, ordered by id.</summary>
    public IReadOnlyList<Scheme> Schemes { get; }

    /// <summary>Changes whenever the catalog content changes (the data hash); used for ETags.</summary>
    public string Version { get; }

    public DateTimeOffset LoadedAt { get; }

    public Scheme? Find(string id) => _byId.GetValueOrDefault(id);

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
