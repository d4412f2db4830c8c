using MatchApi.Search.Analysis.MeCab;

namespace MatchApi.Search.Tests;

/// <summary>
/// Another MeCab dictionary on the machine: test.sh installs mecab-naist-jdic, which makes itself /etc/mecabrc's
/// default and splits Latin words into 記号 letters (AI → A, I), so Latin words no longer match.
/// </summary>
public sealed class DictionaryTests
{
    private const string NaistJdic = "/var/lib/mecab/dic/naist-jdic";

    [Fact]
    public void The_machine_default_is_not_ipadic_here_so_the_pinning_is_really_tested()
    {
        var dicdir = File.ReadAllLines("/etc/mecabrc").Select(l => l.Split('=', 2)).Where(p => p.Length == 2 && p[0].Trim() == "dicdir").Select(p => p[1].Trim()).Single();
        var resolved = new DirectoryInfo(dicdir).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dicdir;
        Assert.NotEqual(MeCabTagger.IpadicDirectory, resolved);
        using var engine = EngineFixture.Engine();
        Assert.True(engine.Status.Dictionary!.IsIpadic);
        Assert.Null(engine.Status.Warning);
    }

    [Fact]
    public void With_naist_jdic_a_query_that_analyses_to_nothing_is_a_clean_empty_result_and_the_status_says_which_dictionary()
    {
        using var engine = EngineFixture.Engine(dictionary: NaistJdic);
        Assert.False(engine.Status.Dictionary!.IsIpadic);
        Assert.Contains("not IPADIC", engine.Status.Warning);
        Assert.Equal(NaistJdic, engine.Status.Dictionary.Directory);

        // naist-jdic reads AI as two 記号-アルファベット letters: nothing in the catalog matches them, and nothing breaks.
        var latin = engine.Search(new SearchRequest { Text = "AI" });
        Assert.Empty(latin.Hits);
        Assert.Equal(0, latin.Total);
        Assert.Equal(MatchMode.NoTerms, engine.Search(new SearchRequest { Text = "の" }).Mode);
        foreach (var q in new[] { "治験", "米国", "MEDISO", "deep tech", "治験 AI" })
            Assert.NotNull(engine.Search(new SearchRequest { Text = q }));
        Assert.Contains("trial", engine.Search(new SearchRequest { Text = "治験" }).Hits.Select(h => h.Id));
    }

    [Fact]
    public void Without_mecab_the_engine_runs_on_bigrams_and_says_why()
    {
        using var engine = EngineFixture.Engine(dictionary: "/nonexistent/dictionary");
        Assert.Equal(AnalysisMode.BigramOnly, engine.Status.Mode);
        Assert.Contains("bigram", engine.Status.Warning);
        Assert.Empty(engine.Analyze("医療機器").Morphological);
        Assert.NotEmpty(engine.Analyze("医療機器").Bigrams);
        var hit = engine.Search(new SearchRequest { Text = "医工連携グローバル展開事業" }).Hits[0];
        Assert.Equal("global", hit.Id);
        Assert.Equal("<mark>医工連携グローバル展開事業</mark>", hit.Highlights.Single(h => h.Field == "name").Snippet);
    }
}
