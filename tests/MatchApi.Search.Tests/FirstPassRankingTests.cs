namespace MatchApi.Search.Tests;

/// <summary>
/// A ranked search scores its matches cheaply first and the best <see cref="LuceneSearchEngine.ReorderedMatches"/> by
/// the whole query: on a catalog with more matches than that, the first page is the one that scoring every match by
/// the whole query gives (<see cref="LuceneSearchEngine.MatchText"/> does), with the same scores.
/// </summary>
public sealed class FirstPassRankingTests : IDisposable
{
    private const int Documents = 300;

    private readonly LuceneSearchEngine _engine = Engine();

    /// <summary>Each text with its own mix of the words: how often, how long, together (臨床試験) or apart.</summary>
    private static SearchDocument Scheme(int i) => new(
        $"scheme-{i:D3}",
        $"第{i}期 {(i % 5 == 0 ? "臨床試験支援事業" : "研究事業")}",
        [],
        [],
        string.Concat(Enumerable.Repeat("臨床の", i % 4 + 1)) + (i % 3 == 0 ? "臨床試験を支援する事業。" : "試験の事業。") + string.Concat(Enumerable.Repeat("研究開発。", i % 6)),
        "");

    private static LuceneSearchEngine Engine()
    {
        var engine = new LuceneSearchEngine(new SearchEngineOptions { SynonymsPath = EngineFixture.SynonymsFile() }, EngineFixture.Schema);
        engine.Publish("v1", Enumerable.Range(0, Documents).Select(Scheme));
        return engine;
    }

    public static TheoryData<string> Texts => new() { "臨床 試験", "臨床 事業", "臨床試験の事業", "臨床 研究開発" };

    [Theory]
    [MemberData(nameof(Texts))]
    public void The_first_page_is_the_whole_querys_best(string text)
    {
        var page = _engine.Search(new SearchRequest { Text = text, PageSize = 30 });
        var whole = _engine.MatchText(text, highlighted: 0).Hits;

        Assert.True(page.Total > LuceneSearchEngine.ReorderedMatches, $"'{text}' matches {page.Total}: the window would hold every match");
        Assert.Equal(whole.Count, page.Total);
        Assert.True(page.Hits.Select(h => h.Score).Distinct().Count() > 3, "the first page is one tie: it would not show the order");
        var scores = whole.ToDictionary(h => h.Id, h => h.Score!.Value);
        Assert.Equal(whole.Take(30).Select(h => h.Score!.Value), page.Hits.Select(h => h.Score!.Value), (a, b) => Math.Abs(a - b) < 1e-6);
        foreach (var hit in page.Hits) Assert.Equal(scores[hit.Id], hit.Score!.Value, 1e-6);
    }

    /// <summary>
    /// 治験's synonym 臨床試験 is a phrase, looked at in the first pass only where 治験 itself is missing (here: everywhere):
    /// the texts with 臨床 and 試験 apart are its candidates and must not count.
    /// </summary>
    [Fact]
    public void A_words_multi_word_synonym_finds_in_the_first_pass_what_the_whole_query_finds()
    {
        var page = _engine.Search(new SearchRequest { Text = "治験 事業", PageSize = 30 });
        var whole = _engine.MatchText("治験 事業", highlighted: 0).Hits;

        Assert.InRange(page.Total, 1, Documents - 1);
        Assert.Equal(whole.Count, page.Total);
        Assert.Equal(whole.Take(30).Select(h => h.Id), page.Hits.Select(h => h.Id));
    }

    public void Dispose() => _engine.Dispose();
}
