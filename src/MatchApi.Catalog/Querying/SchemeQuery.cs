using MatchApi.Catalog.Model;
using MatchApi.Search;

namespace MatchApi.Catalog.Querying;

public enum SchemeSort { Relevance, Name, Budget, Newest, Deadline }

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

    /// <summary>Only schemes with a call for proposals accepting applications on that day (JST).</summary>
    public DateOnly? AcceptingOn { get; init; }

    /// <summary>Only schemes with a call whose deadline lies ahead (from today, or from acceptingOn) and on or before that day (JST).</summary>
    public DateOnly? ClosesBefore { get; init; }
}

public sealed record SchemeQuery(string? Text, SchemeFilter Filter, int Page = 1, int PageSize = 20, SchemeSort? Sort = null);

/// <summary>A facet of the search index: its vocabulary, the codes a scheme carries in it, and the filter that selects it.</summary>
public sealed record Facet(FacetDefinition Definition, Func<Scheme, IEnumerable<string>> CodesOf, Func<SchemeFilter, IReadOnlySet<string>> Selected)
{
    public Facet(Vocabulary vocabulary, Func<Scheme, IEnumerable<string>> codesOf, Func<SchemeFilter, IReadOnlySet<string>> selected)
        : this(new FacetDefinition(vocabulary.Name, vocabulary.Terms.Select(t => t.Code).ToList()), codesOf, selected) { }

    /// <summary>The facets of the contract, in its order.</summary>
    public static readonly IReadOnlyList<Facet> Contract =
    [
        new(Vocabularies.Stage, s => s.Stages, f => f.Stages),
        new(Vocabularies.SupportType, s => s.SupportTypes, f => f.SupportTypes),
        new(Vocabularies.Ministry, s => s.Ministry is null ? [] : [s.Ministry], f => f.Ministries),
        new(Vocabularies.Category, s => s.Categories, f => f.Categories),
        new(Vocabularies.Applicant, s => s.AcceptedApplicants, f => f.Applicants),
        new(Vocabularies.Need, s => s.Needs, f => f.Needs),
    ];
}

/// <summary>What the search index knows of a scheme beyond its text: facets, and the numbers that filter and sort.</summary>
public static class SchemeIndex
{
    public const string PeriodStart = "periodStart", PeriodEnd = "periodEnd", LatestBudget = "latestBudget", LargestGrantCap = "largestGrantCap";

    /// <summary>deviceSpecific (● / ○ in the 2023 overview) filters like a facet; it is not one of the contract's facets.</summary>
    private static readonly Facet DeviceSpecific = new(new FacetDefinition("deviceSpecific", ["true", "false"]),
        s => s.DeviceSpecific is { } flag ? [flag ? "true" : "false"] : [],
        f => f.DeviceSpecific is { } flag ? new HashSet<string> { flag ? "true" : "false" } : new HashSet<string>());

    public static readonly IReadOnlyList<Facet> Facets = [.. Facet.Contract, DeviceSpecific];

    /// <summary>An amount typed with a bound (1億円以上の補助金) compares with the largest grant per project, never with a whole budget.</summary>
    public static readonly SearchSchema Schema = new(Facets.Select(f => f.Definition).ToList(), [PeriodStart, PeriodEnd, LatestBudget, LargestGrantCap],
        typeof(SearchDocuments).Assembly.ManifestModule.ModuleVersionId.ToString("N"), AmountNumber: LargestGrantCap);

    public static IReadOnlyDictionary<string, long> Numbers(Scheme s)
    {
        var numbers = new Dictionary<string, long>();
        if (s.Period.StartFiscalYear is { } start) numbers[PeriodStart] = start;
        if (s.Period.EndFiscalYear is { } end) numbers[PeriodEnd] = end;
        // Budgets in thousands of yen, so every figure of the sources (given to 0.1 百万円 at most) stays exact.
        if (s.LatestBudget is { } budget) numbers[LatestBudget] = (long)(budget.AmountMillionYen * 1000);
        if (s.GrantCaps.Count > 0) numbers[LargestGrantCap] = (long)(s.GrantCaps.Max(c => c.AmountMillionYen) * 1_000_000); // yen, as typed amounts are analysed
        return numbers;
    }
}
