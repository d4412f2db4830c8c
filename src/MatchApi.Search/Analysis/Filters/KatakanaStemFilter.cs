using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace MatchApi.Search.Analysis.Filters;

/// <summary>
/// Drops one trailing prolonged sound mark from katakana words of at least <see cref="MinimumLength"/> characters
/// (ヘルスケアー → ヘルスケア, ユーザー → ユーザ), as Kuromoji's JapaneseKatakanaStemFilter does.
/// </summary>
public sealed class KatakanaStemFilter : TokenFilter
{
    public const int MinimumLength = 4;
    private const char ProlongedSoundMark = 'ー';

    private readonly ICharTermAttribute _term;
    private readonly IKeywordAttribute _keyword;

    public KatakanaStemFilter(TokenStream input) : base(input)
    {
        _term = AddAttribute<ICharTermAttribute>();
        _keyword = AddAttribute<IKeywordAttribute>();
    }

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken()) return false;
        var length = _term.Length;
        if (!_keyword.IsKeyword && length >= MinimumLength && _term.Buffer[length - 1] == ProlongedSoundMark && IsKatakana(_term.Buffer, length))
            _term.Length = length - 1;
        return true;
    }

    private static bool IsKatakana(char[] term, int length)
    {
        for (var i = 0; i < length; i++)
            if (term[i] is < '\u30A0' or > '\u30FF') return false;
        return true;
    }
}
