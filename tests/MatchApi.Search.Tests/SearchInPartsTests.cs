using System.Text.Json;

namespace MatchApi.Search.Tests;

/// <summary>
/// A large index is searched in ranges of its documents side by side, one collector each: totals, facets, counted
/// sets, pages, scores and highlights are what one search over the whole index gives, whatever the sort or filter.
/// </summary>
public sealed class SearchInPartsTests : IDisposable
{
    private const int Documents = 420;

    private readonly LuceneSearchEngine _whole = Engine(new SearchEngineOptions());
    private readonly LuceneSearchEngine _inParts = Engine(new SearchEngineOptions { MaxSearchParts = 3, MinDocumentsPerSearchPart = 100 });

    private static LuceneSearchEngine Engine(SearchEngineOptions options)
    {
        var engine = new LuceneSearchEngine(options with { SynonymsPath = EngineFixture.SynonymsFile() }, EngineFixture.Schema);
        engine.Publish("v1", EngineFixture.Copies(Documents));
        return engine;
    }

    public static TheoryData<string?> Texts => new() { null, "臨床 試験", "医療機器", "相談", "米国 海外展開", "\"臨床試験\"", "支援 -相談", "存在しない 支援", "治験" };

    [Fact]
    public void The_index_is_searched_in_the_parts_asked_for()
    {
        Assert.Equal(1, _whole.SearchPartCount);
        Assert.Equal(3, _inParts.SearchPartCount);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Every_sort_and_filter_gives_what_one_search_of_the_whole_index_gives(string? text)
    {
        var filtered = new SearchRequest
        {
            Text = text,
            PageSize = Documents,
            Filters = new Dictionary<string, IReadOnlySet<string>> { ["stage"] = new HashSet<string> { "clinical", "market" }, ["type"] = new HashSet<string> { "funding" } },
            Conditions = [new Covers("start", "end", 2015)],
            Counted = new Dictionary<string, IReadOnlySet<string>> { ["firsts"] = EngineFixture.Copies(Documents).Take(60).Select(d => d.Id).ToHashSet() },
        };
        AssertSame(new SearchRequest { Text = text, PageSize = Documents });
        AssertSame(filtered);
        AssertSame(new SearchRequest { Text = text, Sort = SearchSort.Name, Page = 2, PageSize = 9 });
        AssertSame(new SearchRequest { Text = text, Sort = SearchSort.Largest("budget"), PageSize = 30 });
        AssertSame(filtered with { Sort = SearchSort.Name, PageSize = 25 });
        Assert.True(_whole.Search(new SearchRequest { Text = text }).Total > 0, $"'{text}' matches nothing: the comparison would prove little");
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Pages_tile_the_ranking_of_the_parts(string? text)
    {
        var ranking = Ids(_inParts.Search(new SearchRequest { Text = text, PageSize = Documents }));
        var paged = Enumerable.Range(1, (ranking.Count + 6) / 7).SelectMany(page => Ids(_inParts.Search(new SearchRequest { Text = text, Page = page, PageSize = 7 }))).ToList();
        Assert.Equal(ranking, paged);
    }

    private static List<string> Ids(SearchResponse response) => response.Hits.Select(h => h.Id).ToList();

    /// <summary>
    /// Everything but the hits exactly; the hits with the same ids, scores and snippets. Lucene sums a document's clause
    /// scores in the order its scorers' heap holds them, which depends on how the scorer got there, so a part that starts
    /// by skipping to its range can score a document one float step away from the whole search: schemes within that
    /// step of each other are compared as one tie.
    /// </summary>
    private void AssertSame(SearchRequest request)
    {
        var expected = _whole.Search(request);
        var actual = _inParts.Search(request);
        Assert.Equal(JsonSerializer.Serialize(expected with { Hits = [] }), JsonSerializer.Serialize(actual with { Hits = [] }));
        var byScore = request.Sort is SearchSort.RelevanceSort && request.Text is not null;
        var pairs = (byScore ? Ties.ById(expected.Hits) : expected.Hits).Zip(byScore ? Ties.ById(actual.Hits) : actual.Hits).ToList();
        Assert.Equal(expected.Hits.Count, actual.Hits.Count);
        foreach (var (e, a) in pairs)
        {
            Assert.Equal(e.Id, a.Id);
            Assert.Equal(e.Score ?? -1, a.Score ?? -1, 1e-6);
            Assert.Equal(JsonSerializer.Serialize(e.Highlights), JsonSerializer.Serialize(a.Highlights));
        }
    }

    public void Dispose()
    {
        _whole.Dispose();
        _inParts.Dispose();
    }
}
