using MatchApi.Search;
using Microsoft.Data.Sqlite;

namespace MatchApi.Search.Tests;

/// <summary>The engine over a small synthetic catalog in a real SQLite database.</summary>
public sealed class SearchTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly SqliteFtsSearchEngine _engine;

    private static readonly SearchDocument[] Documents =
    [
        new("mediso", "医療系ベンチャー・トータルサポート事業", ["MEDISO"], ["相談", "ベンチャー"], "医療系ベンチャーの相談窓口です。", "厚生労働省"),
        new("global", "医工連携グローバル展開事業", ["旧・医工連携イノベーション推進事業"], ["米国", "海外展開"], "非臨床から臨床の医療機器開発を支援します。", "経済産業省 補助率2/3"),
        new("pmda", "PMDA相談業務", [], ["薬事相談", "治験相談"], "承認申請に向けた薬事の相談です。", "<script>alert(1)</script> & co"),
        new("kaken", "科学研究費助成事業", ["科研費"], ["学術研究"], "研究者の自由な発想に基づく学術研究を支援。", "文部科学省"),
        new("device-net", "医療機器開発支援ネットワーク事業", [], ["伴走支援"], "医療機器の事業化を伴走支援します。", "経済産業省"),
        new("trial", "臨床試験推進事業", [], [], "臨床試験の実施を支援します。", ""),
        new("scattered", "現場導入事業", [], [], "臨床の現場で新しい機器を試験的に導入します。", ""),
    ];

    public SearchTests()
    {
        _connection.Open();
        var synonyms = Path.Combine(Path.GetTempPath(), $"synonyms-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(synonyms, ["MEDISO, 医療系ベンチャー・トータルサポート事業", "海外展開, 国際展開, 海外進出", "治験, 臨床試験"]);
        _engine = new SqliteFtsSearchEngine(new SearchEngineOptions { SynonymsPath = synonyms });
        using var transaction = _connection.BeginTransaction();
        _engine.Rebuild(_connection, transaction, Documents);
        transaction.Commit();
    }

    private SearchResult Search(string query) => _engine.Search(_connection, query);
    private List<string> Ids(string query) => Search(query).Hits.Select(h => h.Id).ToList();

    [Fact]
    public void Finds_by_official_name_and_ranks_the_name_match_first() => Assert.Equal("global", Ids("医工連携グローバル展開事業")[0]);

    [Fact]
    public void An_abbreviation_finds_the_scheme_through_the_synonyms_file()
    {
        var ids = Ids("ｍｅｄｉｓｏ");
        Assert.Equal("mediso", ids[0]);
    }

    [Fact]
    public void A_synonym_finds_a_document_that_only_has_the_other_word() => Assert.Contains("global", Ids("海外進出"));

    [Fact]
    public void All_words_must_match_and_otherwise_any_word_matches_with_the_mode_said()
    {
        var all = Search("医療機器 伴走支援");
        Assert.Equal(MatchMode.AllTerms, all.Mode);
        Assert.Equal(["device-net"], all.Hits.Select(h => h.Id));

        var any = Search("科研費 宇宙ロケット");
        Assert.Equal(MatchMode.AnyTerm, any.Mode);
        Assert.Equal("kaken", any.Hits[0].Id);
    }

    [Fact]
    public void Excluded_words_remove_matches_and_phrases_match_in_order()
    {
        Assert.Contains("device-net", Ids("医療機器"));
        Assert.DoesNotContain("device-net", Ids("医療機器 -伴走支援"));
        Assert.Contains("global", Ids("\"医療機器開発\""));
        Assert.DoesNotContain("global", Ids("\"開発医療機器\""));
    }

    [Fact]
    public void A_synonym_of_several_words_matches_and_highlights_only_as_a_phrase()
    {
        var hits = Search("治験").Hits;
        Assert.DoesNotContain(hits, h => h.Id == "scattered");
        var trial = Assert.Single(hits, h => h.Id == "trial");
        Assert.Contains("<mark>臨床試験</mark>", trial.Highlights.Single(h => h.Field == "name").Snippet);
    }

    [Fact]
    public void An_old_name_in_the_aliases_finds_the_current_programme() => Assert.Equal("global", Ids("医工連携イノベーション推進事業")[0]);

    [Fact]
    public void Morphological_matches_outrank_bigram_only_matches()
    {
        // A document whose text only contains the characters, not the word, may match as bigrams; it must rank below.
        var hits = Search("臨床").Hits;
        Assert.All(hits.Where(h => h.Id is "global" or "trial"), h => Assert.InRange(h.Score, 0.5, 1.0));
        var tiers = hits.Select(h => h.Score > 0.5).ToList();
        Assert.Equal(tiers.OrderByDescending(morphological => morphological), tiers);
    }

    [Fact]
    public void Highlights_mark_the_original_text_and_escape_html()
    {
        var hit = Search("PMDA co").Hits.Single(h => h.Id == "pmda");
        var body = hit.Highlights.Single(h => h.Field == "body").Snippet;
        Assert.Contains("&lt;script&gt;", body);
        Assert.DoesNotContain("<script>", body);
        Assert.Contains("<mark>co</mark>", body);
        Assert.Contains("<mark>PMDA</mark>", hit.Highlights.Single(h => h.Field == "name").Snippet);

        var wide = Search("ＭＥＤＩＳＯ").Hits.Single(h => h.Id == "mediso");
        Assert.Contains("<mark>MEDISO</mark>", wide.Highlights.Single(h => h.Field == "aliases").Snippet);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"\"\"")]
    [InlineData("AND OR NOT NEAR")]
    [InlineData("医療 NEAR(a b, 3)")]
    [InlineData("* : ^ ( ) { }")]
    [InlineData("name:医療")]
    [InlineData("\0\u0001")]
    [InlineData("\uD800医療\uDC00")]
    [InlineData("💰👥🏥")]
    [InlineData("- -- ---")]
    [InlineData("「")]
    [InlineData("-医療")]
    public void Hostile_queries_never_throw(string query)
    {
        var result = Search(query);
        Assert.NotNull(result);
    }

    [Fact]
    public void A_very_long_query_is_cut_not_fatal()
    {
        var result = Search(string.Concat(Enumerable.Repeat("医療機器 \"", 20_000)));
        Assert.NotNull(result);
    }

    [Fact]
    public void A_query_of_only_particles_and_symbols_has_no_terms()
    {
        var result = Search("の が を ！？");
        Assert.Equal(MatchMode.NoTerms, result.Mode);
        Assert.Empty(result.Hits);
    }

    public void Dispose()
    {
        _engine.Dispose();
        _connection.Dispose();
    }
}
