using System.Globalization;
using System.Text.RegularExpressions;
using MatchApi.Search.Analysis.Filters;

namespace MatchApi.Search.Querying;

/// <summary>
/// An amount typed with a bound after it (1億円以上, 5,000万円まで, 3億円未満): the range of yen it asks for, read from the
/// user's text right after the amount's value term (まで is a particle, gone from the analysis).
/// </summary>
internal sealed record AmountBound(long? Low, long? High)
{
    /// <summary>Below this a number is a count or a year (3件以上, 2025年度以降), not an amount of money.</summary>
    public const long SmallestAmount = 10_000;

    private static readonly Regex Bound = new(@"\G\s*円?\s*(?<bound>以上|以下|未満|超え|超|を超える|を上回る|まで|迄)", RegexOptions.Compiled);

    public static AmountBound? After(string text, QueryToken token)
    {
        if (token.PartOfSpeech != NumberFilter.NumberTag || !long.TryParse(token.Term, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value < SmallestAmount || token.End > text.Length) return null;
        var match = Bound.Match(text, token.End);
        if (!match.Success) return null;
        return match.Groups["bound"].Value switch
        {
            "以上" => new AmountBound(value, null),
            "以下" or "まで" or "迄" => new AmountBound(null, value),
            "未満" => new AmountBound(null, value - 1),
            _ => new AmountBound(value + 1, null),
        };
    }
}
