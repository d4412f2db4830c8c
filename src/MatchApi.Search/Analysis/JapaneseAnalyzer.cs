using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Pattern;
using Lucene.Net.Analysis.Standard;
using MatchApi.Search.Analysis.Filters;
using MatchApi.Search.Analysis.MeCab;
using System.Text.RegularExpressions;

namespace MatchApi.Search.Analysis;

/// <summary>
/// The morphological representation, modelled on Kuromoji's JapaneseAnalyzer with MeCab/IPADIC as the tokenizer:
/// folding char filters → MeCab → numbers (7000 万 → 70000000) → base form → part-of-speech stop → punctuation → width → stop words → katakana stem →
/// lower case → English plurals (startups → startup, subsidies → subsidy: Lucene's minimal English stemmer).
/// </summary>
public sealed class JapaneseAnalyzer(MeCabTagger tagger) : ChainAnalyzer
{
    private static readonly IReadOnlyList<AnalysisStage> Chain =
    [
        new("number", s => new NumberFilter(s)),
        new("base_form", s => new BaseFormFilter(s)),
        new("part_of_speech_stop", s => new PartOfSpeechStopFilter(AnalysisResources.Version, s, AnalysisResources.StopTags)),
        new("punctuation", s => new PunctuationFilter(AnalysisResources.Version, s)),
        new("cjk_width", s => new CJKWidthFilter(s)),
        new("stop_words", s => new StopFilter(AnalysisResources.Version, s, AnalysisResources.StopWords)),
        new("katakana_stem", s => new KatakanaStemFilter(s)),
        new("lower_case", s => new LowerCaseFilter(AnalysisResources.Version, s)),
        new("english_plural", s => new EnglishMinimalStemFilter(s)),
    ];

    public MeCabTagger Tagger => tagger;

    public override string Representation => "morphological";
    public override string TokenizerName => "mecab";
    public override string CharFilterDescription => TextFolding.Description;
    public override IReadOnlyList<AnalysisStage> Stages => Chain;

    public override TextReader ApplyCharFilters(TextReader reader) => TextFolding.Apply(reader);

    public override Tokenizer CreateTokenizer(TextReader reader) => new MeCabTokenizer(reader, tagger);
}

/// <summary>
/// The recall representation: overlapping character bigrams over runs of kanji and kana (a lone one stays a unigram)
/// and Latin/digit words whole, from Analysis.Common's StandardTokenizer and CJKBigramFilter (as Lucene's
/// CJKAnalyzer). ・ between katakana is removed first, since it is as often left out (ジャパン・ヘルスケア / ジャパンヘルスケア).
/// </summary>
public sealed class BigramAnalyzer : ChainAnalyzer
{
    // No lookarounds: Lucene.Net's PatternReplaceCharFilter re-applies the pattern to the matched text alone.
    private static readonly Regex MiddleDotBetweenKatakana = new(@"([\u30A1-\u30FA\u30FC])・([\u30A1-\u30FA\u30FC])", RegexOptions.Compiled);

    private static readonly IReadOnlyList<AnalysisStage> Chain =
    [
        // No lower_case: the char filter's nfkc_cf already folded case and nothing here brings capitals back, while
        // Lucene.Net's LowerCaseFilter asks ICU for every token of every text indexed.
        new("cjk_width", s => new CJKWidthFilter(s)),
        new("english_plural", s => new EnglishMinimalStemFilter(s)),
        new("cjk_bigram", s => new CJKBigramFilter(s)),
    ];

    public override string Representation => "bigram";
    public override string TokenizerName => "standard";
    public override string CharFilterDescription => TextFolding.Description + " → pattern_replace(・ between katakana)";
    public override IReadOnlyList<AnalysisStage> Stages => Chain;

    /// <summary>Texts of one multi-valued field (all the bigrams) stay apart: a phrase never runs from one into the next.</summary>
    public override int GetPositionIncrementGap(string fieldName) => 100;

    public override TextReader ApplyCharFilters(TextReader reader) => new PatternReplaceCharFilter(MiddleDotBetweenKatakana, "$1$2", TextFolding.Apply(reader));

    public override Tokenizer CreateTokenizer(TextReader reader) => new StandardTokenizer(AnalysisResources.Version, reader);
}
