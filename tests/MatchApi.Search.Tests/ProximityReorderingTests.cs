namespace MatchApi.Search.Tests;

/// <summary>
/// Two words found next to each other rank a match higher, among the best <see cref="LuceneSearchEngine.ReorderedMatches"/>
/// by the words alone: a fixed window, so paging through a large result never repeats or skips a match.
/// </summary>
public sealed class ProximityReorderingTests
{
    private const string Query = "臨床 試験";

    /// <summary>The words apart, in a short text (a high score for the words alone).</summary>
    private static SearchDocument Apart(int i) => new($"apart-{i:D3}", $"支援事業 {i}", [], [], "臨床の研究と、機器の試験。", "");

    /// <summary>The words together, in a longer text (a lower score for the words alone, lifted above the others by the proximity bonus).</summary>
    private static readonly SearchDocument Together = new("together", "推進事業", [], [], "臨床試験を行う。機器の開発。", "");

    private static LuceneSearchEngine EngineWith(int apart)
    {
        var engine = new LuceneSearchEngine(new SearchEngineOptions(), EngineFixture.Schema);
        engine.Publish("v1", Enumerable.Range(0, apart).Select(Apart).Append(Together));
        return engine;
    }

    private static List<string> Ranked(LuceneSearchEngine engine, int page, int pageSize) =>
        engine.Search(new SearchRequest { Text = Query, Page = page, PageSize = pageSize }).Hits.Select(h => h.Id).ToList();

    [Fact]
    public void Words_found_together_lift_a_match_within_the_window()
    {
        using var engine = EngineWith(apart: 50);
        var hits = engine.Search(new SearchRequest { Text = Query, PageSize = 3 }).Hits;
        Assert.Equal("together", hits[0].Id);
        Assert.Equal(1.0, hits[0].Score);
        Assert.True(hits[1].Score < 1.0);
    }

    [Fact]
    public void A_match_below_the_window_keeps_its_place_and_pages_tile_across_the_window_edge()
    {
        var apart = LuceneSearchEngine.ReorderedMatches + 40;
        using var engine = EngineWith(apart);
        var whole = Ranked(engine, page: 1, pageSize: apart + 1);
        Assert.Equal(apart + 1, whole.Count);
        Assert.Equal("together", whole[^1]);

        var paged = Enumerable.Range(1, 9).SelectMany(page => Ranked(engine, page, pageSize: 30)).ToList();
        Assert.Equal(whole, paged);
        Assert.Equal(whole.Count, paged.Distinct().Count());
    }
}
