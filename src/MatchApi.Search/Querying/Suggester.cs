using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using MatchApi.Search.Analysis;
using MatchApi.Search.Analysis.MeCab;
using MatchApi.Search.Indexing;

namespace MatchApi.Search.Querying;

/// <summary>
/// 「もしかして」: for a query word that no scheme matches, the catalog's names, aliases and keywords it was probably meant
/// to be — the phrase read that way when the word is kana (ちけん → 治験) or within one or two edits of it
/// (科研火 → 科研費), those of more schemes first — offered as whole queries with that word replaced.
/// </summary>
internal sealed class Suggester
{
    public const int MaxSuggestions = 3;

    public IReadOnlyList<string> Suggest(CatalogSearcher searcher, string query, IReadOnlyList<string> unmatchedWords)
    {
        var suggestions = new List<string>();
        foreach (var word in unmatchedWords)
            foreach (var replacement in searcher.Derived((typeof(Suggester), word), () => Candidates(searcher.IndexReader, word).Take(MaxSuggestions).ToArray()))
            {
                var suggestion = query.Replace(word, replacement, StringComparison.Ordinal);
                if (suggestion != query && !suggestions.Contains(suggestion)) suggestions.Add(suggestion);
                if (suggestions.Count == MaxSuggestions) return suggestions;
            }
        return suggestions;
    }

    /// <summary>
    /// The katakana reading of a phrase (when MeCab reads all its words) and of each of its words of two or more
    /// characters, so ちけん finds 治験 inside the keyword 治験相談 too.
    /// </summary>
    public static IEnumerable<(string Reading, string Phrase)> ReadingsOf(MeCabTagger tagger, string phrase)
    {
        // A katakana word the dictionary does not know (メディソ) is read as it is written.
        var morphemes = tagger.Parse(phrase).Select(m => (m.Surface, Reading: m.Reading ?? (IsKana(m.Surface) ? ToKatakana(m.Surface) : null))).ToList();
        if (morphemes.Count > 1 && morphemes.All(m => m.Reading is not null)) yield return (string.Concat(morphemes.Select(m => m.Reading)), phrase);
        foreach (var m in morphemes.Where(m => m.Reading is not null && m.Surface.Length >= 2)) yield return (m.Reading!, m.Surface);
    }

    private static IEnumerable<string> Candidates(IndexReader reader, string word)
    {
        var folded = TextFolding.Fold(word).Trim();
        if (folded.Length == 0) return [];
        var read = IsKana(folded) ? Read(reader, ToKatakana(folded)) : [];
        return read.Concat(Similar(reader, folded)).Distinct().Where(c => c != folded);
    }

    /// <summary>Phrases whose reading is exactly the given katakana, those of more schemes first.</summary>
    private static IEnumerable<string> Read(IndexReader reader, string reading)
    {
        var terms = MultiFields.GetTerms(reader, IndexFields.SuggestReading);
        if (terms is null) return [];
        var prefix = reading + IndexFields.ReadingSeparator;
        var found = new List<(string Phrase, int Documents)>();
        var termsEnum = terms.GetEnumerator();
        if (termsEnum.SeekCeil(new BytesRef(prefix)) == TermsEnum.SeekStatus.END) return [];
        do
        {
            var term = termsEnum.Term.Utf8ToString();
            if (!term.StartsWith(prefix, StringComparison.Ordinal)) break;
            found.Add((term[prefix.Length..], termsEnum.DocFreq));
        } while (termsEnum.MoveNext());
        return found.OrderByDescending(f => f.Documents).Select(f => f.Phrase);
    }

    /// <summary>Phrases within one edit (up to four characters) or two (longer), the closer and the more schemes the better.</summary>
    private static IEnumerable<string> Similar(IndexReader reader, string word)
    {
        var edits = word.Length switch { <= 1 => 0, <= 4 => 1, _ => 2 };
        var terms = MultiFields.GetTerms(reader, IndexFields.SuggestPhrase);
        if (edits == 0 || terms is null) return [];
        var fuzzy = new FuzzyTermsEnum(terms, new AttributeSource(), new Term(IndexFields.SuggestPhrase, word), edits, 0, transpositions: true);
        var similarity = fuzzy.Attributes.AddAttribute<IBoostAttribute>();
        var found = new List<(string Phrase, float Similarity, int Documents)>();
        while (fuzzy.MoveNext()) found.Add((fuzzy.Term.Utf8ToString(), similarity.Boost, fuzzy.DocFreq));
        return found.OrderByDescending(f => f.Similarity).ThenByDescending(f => f.Documents).ThenBy(f => f.Phrase, StringComparer.Ordinal).Select(f => f.Phrase);
    }

    private static bool IsKana(string text) => text.All(c => c is >= '\u3041' and <= '\u3096' or >= '\u30A1' and <= '\u30FA' or 'ー');

    private static string ToKatakana(string text) => new(text.Select(c => c is >= '\u3041' and <= '\u3096' ? (char)(c + 0x60) : c).ToArray());
}
