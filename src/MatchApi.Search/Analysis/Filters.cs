namespace MatchApi.Search.Analysis;

/// <summary>A morphological token moving through the filter chain; Term is what gets indexed.</summary>
public sealed record Token(string Term, string Surface, string? BaseForm, string? PartOfSpeech, int Start, int End);

/// <summary>Drops particles, auxiliary verbs, symbols and the like (Lucene's JapanesePartOfSpeechStopFilter).</summary>
public static class PartOfSpeechStopFilter
{
    private static readonly string[] StopTags =
        ["助詞", "助動詞", "記号", "フィラー", "接続詞", "感動詞", "連体詞", "その他", "非言語音"];

    /// <summary>IPADIC tags some punctuation (e.g. "!") as nouns, so a token with no letter or digit counts as a symbol too.</summary>
    public static bool Keep(Token token) =>
        token.Term.Any(char.IsLetterOrDigit) &&
        (token.PartOfSpeech is not { } pos || !StopTags.Any(tag => pos == tag || pos.StartsWith(tag + "-", StringComparison.Ordinal)));
}

/// <summary>Indexes the dictionary form (行っ → 行う), as Lucene's JapaneseBaseFormFilter does.</summary>
public static class BaseFormFilter
{
    public static Token Apply(Token token) =>
        token.BaseForm is { Length: > 0 } baseForm ? token with { Term = baseForm } : token;
}

/// <summary>Strips a trailing prolonged sound mark from katakana words of four or more characters (ヘルスケアー → ヘルスケア).</summary>
public static class KatakanaStemFilter
{
    public const int MinimumLength = 4;

    public static Token Apply(Token token) =>
        token.Term.Length >= MinimumLength && token.Term.EndsWith('ー') && token.Term.All(IsKatakana)
            ? token with { Term = token.Term.TrimEnd('ー') }
            : token;

    internal static bool IsKatakana(char c) => c is >= '\u30A0' and <= '\u30FF';
}

/// <summary>Words too common in this domain's prose to tell schemes apart (like Lucene's Japanese stop words).</summary>
public static class StopWordFilter
{
    private static readonly HashSet<string> StopWords =
    [
        "する", "ある", "いる", "なる", "れる", "られる", "できる", "こと", "もの", "ため", "よう", "これ", "それ", "あれ",
        "ところ", "とき", "など", "等", "的", "化", "さ", "の", "ん", "よる", "おく", "くる", "いう", "いく", "向け", "向き", "段階", "場合",
    ];

    public static bool Keep(Token token) => !StopWords.Contains(token.Term);
}
