using MatchApi.Search.Analysis;
using MatchApi.Search.Analysis.MeCab;

namespace MatchApi.Search.Tests;

/// <summary>data/synonyms.txt's format in Lucene's SynonymMap, looked up by analysed terms.</summary>
public sealed class SynonymDictionaryTests
{
    private static readonly JapaneseAnalyzer Analyzer = new(MeCabTagger.TryOpen(MeCabTagger.IpadicDirectory, out _)!);

    private static readonly string[] Lines =
    [
        "# a comment",
        "治験, 臨床試験, 臨床研究 # trailing comment",
        "ＭＥＤＩＳＯ, 医療系ベンチャー・トータルサポート事業",
        "deep tech, ディープテック",
        "IoT, モノのインターネット",
        "治験, clinical trial",
        "の, が",
        "lonely",
    ];

    private static readonly SynonymDictionary Dictionary = SynonymDictionary.Build(Lines, Analyzer);

    private static List<string> Equivalents(params string[] terms) => Dictionary.Equivalents(terms).Select(t => string.Join(" ", t)).ToList();

    [Fact]
    public void A_word_finds_every_other_entry_of_its_groups_as_analysed_terms() =>
        Assert.Equal(["臨床 試験", "臨床 研究", "clinical trial"], Equivalents("治験"));

    [Fact]
    public void Entries_are_folded_like_the_text_so_widths_and_case_do_not_matter()
    {
        Assert.Equal(["医療 系 ベンチャ トータル サポート 事業"], Equivalents("mediso"));
        Assert.Equal(["mediso"], Equivalents("医療", "系", "ベンチャ", "トータル", "サポート", "事業"));
    }

    [Fact]
    public void Multi_word_entries_are_looked_up_whole() => Assert.Equal(["ディープテック"], Equivalents("deep", "tech"));

    [Fact]
    public void A_dropped_particle_inside_an_entry_keeps_the_other_words() => Assert.Equal(["モノ インターネット"], Equivalents("iot"));

    [Fact]
    public void Entries_that_analyse_to_nothing_are_reported_not_fatal()
    {
        Assert.Equal(["の", "が"], Dictionary.Problems);
        Assert.Empty(Equivalents("lonely"));
        Assert.Empty(Equivalents("unknown"));
    }
}
