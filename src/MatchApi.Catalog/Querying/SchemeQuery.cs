using MatchApi.Catalog.Model;

namespace MatchApi.Catalog.Querying;

public enum SchemeSort { Relevance, Name, Budget, Newest }

/// <summary>Resolved filters: sets of vocabulary codes (OR within a set, AND across sets); empty means no filter.</summary>
public sealed record SchemeFilter
{
    public IReadOnlySet<string> Stages { get; init; } = new HashSet<string>();
    public IReadOnlySet<string> SupportTypes { get; init; } = new HashSet<string>();
    public IReadOnlySet<string> Ministries { get; init; } = new HashSet<string>();
    public IReadOnlySet<string> Categories { get; init; } = new HashSet<string>();
    public IReadOnlySet<string> Applicants { get; init; } = new HashSet<string>();
    public IReadOnlySet<string> Needs { get; init; } = new HashSet<string>();
    public bool? DeviceSpecific { get; init; }
    public DateOnly? ActiveOn { get; init; }
}

public sealed record SchemeQuery(string? Text, SchemeFilter Filter, int Page = 1, int PageSize = 20, SchemeSort? Sort = null);

/// <summary>The facets of the contract, each a vocabulary and the codes a scheme carries in it.</summary>
public sealed record Facet(Vocabulary Vocabulary, Func<Scheme, IEnumerable<string>> CodesOf, Func<SchemeFilter, IReadOnlySet<string>> Selected)
{
    public static readonly IReadOnlyList<Facet> All =
    [
        new(Vocabularies.Stage, s => s.Stages, f => f.Stages),
        new(Vocabularies.SupportType, s => s.SupportTypes, f => f.SupportTypes),
        new(Vocabularies.Ministry, s => s.Ministry is null ? [] : [s.Ministry], f => f.Ministries),
        new(Vocabularies.Category, s => s.Categories, f => f.Categories),
        new(Vocabularies.Applicant, s => s.AcceptedApplicants, f => f.Applicants),
        new(Vocabularies.Need, s => s.Needs, f => f.Needs),
    ];

    public bool Accepts(Scheme scheme, SchemeFilter filter)
    {
        var selected = Selected(filter);
        return selected.Count == 0 || CodesOf(scheme).Any(selected.Contains);
    }
}
