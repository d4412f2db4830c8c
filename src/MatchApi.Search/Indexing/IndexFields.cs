using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace MatchApi.Search.Indexing;

/// <summary>
/// A searchable field of a document: as MeCab terms (m_), or without MeCab as CJK bigrams (b_). Boosts weigh a match in
/// this field against the others; highlighted fields keep their text and term vectors for snippets.
/// </summary>
internal sealed record SearchField(string Name, float MorphBoost, float BigramBoost, bool Highlighted)
{
    public string Morph { get; } = "m_" + Name;
    public string Bigram { get; } = "b_" + Name;
}

/// <summary>The Lucene fields of the index, and how a <see cref="SearchDocument"/> becomes a Lucene document.</summary>
internal static class IndexFields
{
    public const string Id = "id";

    /// <summary>
    /// Every text's bigrams in one field, which is what queries search for recall when the words are there too: one
    /// field instead of six keeps a query's bigram runs and their synonyms to a few dictionary lookups. With MeCab it is
    /// the only bigram field (the fields' own are a quarter of the time to index 100,000 schemes, with their term
    /// vectors, and only snippets would read them: those analyse the page's texts again).
    /// </summary>
    public const string AllBigrams = "b_all";

    /// <summary>A bigram run matching anywhere weighs about as much as a word matching in the body.</summary>
    public const float AllBigramsBoost = 1.5f;
    public const string SortName = "sort_name";

    /// <summary>name/aliases ≫ keywords &gt; summary &gt; body &gt; tags; a bigram match weighs about 40% of a word match.</summary>
    public static readonly IReadOnlyList<SearchField> Texts =
    [
        new("name", 10f, 4f, Highlighted: true),
        new("aliases", 10f, 4f, Highlighted: true),
        new("keywords", 5f, 2f, Highlighted: true),
        new("summary", 2f, 0.8f, Highlighted: true),
        new("body", 1f, 0.4f, Highlighted: true),
        new("tags", 0.5f, 0.2f, Highlighted: false),
    ];

    /// <summary>
    /// Each name, alias and keyword whole and folded (suggestions are whole phrases, as users type them), and the same
    /// behind its katakana reading (reading + <see cref="ReadingSeparator"/> + phrase), for 「もしかして」.
    /// </summary>
    public const string SuggestPhrase = "suggest", SuggestReading = "suggest_reading";

    public const char ReadingSeparator = '\u001F';

    /// <summary>The name and each alias whole and folded: a clause typed as a scheme's exact name finds that scheme first.</summary>
    public const string ExactName = "name_exact";

    public static string ExactNameOf(string text) => Analysis.TextFolding.Fold(text).Trim();

    public static string Facet(string name) => "facet_" + name;
    public static string Number(string name) => "number_" + name;

    /// <summary>The schema's amount (<see cref="SearchSchema.AmountNumber"/>) indexed for ranges, so 1億円以上 finds the documents whose amount is so.</summary>
    public const string AmountRange = "amount_range";

    private static readonly CompareInfo JapaneseCollation = CultureInfo.GetCultureInfo("ja-JP").CompareInfo;

    private static readonly FieldType Highlightable = Frozen(new FieldType(Lucene.Net.Documents.TextField.TYPE_NOT_STORED)
    {
        StoreTermVectors = true,
        StoreTermVectorPositions = true,
        StoreTermVectorOffsets = true,
    });

    private static readonly FieldType Searchable = Lucene.Net.Documents.TextField.TYPE_NOT_STORED;

    /// <param name="readingsOf">The katakana readings of a phrase and of its words (none without MeCab).</param>
    /// <param name="amountNumber">The number also indexed as <see cref="AmountRange"/>, if any.</param>
    public static Document Create(SearchDocument source, bool morphological, Func<string, IEnumerable<(string Reading, string Phrase)>> readingsOf, string? amountNumber)
    {
        var document = new Document
        {
            new StringField(Id, source.Id, Field.Store.YES),
            new SortedDocValuesField(Id, new BytesRef(source.Id)),
            // Japanese order (50音, widths ignored) as bytes, so Lucene's byte order sorts names as a Japanese reader expects.
            new SortedDocValuesField(SortName, new BytesRef(JapaneseCollation.GetSortKey(source.Name, CompareOptions.IgnoreWidth).KeyData)),
        };
        foreach (var (field, text) in Texts.Zip(TextsOf(source)))
        {
            if (string.IsNullOrEmpty(text)) continue;
            var type = field.Highlighted ? Highlightable : Searchable;
            if (field.Highlighted) document.Add(new StoredField(field.Name, text));
            if (morphological) document.Add(new Field(field.Morph, text, type));
            else document.Add(new Field(field.Bigram, text, type));
            document.Add(new Field(AllBigrams, text, Searchable));
        }
        foreach (var name in source.Aliases.Prepend(source.Name).Select(ExactNameOf).Where(n => n.Length > 0).Distinct())
            document.Add(new StringField(ExactName, name, Field.Store.NO));
        foreach (var phrase in source.Aliases.Concat(source.Keywords).Prepend(source.Name).Select(ExactNameOf).Where(p => p.Length > 0).Distinct())
        {
            document.Add(new StringField(SuggestPhrase, phrase, Field.Store.NO));
            foreach (var (reading, written) in readingsOf(phrase))
                document.Add(new StringField(SuggestReading, reading + ReadingSeparator + written, Field.Store.NO));
        }
        foreach (var (facet, codes) in source.Facets)
            foreach (var code in codes)
                document.Add(new SortedSetDocValuesField(Facet(facet), new BytesRef(code)));
        foreach (var (number, value) in source.Numbers)
        {
            document.Add(new NumericDocValuesField(Number(number), value));
            if (number == amountNumber) document.Add(new Int64Field(AmountRange, value, Field.Store.NO));
        }
        return document;
    }

    /// <summary>The texts of <see cref="Texts"/>, in order: lists joined so that snippets read naturally.</summary>
    public static string[] TextsOf(SearchDocument d) =>
        [d.Name, string.Join(" / ", d.Aliases), string.Join("、", d.Keywords), d.Summary, d.Body, d.Tags];

    private static FieldType Frozen(FieldType type)
    {
        type.Freeze();
        return type;
    }
}
