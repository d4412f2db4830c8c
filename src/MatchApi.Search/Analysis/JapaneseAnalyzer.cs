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
            var token = new Token(m.Surface, text.Original[start..end], m.BaseForm, m.PartOfSpeech, start, end);
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
                var run = new List<int>();
                while (i < s.Length && IsCjk(s[i]))
                {
                    run.Add(i++);
                    if (i + 1 < s.Length && s[i] == MiddleDot && KatakanaStemFilter.IsKatakana(s[i - 1]) && KatakanaStemFilter.IsKatakana(s[i + 1])) i++;
                }
                if (run.Count == 1) Add(tokens, text, run[0], run[0] + 1, s[run[0]..(run[0] + 1)]);
                for (var k = 0; k + 1 < run.Count; k++) Add(tokens, text, run[k], run[k + 1] + 1, string.Concat(s[run[k]], s[run[k + 1]]));
            }
            else if (char.IsLetterOrDigit(s[i]))
            {
                var runStart = i;
                while (i < s.Length && char.IsLetterOrDigit(s[i]) && !IsCjk(s[i])) i++;
                Add(tokens, text, runStart, i, s[runStart..i]);
            }
            else i++;
        }
        return tokens;
    }

    /// <summary>
    /// ・ joins the katakana parts of a name (ジャパン・ヘルスケア) and is as often left out: between katakana it is skipped,
    /// so both spellings give the same bigrams.
    /// </summary>
    private const char MiddleDot = '・';

    public static bool IsCjk(char c) =>
        c != MiddleDot && c is >= '\u3040' and <= '\u30FF'   // hiragana, katakana (with ー)
          or >= '\u3400' and <= '\u4DBF'   // CJK extension A
          or >= '\u4E00' and <= '\u9FFF'   // CJK unified ideographs
          or >= '\uF900' and <= '\uFAFF'   // compatibility ideographs
          or '々' or '〆';

    private static void Add(List<Token> tokens, NormalizedText text, int start, int end, string term)
    {
        var (originalStart, originalEnd) = text.OriginalSpan(start, end);
        tokens.Add(new Token(term, text.Original[originalStart..originalEnd], null, null, originalStart, originalEnd));
    }
}
