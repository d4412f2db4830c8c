using MatchApi.Search;

namespace MatchApi.Catalog.Querying;

public sealed record SchemeMatch(Model.Scheme Scheme, double? Score, IReadOnlyList<Highlight> Highlights);

public sealed record SchemePage(
    IReadOnlyList<SchemeMatch> Items,
    int Total,
    MatchMode? MatchMode,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets)
{
    /// <summary>Query words no scheme within the filters contains, when the search fell back to any word.</summary>
    public IReadOnlyList<string> UnmatchedWords { get; init; } = [];

    /// <summary>The query with an unmatched word replaced by a catalog word it was probably meant to be.</summary>
    public IReadOnlyList<string> Suggestions { get; init; } = [];
}

/// <summary>The catalog's queries translated for the search engine, and the engine's hits read back as schemes.</summary>
public sealed class SchemeSearch(ISearchEngine engine)
{
    public SchemePage Search(CatalogSnapshot catalog, SchemeQuery query)
    {
        var response = engine.Search(new SearchRequest
        {
            Text = query.Text,
            Filters = SchemeIndex.Facets.ToDictionary(f => f.Definition.Name, f => f.Selected(query.Filter)),
            // A programme whose period the sources do not give is kept: unknown is not ended.
            Conditions = query.Filter.ActiveOn is { } day
                ? [new Covers(SchemeIndex.PeriodStart, SchemeIndex.PeriodEnd, FiscalYearOf(day))]
                : [],
            Sort = (query.Text, query.Sort) switch
            {
                (null, null or SchemeSort.Relevance) or (_, SchemeSort.Name) => SearchSort.Name,
                (_, SchemeSort.Budget) => SearchSort.Largest(SchemeIndex.LatestBudget),
                (_, SchemeSort.Newest) => SearchSort.Largest(SchemeIndex.PeriodStart),
                _ => SearchSort.Relevance,
            },
            Page = query.Page,
            PageSize = query.PageSize,
        });
        var items = response.Hits
            .Select(hit => catalog.Find(hit.Id) is { } scheme ? new SchemeMatch(scheme, hit.Score, hit.Highlights) : null)
            .OfType<SchemeMatch>()
            .ToList();
        var facets = Facet.Contract.ToDictionary(f => f.Definition.Name, f => response.Facets[f.Definition.Name]);
        return new SchemePage(items, response.Total, response.Mode, facets) { UnmatchedWords = response.UnmatchedWords, Suggestions = response.Suggestions };
    }

    /// <summary>Every scheme matching the text, best first, for callers that rank by other criteria too; highlights for the best <paramref name="highlighted"/>.</summary>
    public TextMatches MatchText(string text, int highlighted = 200) => engine.MatchText(text, highlighted);

    public static int FiscalYearOf(DateOnly day) => day.Month >= 4 ? day.Year : day.Year - 1;
}
