using Lucene.Net.Analysis.CharFilters;
using Lucene.Net.Analysis.Icu;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace MatchApi.Search.Analysis;

/// <summary>The analysis data files embedded from Resources/: stop tags, stop words and the character folding map.</summary>
public static class AnalysisResources
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private static readonly ClasspathResourceLoader Loader = new(typeof(AnalysisResources));

    /// <summary>Part-of-speech tags whose tokens are dropped (Resources/stoptags.txt, Kuromoji's format).</summary>
    public static IReadOnlySet<string> StopTags { get; } = Words("stoptags.txt").ToHashSet(StringComparer.Ordinal);

    /// <summary>Tags (and the tags below them) of words that only rank a query's results (Resources/rankingtags.txt).</summary>
    public static IReadOnlyList<string> RankingOnlyTags { get; } = Words("rankingtags.txt").ToList();

    /// <summary>Base forms dropped as too common to tell schemes apart (Resources/stopwords.txt).</summary>
    public static CharArraySet StopWords { get; } = new CharArraySet(Version, Words("stopwords.txt").ToList(), ignoreCase: false).AsReadOnly();

    /// <summary>The look-alikes NFKC leaves (Resources/mapping-ja.txt).</summary>
    internal static MappingCharFilterFactory FoldingMap { get; } = LoadFoldingMap();

    private static IEnumerable<string> Words(string resource)
    {
        using var reader = new StreamReader(Loader.OpenResource(resource));
        foreach (var word in WordlistLoader.GetWordSet(reader, "#", Version)) yield return word.ToString()!;
    }

    private static MappingCharFilterFactory LoadFoldingMap()
    {
        var factory = new MappingCharFilterFactory(new Dictionary<string, string> { ["mapping"] = "mapping-ja.txt" });
        factory.Inform(Loader);
        return factory;
    }
}

/// <summary>
/// The one character folding of MatchApi: the look-alike map of Resources/mapping-ja.txt, then ICU NFKC with case
/// folding (full-width Latin and digits, half-width katakana, Kangxi radicals, upper case, default ignorables).
/// Both analyses read text through it, and so does everything that compares a user's words with the catalog's.
/// </summary>
public static class TextFolding
{
    public const string Description = "mapping(mapping-ja.txt) → icu_normalizer(nfkc_cf) → pattern_replace(digit grouping)";

    /// <summary>
    /// 7,000万円 and 7000万円 are the same amount: a thousands separator between digits goes (without lookarounds, which
    /// Lucene.Net's PatternReplaceCharFilter cannot apply; amounts in 万円 and 千円 rarely have more than one).
    /// </summary>
    private static readonly System.Text.RegularExpressions.Regex DigitGrouping = new(@"(\d),(\d\d\d)", System.Text.RegularExpressions.RegexOptions.Compiled);

    public static TextReader Apply(TextReader input) =>
        new Lucene.Net.Analysis.Pattern.PatternReplaceCharFilter(DigitGrouping, "$1$2", new ICUNormalizer2CharFilter(AnalysisResources.FoldingMap.Create(input)));

    public static string Fold(string text)
    {
        using var reader = Apply(new StringReader(text));
        return reader.ReadToEnd();
    }
}
