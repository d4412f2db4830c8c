using Lucene.Net.Analysis.CharFilters;
using Lucene.Net.Analysis.Icu;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;
using System.Buffers;
using System.Text;
using ICU4N.Text;

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

    /// <summary>Analysed terms that only rank a query's results: the request's wording, not a scheme's subject (Resources/rankingwords.txt).</summary>
    public static IReadOnlySet<string> RankingOnlyWords { get; } = Words("rankingwords.txt").ToHashSet(StringComparer.Ordinal);

    /// <summary>Base forms dropped as too common to tell schemes apart (Resources/stopwords.txt).</summary>
    public static CharArraySet StopWords { get; } = new CharArraySet(Version, Words("stopwords.txt").ToList(), ignoreCase: false).AsReadOnly();

    /// <summary>The look-alikes NFKC leaves (Resources/mapping-ja.txt).</summary>
    internal static MappingCharFilterFactory FoldingMap { get; } = LoadFoldingMap();

    /// <summary>The characters the folding map replaces (each entry's source is one character: "⺠" => "民").</summary>
    internal static SearchValues<char> FoldingMapSources { get; } = SearchValues.Create(
        Words("mapping-ja.txt").Where(rule => rule.StartsWith('"')).Select(rule => rule[1]).ToArray());

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
    public const string Description = "mapping(mapping-ja.txt) → icu_normalizer(nfkc_cf) → pattern_replace(digit grouping) → pattern_replace(digit 千 before 万/円) → pattern_replace(N分のM as M/N)";

    /// <summary>
    /// 7,000万円 and 7000万円 are the same amount: a thousands separator between digits goes (without lookarounds, which
    /// Lucene.Net's PatternReplaceCharFilter cannot apply; amounts in 万円 and 千円 rarely have more than one).
    /// </summary>
    private static readonly System.Text.RegularExpressions.Regex DigitGrouping = new(@"(\d),(\d\d\d)", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>7千万円 is 7,000万円 as a consultant writes it in a hurry: a digit's 千 before 万 or 円 becomes three zeros.</summary>
    private static readonly System.Text.RegularExpressions.Regex ThousandSign = new(@"(\d)千([万円])", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>補助率3分の2 is 補助率2/3, the form the catalog's figures take: N分のM becomes M/N.</summary>
    private static readonly System.Text.RegularExpressions.Regex Fraction = new(@"(\d+)" + FractionMark + @"(\d+)", System.Text.RegularExpressions.RegexOptions.Compiled);

    private const string FractionMark = "分の";

    private static readonly Normalizer2 CaseFoldedNfkc = Normalizer2.GetInstance(null, "nfkc_cf", Normalizer2Mode.Compose);

    /// <summary>What the first two patterns need to match at all (a full-width ， is not NFKC, so it is caught there).</summary>
    private static readonly SearchValues<char> PatternCharacters = SearchValues.Create(",千");

    // The mapping reads through a buffer of its own: Lucene.Net's default of 8,192 characters made folding a two-character
    // keyword allocate 40 KB (it grows when a text is longer).
    private const int MappingBufferSize = 256;

    public static TextReader Apply(TextReader input) =>
        new Lucene.Net.Analysis.Pattern.PatternReplaceCharFilter(Fraction, "$2/$1",
            new Lucene.Net.Analysis.Pattern.PatternReplaceCharFilter(ThousandSign, "${1}000$2",
                new Lucene.Net.Analysis.Pattern.PatternReplaceCharFilter(DigitGrouping, "$1$2",
                    new ICUNormalizer2CharFilter(AnalysisResources.FoldingMap.Create(new BufferedCharFilter(input, MappingBufferSize)), CaseFoldedNfkc))));

    public static string Fold(string text)
    {
        if (IsFolded(text)) return text;
        using var reader = Apply(new StringReader(text));
        // Not ReadToEnd: its 4,096-character buffer would be most of what folding a name costs.
        var folded = new StringBuilder(text.Length);
        var chunk = new char[Math.Min(text.Length, 256) + 1];
        for (int read; (read = reader.Read(chunk, 0, chunk.Length)) > 0;) folded.Append(chunk, 0, read);
        return folded.ToString();
    }

    /// <summary>True when no step would change the text, known without running them (most names and keywords are so).</summary>
    public static bool IsFolded(string text) =>
        !text.AsSpan().ContainsAny(AnalysisResources.FoldingMapSources) && !text.AsSpan().ContainsAny(PatternCharacters)
        && !(text.Contains(FractionMark, StringComparison.Ordinal) && Fraction.IsMatch(text)) && CaseFoldedNfkc.IsNormalized(text);
}
