using System.Globalization;
using MatchApi.Catalog.Model;
using MatchApi.Search;
using Microsoft.Data.Sqlite;

namespace MatchApi.Catalog.Querying;

public sealed record SchemeMatch(Scheme Scheme, double? Score, IReadOnlyList<Highlight> Highlights);

public sealed record SchemePage(
    IReadOnlyList<SchemeMatch> Items,
    int Total,
    MatchMode? MatchMode,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets)
{
    /// <summary>Query words no scheme contains, when the search fell back to any word.</summary>
    public IReadOnlyList<string> UnmatchedWords { get; init; } = [];
}

/// <summary>
/// Filters, searches, facets, sorts and pages the catalog. The catalog is small, so filters and facets run over the
/// in-memory snapshot; text matching and ranking come from the search engine's index in the same database.
/// </summary>
public sealed class SchemeSearch(ISearchEngine engine, Func<SqliteConnection> openConnection)
{
    private static readonly CompareInfo JapaneseCollation = CultureInfo.GetCultureInfo("ja-JP").CompareInfo;

    public SchemePage Search(CatalogSnapshot catalog, SchemeQuery query)
    {
        var (candidates, result) = MatchText(catalog, query.Text);
        var filter = query.Filter;
        var matching = candidates.Where(m => PassesAll(m.Scheme, filter, except: null)).ToList();

        var facets = Facet.All.ToDictionary(
            facet => facet.Vocabulary.Name,
            facet => (IReadOnlyDictionary<string, int>)Count(facet, candidates.Where(m => PassesAll(m.Scheme, filter, except: facet))));

        var sort = query.Text is null && query.Sort is null or SchemeSort.Relevance ? SchemeSort.Name : query.Sort ?? SchemeSort.Relevance;
        var sorted = Sort(matching, sort);
        var items = sorted.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        return new SchemePage(items, matching.Count, result?.Mode, facets) { UnmatchedWords = result?.UnmatchedWords ?? [] };
    }

    /// <summary>Text relevance of every scheme matching the text, best first (for callers that rank by other criteria too).</summary>
    public SearchResult MatchText(string text)
    {
        using var connection = openConnection();
        return engine.Search(connection, text);
    }

    public static int FiscalYearOf(DateOnly day) => day.Month >= 4 ? day.Year : day.Year - 1;

    private (List<SchemeMatch> Candidates, SearchResult? Result) MatchText(CatalogSnapshot catalog, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return (catalog.Schemes.Select(s => new SchemeMatch(s, null, [])).ToList(), null);

        var result = MatchText(text);
        var matches = result.Hits
            .Select(hit => catalog.Find(hit.Id) is { } scheme ? new SchemeMatch(scheme, hit.Score, hit.Highlights) : null)
            .OfType<SchemeMatch>()
            .ToList();
        return (matches, result);
    }

    private static bool PassesAll(Scheme scheme, SchemeFilter filter, Facet? except)
    {
        foreach (var facet in Facet.All)
            if (facet != except && !facet.Accepts(scheme, filter)) return false;
        if (filter.DeviceSpecific is { } device && scheme.DeviceSpecific != device) return false;
        // A programme whose period the sources do not give is kept: unknown is not ended.
        if (filter.ActiveOn is { } day && scheme.IsActiveIn(FiscalYearOf(day)) == false) return false;
        return true;
    }

    private static Dictionary<string, int> Count(Facet facet, IEnumerable<SchemeMatch> matches)
    {
        var counts = facet.Vocabulary.Terms.ToDictionary(t => t.Code, _ => 0);
        foreach (var code in matches.SelectMany(m => facet.CodesOf(m.Scheme).Distinct()))
            counts[code]++;
        return counts;
    }

    private static IEnumerable<SchemeMatch> Sort(List<SchemeMatch> matches, SchemeSort sort) => sort switch
    {
        SchemeSort.Relevance => matches.OrderByDescending(m => m.Score ?? 0).ThenBy(m => m.Scheme.Id, StringComparer.Ordinal),
        SchemeSort.Budget => matches.OrderByDescending(m => m.Scheme.LatestBudget?.AmountMillionYen ?? -1).ThenBy(m => m.Scheme.Id, StringComparer.Ordinal),
        SchemeSort.Newest => matches.OrderByDescending(m => m.Scheme.Period.StartFiscalYear ?? int.MinValue).ThenBy(m => m.Scheme.Id, StringComparer.Ordinal),
        _ => matches.OrderBy(m => m.Scheme.Name, Comparer<string>.Create((a, b) => JapaneseCollation.Compare(a, b, CompareOptions.IgnoreWidth))).ThenBy(m => m.Scheme.Id, StringComparer.Ordinal),
    };
}
