using System.Text;

namespace MatchApi.Search.Analysis;

/// <summary>
/// Text after character normalisation, with the span of the original text each normalised character came from,
/// so tokens found in the normalised text can be marked in the original.
/// </summary>
public sealed class NormalizedText
{
    private NormalizedText(string original, string text, int[] starts, int[] ends)
    {
        Original = original;
        Text = text;
        _starts = starts;
        _ends = ends;
    }

    private readonly int[] _starts;
    private readonly int[] _ends;

    public string Original { get; }
    public string Text { get; }

    /// <summary>The original span [start, end) of normalised characters [start, end).</summary>
    public (int Start, int End) OriginalSpan(int start, int end) =>
        end <= start ? (_starts.Length > start ? _starts[start] : Original.Length, _starts.Length > start ? _starts[start] : Original.Length)
                     : (_starts[start], _ends[end - 1]);

    /// <summary>
    /// NFKC (full-width Latin and digits, half-width katakana, Kangxi radicals), the look-alikes NFKC leaves
    /// (<see cref="CharacterFolding"/>), and lower-casing; lone surrogates and control characters become spaces.
    /// </summary>
    public static NormalizedText From(string original)
    {
        var text = new StringBuilder(original.Length);
        var starts = new List<int>(original.Length);
        var ends = new List<int>(original.Length);
        var i = 0;
        while (i < original.Length)
        {
            var length = UnitLength(original, i);
            var unit = original.Substring(i, length);
            var folded = Fold(unit);
            foreach (var c in folded)
            {
                text.Append(c);
                starts.Add(i);
                ends.Add(i + length);
            }
            i += length;
        }
        return new NormalizedText(original, text.ToString(), [.. starts], [.. ends]);
    }

    /// <summary>A character, a surrogate pair, or a half-width kana with its voicing mark (ｶﾞ), which NFKC must see together.</summary>
    private static int UnitLength(string s, int i)
    {
        if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) return 2;
        if (i + 1 < s.Length && s[i + 1] is '\uFF9E' or '\uFF9F' or '\u3099' or '\u309A') return 2;
        return 1;
    }

    private static string Fold(string unit)
    {
        if (unit.Length == 1 && (char.IsSurrogate(unit[0]) || char.IsControl(unit[0]))) return " ";
        if (CharacterFolding.Map.TryGetValue(unit, out var mapped)) return mapped;
        var nfkc = unit.Normalize(NormalizationForm.FormKC);
        if (nfkc.Length == 1 && CharacterFolding.Map.TryGetValue(nfkc, out mapped)) return mapped;
        return nfkc.ToLowerInvariant();
    }
}

/// <summary>What NFKC leaves that users and PDF extractions still mix up.</summary>
public static class CharacterFolding
{
    public static readonly IReadOnlyDictionary<string, string> Map = new Dictionary<string, string>
    {
        // CJK Radicals Supplement look-alikes (NFKC maps only a few of them).
        ["⺠"] = "民", ["⻑"] = "長", ["⻄"] = "西", ["⻤"] = "鬼", ["⻘"] = "青", ["⻝"] = "食", ["⺟"] = "母",
        ["⻩"] = "黄", ["⻲"] = "亀", ["⻆"] = "角", ["⻌"] = "辶", ["⺅"] = "亻", ["⻖"] = "阝", ["⺾"] = "艹",
        ["⻞"] = "食", ["⺬"] = "示", ["⺯"] = "糸", ["⻍"] = "辶", ["⺓"] = "幺", ["⻊"] = "足",
        // Variant forms written both ways in official names.
        ["靭"] = "靱",
        // The dash family, and the tildes used for ranges (令和4年度～令和11年度).
        ["‐"] = "-", ["‑"] = "-", ["‒"] = "-", ["–"] = "-", ["—"] = "-", ["―"] = "-", ["−"] = "-", ["－"] = "-", ["⁃"] = "-",
        ["～"] = "~", ["〜"] = "~", ["∼"] = "~",
        // Middle dots used between words of an official name.
        ["･"] = "・", ["·"] = "・", ["•"] = "・",
    };
}
