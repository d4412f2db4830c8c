using MatchApi.Catalog.Model;
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
    /// <summary>The facet of schemes with a call accepting applications (on acceptingOn, or today): counts for accepting and not_accepting.</summary>
    public const string AcceptingFacet = "accepting";

    /// <param name="now">The moment "today" and "ahead" refer to (calls' deadlines).</param>
    public SchemePage Search(CatalogSnapshot catalog, SchemeQuery query, DateTimeOffset now)
    {
        var filter = query.Filter;
        var from = filter.AcceptingOn is { } day ? Model.CallDates.StartOfDay(day) : now;
        var acceptingDay = filter.AcceptingOn ?? Model.CallDates.DayInJapan(now);
        var accepting = catalog.SchemesWithCalls.Where(s => s.Calls.Any(c => c.AcceptsOn(acceptingDay))).Select(s => s.Id).ToHashSet();
        IReadOnlySet<string>? closing = filter.ClosesBefore is { } last
            ? catalog.SchemesWithCalls.Where(s => s.Calls.Any(c => c.Status is not ("cancelled" or "closed") &&
                    Model.CallDates.Closing(c.ClosesAt) is { } closes && closes >= from && closes <= Model.CallDates.EndOfDay(last)))
                .Select(s => s.Id).ToHashSet()
            : null;
        IReadOnlySet<string>? only = filter.AcceptingOn is null ? closing : closing is null ? accepting : accepting.Intersect(closing).ToHashSet();

        var byDeadline = query.Sort == SchemeSort.Deadline;
        var request = new SearchRequest
        {
            Text = query.Text,
            Filters = SchemeIndex.Facets.ToDictionary(f => f.Definition.Name, f => f.Selected(filter)),
            // A programme whose period the sources do not give is kept: unknown is not ended.
            Conditions = filter.ActiveOn is { } activeOn
                ? [new Covers(SchemeIndex.PeriodStart, SchemeIndex.PeriodEnd, FiscalYear.Of(activeOn))]
                : [],
            Only = only,
            Counted = filter.AcceptingOn is null ? new Dictionary<string, IReadOnlySet<string>> { [AcceptingFacet] = accepting } : new Dictionary<string, IReadOnlySet<string>>(),
            Sort = (query.Text, query.Sort) switch
            {
                (null, null or SchemeSort.Relevance) or (_, SchemeSort.Name) or (null, SchemeSort.Deadline) => SearchSort.Name,
                (_, SchemeSort.Budget) => SearchSort.Largest(SchemeIndex.LatestBudget),
                (_, SchemeSort.Newest) => SearchSort.Largest(SchemeIndex.PeriodStart),
                _ => SearchSort.Relevance,
            },
            // The deadline order depends on the day, so the catalog's matches are ordered here and paged after.
            Page = byDeadline ? 1 : query.Page,
            PageSize = byDeadline ? Math.Max(1, catalog.Schemes.Count) : query.PageSize,
        };
        var response = engine.Search(request);
        var items = response.Hits
            .Select(hit => catalog.Find(hit.Id) is { } scheme ? new SchemeMatch(scheme, hit.Score, hit.Highlights) : null)
            .OfType<SchemeMatch>()
            .ToList();
        if (byDeadline)
            items = items
                .OrderBy(m => m.Scheme.NextDeadline(from) is { } next ? next.ClosesAt : DateTimeOffset.MaxValue)
                .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
                .ToList();

        // The accepting facet, like the others, counts over every filter but its own: among the matches when acceptingOn
        // is not a filter (in the same pass), by a second count without it when it is.
        var withoutAccepting = filter.AcceptingOn is null ? response.Total : engine.Search(request with { Only = closing, Page = 1, PageSize = 1 }).Total;
        var acceptingCount = filter.AcceptingOn is not null ? response.Total : response.CountedMatches[AcceptingFacet];
        var facets = Facet.Contract.ToDictionary(f => f.Definition.Name, f => response.Facets[f.Definition.Name]);
        facets[AcceptingFacet] = new Dictionary<string, int> { ["accepting"] = acceptingCount, ["not_accepting"] = withoutAccepting - acceptingCount };
        return new SchemePage(items, response.Total, response.Mode, facets) { UnmatchedWords = response.UnmatchedWords, Suggestions = response.Suggestions };
    }

    /// <summary>Every scheme matching the text, best first, for callers that rank by other criteria too; highlights for the best <paramref name="highlighted"/>.</summary>
    public TextMatches MatchText(string text, int highlighted = 200) => engine.MatchText(text, highlighted);
}
