using MatchApi.Search;
using MatchApi.Search.Analysis;

namespace MatchApi.Search.Tests;

public sealed class NormalizationTests
{
    [Theory]
    [InlineData("ＡＭＥＤ", "amed")]
    [InlineData("ｽﾀｰﾄｱｯﾌﾟ", "スタートアップ")]
    [InlineData("ｶﾞｲﾄﾞ", "ガイド")]
    [InlineData("事業⽬標", "事業目標")]
    [InlineData("国⺠", "国民")]
    [InlineData("⻑期", "長期")]
    [InlineData("強靭化", "強靱化")]
    [InlineData("令和4年度～令和11年度", "令和4年度~令和11年度")]
    [InlineData("Deep Tech", "deep tech")]
    public void Folds_widths_look_alikes_and_case(string input, string expected) =>
        Assert.Equal(expected, NormalizedText.From(input).Text);

    [Fact]
    public void Keeps_the_span_of_the_original_text_for_every_normalised_character()
    {
        var text = NormalizedText.From("ｶﾞｲﾄﾞＡ");
        Assert.Equal("ガイドa", text.Text);
        Assert.Equal((0, 2), text.OriginalSpan(0, 1));
        Assert.Equal((0, 5), text.OriginalSpan(0, 3));
        Assert.Equal((5, 6), text.OriginalSpan(3, 4));
    }

    [Fact]
    public void Lone_surrogates_and_control_characters_become_spaces()
    {
        Assert.Equal("a b c", NormalizedText.From("a\uD800b\0c").Text);
    }
}

public sealed class FilterTests
{
    private static Token T(string term, string? pos = null, string? baseForm = null) => new(term, term, baseForm, pos, 0, term.Length);

    [Theory]
    [InlineData("助詞-格助詞-一般", false)]
    [InlineData("助動詞", false)]
    [InlineData("記号-一般", false)]
    [InlineData("名詞-一般", true)]
    [InlineData("接頭詞-名詞接続", true)]
    public void Part_of_speech_stop_filter_drops_particles_auxiliaries_and_symbols(string pos, bool kept) =>
        Assert.Equal(kept, PartOfSpeechStopFilter.Keep(T("x", pos)));

    [Fact]
    public void Base_form_filter_indexes_the_dictionary_form() =>
        Assert.Equal("行う", BaseFormFilter.Apply(T("行っ", "動詞-自立", "行う")).Term);

    [Theory]
    [InlineData("ヘルスケアー", "ヘルスケア")]
    [InlineData("センター", "センタ")]
    [InlineData("コー", "コー")]
    [InlineData("データ", "データ")]
    [InlineData("医療ー", "医療ー")]
    public void Katakana_stem_filter_strips_the_long_vowel_of_long_katakana_words(string input, string expected) =>
        Assert.Equal(expected, KatakanaStemFilter.Apply(T(input)).Term);

    [Fact]
    public void Stop_word_filter_drops_common_function_words()
    {
        Assert.False(StopWordFilter.Keep(T("こと")));
        Assert.True(StopWordFilter.Keep(T("医療")));
    }

    [Fact]
    public void Bigrams_cover_cjk_runs_and_keep_latin_words_whole()
    {
        var terms = CjkBigramAnalyzer.Analyze(NormalizedText.From("医療機器 AI 薬")).Select(t => t.Term).ToList();
        Assert.Equal(["医療", "療機", "機器", "ai", "薬"], terms);
    }
}

public sealed class MeCabTests
{
    private static readonly SqliteFtsSearchEngine Engine = new(new SearchEngineOptions());

    [Fact]
    public void MeCab_with_ipadic_is_loaded() => Assert.Equal(AnalysisMode.Morphological, Engine.Status.Mode);

    [Fact]
    public void Morphological_tokens_carry_base_forms_parts_of_speech_and_original_offsets()
    {
        const string text = "ＡＭＥＤが支援を行った医療機器";
        var tokens = Engine.Analyze(text).Morphological;
        Assert.Contains(tokens, t => t.Term == "amed" && text[t.Start..t.End] == "ＡＭＥＤ");
        Assert.Contains(tokens, t => t.Term == "行う" && t.Surface == "行っ" && t.PartOfSpeech!.StartsWith("動詞"));
        Assert.DoesNotContain(tokens, t => t.Surface is "が" or "を" or "た");
        Assert.All(tokens, t => Assert.Equal(text[t.Start..t.End], t.Surface));
    }

    [Fact]
    public void Parallel_analysis_gives_the_same_tokens_as_sequential()
    {
        var texts = Enumerable.Range(0, 200).Select(i => $"医療機器開発の非臨床段階{i}にあるスタートアップ向けの補助金").ToArray();
        var sequential = texts.Select(t => string.Join("|", Engine.Analyze(t).Morphological.Select(x => x.Term))).ToArray();
        var parallel = new string[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => parallel[i] = string.Join("|", Engine.Analyze(texts[i]).Morphological.Select(x => x.Term)));
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void Without_mecab_the_engine_runs_on_bigrams_and_says_why()
    {
        using var engine = new SqliteFtsSearchEngine(new SearchEngineOptions { DictionaryDirectory = "/nonexistent/dictionary" });
        Assert.Equal(AnalysisMode.BigramOnly, engine.Status.Mode);
        Assert.Contains("bigram", engine.Status.Warning);
        Assert.Empty(engine.Analyze("医療機器").Morphological);
        Assert.NotEmpty(engine.Analyze("医療機器").Bigrams);
    }
}
