namespace MatchApi.Search.Analysis;

/// <summary>
/// The morphological representation: normalise → MeCab → part-of-speech stop → base form → katakana stem → stop words.
/// Without MeCab it produces nothing and search runs on <see cref="CjkBigramAnalyzer"/> alone.
/// </summary>
public sealed class JapaneseAnalyzer(MeCab? mecab)
{
    public bool IsAvailable => mecab is not null;

    public IReadOnlyList<Token> Analyze(NormalizedText text)
    {
        if (mecab is null) return [];
        var tokens = new List<Token>();
        foreach (var m in mecab.Parse(text.Text))
        {
            var (start, end) = text.OriginalSpan(m.Start, m.End);
            var token = new Token(m.Surface, m.Surface, m.BaseForm, m.PartOfSpeech, start, end);
            if (!PartOfSpeechStopFilter.Keep(token)) continue;
            token = KatakanaStemFilter.Apply(BaseFormFilter.Apply(token));
            if (!StopWordFilter.Keep(token) || string.IsNullOrWhiteSpace(token.Term)) continue;
            tokens.Add(token);
        }
        return tokens;
    }
}

/// <summary>
/// The recall representation: overlapping character bigrams over runs of CJK characters (a lone CJK character
/// stays a unigram), and Latin/digit runs as whole words — as Lucene's CJKBigramFilter does.
/// </summary>
public static class CjkBigramAnalyzer
{
    public static IReadOnlyList<Token> Analyze(NormalizedText text)
    {
        var tokens = new List<Token>();
        var s = text.Text;
        var i = 0;
        while (i < s.Length)
        {
            if (IsCjk(s[i]))
            {
                var runStart = i;
                while (i < s.Length && IsCjk(s[i])) i++;
                if (i - runStart == 1) Add(tokens, text, runStart, i);
                for (var k = runStart; k + 1 < i; k++) Add(tokens, text, k, k + 2);
            }
            else if (char.IsLetterOrDigit(s[i]))
            {
                var runStart = i;
                while (i < s.Length && char.IsLetterOrDigit(s[i]) && !IsCjk(s[i])) i++;
                Add(tokens, text, runStart, i);
            }
            else i++;
        }
        return tokens;
    }

    public static bool IsCjk(char c) =>
        c is >= '\u3040' and <= '\u30FF'   // hiragana, katakana (with ー)
          or >= '\u3400' and <= '\u4DBF'   // CJK extension A
          or >= '\u4E00' and <= '\u9FFF'   // CJK unified ideographs
          or >= '\uF900' and <= '\uFAFF'   // compatibility ideographs
          or '々' or '〆';

    private static void Add(List<Token> tokens, NormalizedText text, int start, int end)
    {
        var (originalStart, originalEnd) = text.OriginalSpan(start, end);
        var term = text.Text[start..end];
        tokens.Add(new Token(term, text.Original[originalStart..originalEnd], null, null, originalStart, originalEnd));
    }
}
