using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace MatchApi.Search.Analysis.Filters;

/// <summary>
/// Removes tokens with no letter or digit. IPADIC tags some punctuation as nouns (！ as 名詞-サ変接続), so the
/// part-of-speech stop tags alone let it through.
/// </summary>
public sealed class PunctuationFilter : FilteringTokenFilter
{
    private readonly ICharTermAttribute _term;

    public PunctuationFilter(LuceneVersion version, TokenStream input) : base(version, input) => _term = AddAttribute<ICharTermAttribute>();

    protected override bool Accept()
    {
        var buffer = _term.Buffer;
        for (var i = 0; i < _term.Length; i++)
            if (char.IsLetterOrDigit(buffer[i])) return true;
        return false;
    }
}
