using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.TokenAttributes;
using MatchApi.Search.Analysis;
using MatchApi.Search.Analysis.Filters;
using MatchApi.Search.Analysis.MeCab;
using MatchApi.Search.Analysis.TokenAttributes;

namespace MatchApi.Search.Tests;

/// <summary>Each piece of the analysis chain alone, over real MeCab/IPADIC where the piece needs it.</summary>
public sealed class AnalysisChainTests
{
    private static readonly MeCabTagger Tagger = MeCabTagger.TryOpen(MeCabTagger.IpadicDirectory, out _)
        ?? throw new InvalidOperationException("IPADIC (mecab-ipadic-utf8) is required for these tests.");

    private static List<string> Terms(TokenStream stream)
    {
        using (stream)
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            var terms = new List<string>();
            stream.Reset();
            while (stream.IncrementToken()) terms.Add(term.ToString());
            stream.End();
            return terms;
        }
    }

    private static MeCabTokenizer MeCab(string text) => new(new StringReader(text), Tagger);

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
    [InlineData("「医療機器」", "\"医療機器\"")]
    [InlineData("ゼロ\u200B幅", "ゼロ幅")]
    [InlineData("上限７，０００万円", "上限7000万円")]
    [InlineData("7千万円と3千円", "7000万円と3000円")]
    [InlineData("補助率３分の２、10分の1以内", "補助率2/3、1/10以内")]
    [InlineData("医療分野の十分な部分の", "医療分野の十分な部分の")]
    public void Folding_maps_widths_look_alikes_quotes_and_case(string input, string expected) =>
        Assert.Equal(expected, TextFolding.Fold(input));

    [Theory]
    [InlineData("治験", true)]
    [InlineData("医療機器開発推進研究事業", true)]
    [InlineData("amed 2024", true)]
    [InlineData("AMED", false)]
    [InlineData("（公募）", false)]
    [InlineData("国⺠", false)]
    [InlineData("7,000万円", false)]
    [InlineData("7千万円", false)]
    [InlineData("3分の2", false)]
    [InlineData("医療分野の部分の", true)]
    [InlineData("·", false)]
    public void Text_nothing_would_change_is_known_without_running_the_chain(string input, bool folded)
    {
        Assert.Equal(folded, TextFolding.IsFolded(input));
        Assert.Equal(folded, ThroughTheChain(input) == input);
        Assert.Equal(ThroughTheChain(input), TextFolding.Fold(input));
    }

    [Fact]
    public void Texts_longer_than_the_mapping_buffer_fold_whole()
    {
        var text = string.Concat(Enumerable.Repeat("国⺠の⻑期ＡＭＥＤ，", 200));
        Assert.Equal(string.Concat(Enumerable.Repeat("国民の長期amed,", 200)), TextFolding.Fold(text));
        Assert.Equal(TextFolding.Fold(text), ThroughTheChain(text));
    }

    private static string ThroughTheChain(string text)
    {
        using var reader = TextFolding.Apply(new StringReader(text));
        var folded = new System.Text.StringBuilder();
        var chunk = new char[7];
        for (int read; (read = reader.Read(chunk, 0, chunk.Length)) > 0;) folded.Append(chunk, 0, read);
        return folded.ToString();
    }

    [Fact]
    public void The_tokenizer_gives_surfaces_with_base_form_part_of_speech_and_reading()
    {
        using var tokenizer = MeCab("治験を行った");
        var term = tokenizer.AddAttribute<ICharTermAttribute>();
        var baseForm = tokenizer.AddAttribute<IBaseFormAttribute>();
        var pos = tokenizer.AddAttribute<IPartOfSpeechAttribute>();
        var reading = tokenizer.AddAttribute<IReadingAttribute>();
        var offset = tokenizer.AddAttribute<IOffsetAttribute>();
        var seen = new List<(string, string?, string?, string?, int, int)>();
        tokenizer.Reset();
        while (tokenizer.IncrementToken()) seen.Add((term.ToString(), baseForm.BaseForm, pos.PartOfSpeech, reading.Reading, offset.StartOffset, offset.EndOffset));
        tokenizer.End();
        Assert.Equal(("治験", "治験", "名詞-一般", "チケン", 0, 2), seen[0]);
        Assert.Equal(("行っ", "行う", "動詞-自立", "オコナッ", 3, 5), seen[2]);
        Assert.Equal(6, offset.EndOffset);
    }

    [Fact]
    public void Offsets_point_into_the_original_text_through_the_char_filters()
    {
        var analyzer = new JapaneseAnalyzer(Tagger);
        const string text = "ｶﾞｲﾄﾞとＡＭＥＤの💰支援";
        var tokens = analyzer.Explain(text)[^1].Tokens;
        Assert.Equal(["ガイド", "amed", "支援"], tokens.Select(t => t.Term));
        Assert.Equal(["ｶﾞｲﾄﾞ", "ＡＭＥＤ", "支援"], tokens.Select(t => text[t.Start..t.End]));
    }

    [Fact]
    public void Base_form_filter_indexes_the_dictionary_form() =>
        Assert.Equal(["治験", "を", "行う", "た"], Terms(new BaseFormFilter(MeCab("治験を行った"))));

    [Theory]
    [InlineData("上限7000万円", "上限|70000000")]
    [InlineData("七千万円", "70000000")]
    [InlineData("二千五百万円と1億円", "25000000|と|100000000")]
    [InlineData("7000万 円", "70000000|円")]
    [InlineData("1.5億円", "150000000")]
    [InlineData("3年間", "3|年間")]
    [InlineData("数百万円", "数|百|万|円")]
    [InlineData("2025 2030", "2025|2030")]
    [InlineData("第2期", "第|2|期")]
    public void Number_filter_joins_a_run_of_number_morphemes_and_the_yen_after_it_into_its_value(string text, string expected) =>
        Assert.Equal(expected, string.Join('|', Terms(new NumberFilter(MeCab(text)))));

    [Fact]
    public void Number_filter_spans_the_run_in_the_original_text_through_the_char_filters()
    {
        const string text = "上限７，０００万円まで";
        var amount = new JapaneseAnalyzer(Tagger).Explain(text)[^1].Tokens.Single(t => t.Term == "70000000");
        Assert.Equal("７，０００万円", text[amount.Start..amount.End]);
    }

    [Theory]
    [InlineData("7000万", "70000000")]
    [InlineData("一億二千万", "120000000")]
    [InlineData("十", "10")]
    [InlineData("0.5", "0.5")]
    [InlineData("1..5", null)]
    [InlineData("数万", null)]
    [InlineData("999999999999999999999兆", null)]
    public void Number_values_read_arabic_and_kanji_digits_with_their_units(string text, string? expected) =>
        Assert.Equal(expected, NumberFilter.Value(text));

    [Fact]
    public void Part_of_speech_stop_filter_drops_the_tags_of_the_data_file()
    {
        Assert.Contains("助詞-格助詞-一般", AnalysisResources.StopTags);
        Assert.Contains("連体詞", AnalysisResources.StopTags);
        Assert.DoesNotContain("名詞-一般", AnalysisResources.StopTags);
        var stream = new PartOfSpeechStopFilter(AnalysisResources.Version, MeCab("この治験が成功した。"), AnalysisResources.StopTags);
        Assert.Equal(["治験", "成功", "し"], Terms(stream));
    }

    [Fact]
    public void Punctuation_filter_drops_tokens_without_letters_or_digits() =>
        Assert.Equal(["医療", "AI", "2"], Terms(new PunctuationFilter(AnalysisResources.Version, new WhitespaceTokenizer(AnalysisResources.Version, new StringReader("医療 ！ AI ・・ 2 —")))));

    [Theory]
    [InlineData("ヘルスケアー", "ヘルスケア")]
    [InlineData("センター", "センタ")]
    [InlineData("ユーザーー", "ユーザー")]
    [InlineData("コー", "コー")]
    [InlineData("データ", "データ")]
    [InlineData("医療ー", "医療ー")]
    public void Katakana_stem_filter_drops_one_long_vowel_mark_from_katakana_words_of_four_or_more(string input, string expected) =>
        Assert.Equal([expected], Terms(new KatakanaStemFilter(new KeywordTokenizer(new StringReader(input)))));

    [Fact]
    public void Stop_words_come_from_the_data_file()
    {
        Assert.Contains("こと", (ISet<string>)AnalysisResources.StopWords);
        Assert.Contains("段階", (ISet<string>)AnalysisResources.StopWords);
        Assert.DoesNotContain("医療", (ISet<string>)AnalysisResources.StopWords);
    }

    [Fact]
    public void Every_ranking_word_is_one_term_as_the_chain_analyses_it()
    {
        var analyzer = new JapaneseAnalyzer(Tagger);
        Assert.NotEmpty(AnalysisResources.RankingOnlyWords);
        foreach (var word in AnalysisResources.RankingOnlyWords)
            Assert.Equal([word], analyzer.Explain(word)[^1].Tokens.Select(t => t.Term));
    }

    [Fact]
    public void The_whole_chain_keeps_content_words_as_base_forms()
    {
        var tokens = new JapaneseAnalyzer(Tagger).Explain("非臨床段階の企業を支援することができる")[^1].Tokens;
        Assert.Equal(["非", "臨床", "企業", "支援"], tokens.Select(t => t.Term));
    }

    [Fact]
    public void English_typed_beside_japanese_loses_its_function_words_and_plurals()
    {
        var tokens = new JapaneseAnalyzer(Tagger).Explain("Subsidies for the startups and SMEs 医療機器")[^1].Tokens;
        Assert.Equal(["subsidy", "startup", "sme", "医療", "機器"], tokens.Select(t => t.Term));
        Assert.Equal(["ai", "医療"], new BigramAnalyzer().Explain("AIs 医療")[^1].Tokens.Select(t => t.Term));
    }

    [Fact]
    public void Explain_names_the_stage_that_removed_each_token()
    {
        var stages = new JapaneseAnalyzer(Tagger).Explain("治験のこと！");
        Assert.Equal("tokenizer:mecab", stages[0].Stage);
        Assert.Equal(["number", "base_form", "part_of_speech_stop", "punctuation", "cjk_width", "stop_words", "katakana_stem", "lower_case", "english_plural"], stages.Skip(1).Select(s => s.Stage));
        Assert.Equal(["の"], stages.Single(s => s.Stage == "part_of_speech_stop").Removed.Select(t => t.Surface));
        Assert.Equal(["こと"], stages.Single(s => s.Stage == "stop_words").Removed.Select(t => t.Surface));
        Assert.Contains(stages.Single(s => s.Stage is "part_of_speech_stop" or "punctuation" && s.Removed.Any(t => t.Surface == "！")).Stage, new[] { "part_of_speech_stop", "punctuation" });
    }

    [Fact]
    public void Bigrams_cover_cjk_runs_keep_latin_words_whole_and_skip_the_dot_between_katakana()
    {
        var bigrams = new BigramAnalyzer();
        Assert.Equal(["医療", "療機", "機器", "ai", "薬"], bigrams.Explain("医療機器 AI 薬")[^1].Tokens.Select(t => t.Term));
        Assert.Equal(bigrams.Explain("ジャパンヘルスケア")[^1].Tokens.Select(t => t.Term), bigrams.Explain("ジャパン・ヘルスケア")[^1].Tokens.Select(t => t.Term));
        Assert.DoesNotContain("療介", bigrams.Explain("医療・介護")[^1].Tokens.Select(t => t.Term));
    }

    [Fact]
    public void Parallel_analysis_gives_the_same_tokens_as_sequential()
    {
        var analyzer = new JapaneseAnalyzer(Tagger);
        var texts = Enumerable.Range(0, 200).Select(i => $"医療機器開発の非臨床段階{i}にあるスタートアップ向けの補助金").ToArray();
        string Run(string t) => string.Join("|", Terms(analyzer.GetTokenStream("f", t)));
        var sequential = texts.Select(Run).ToArray();
        var parallel = new string[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => parallel[i] = Run(texts[i]));
        Assert.Equal(sequential, parallel);
    }
}
