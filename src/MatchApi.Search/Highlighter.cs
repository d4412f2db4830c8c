using System.Net;
using System.Text;
using MatchApi.Search.Analysis;

namespace MatchApi.Search;

/// <summary>Builds an HTML-escaped snippet of a field with &lt;mark&gt; around the original text of matched tokens.</summary>
internal static class Highlighter
{
    private const int Before = 30;
    private const int Length = 120;

    public static string? Snippet(string text, SqliteFtsSearchEngine.FieldAnalysis analysis, IReadOnlySet<TermSequence> morphSequences, IReadOnlySet<TermSequence> bigramSequences)
    {
        var ranges = SequenceRanges(analysis.Morphological, morphSequences);
        if (ranges.Count == 0)
            ranges = SequenceRanges(analysis.Bigrams, bigramSequences);
        if (ranges.Count == 0) return null;

        var merged = Merge(ranges);
        var start = Math.Max(0, merged[0].Start - Before);
        var end = Math.Min(text.Length, start + Length);
        if (char.IsLowSurrogate(text[start])) start--;
        if (end < text.Length && char.IsLowSurrogate(text[end])) end++;

        var html = new StringBuilder();
        if (start > 0) html.Append('…');
        var position = start;
        foreach (var (s, e) in merged.Where(r => r.End > start && r.Start < end))
        {
            var from = Math.Max(s, start);
            var to = Math.Min(e, end);
            html.Append(WebUtility.HtmlEncode(text[position..from]));
            html.Append("<mark>").Append(WebUtility.HtmlEncode(text[from..to])).Append("</mark>");
            position = to;
        }
        html.Append(WebUtility.HtmlEncode(text[position..end]));
        if (end < text.Length) html.Append('…');
        return html.ToString();
    }

    private static List<(int Start, int End)> SequenceRanges(IReadOnlyList<Token> tokens, IReadOnlySet<TermSequence> sequences)
    {
        var ranges = new List<(int Start, int End)>();
        for (var i = 0; i < tokens.Count; i++)
            foreach (var sequence in sequences)
            {
                var length = sequence.Terms.Count;
                if (length == 0 || i + length > tokens.Count) continue; // an empty sequence marks nothing (and has no last token)
                var matches = true;
                for (var k = 0; k < length && matches; k++) matches = tokens[i + k].Term == sequence.Terms[k];
                if (matches) ranges.Add((tokens[i].Start, tokens[i + length - 1].End));
            }
        return ranges;
    }

    private static List<(int Start, int End)> Merge(List<(int Start, int End)> ranges)
    {
        var merged = new List<(int Start, int End)>();
        foreach (var r in ranges.OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && r.Start <= merged[^1].End) merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, r.End));
            else merged.Add(r);
        }
        return merged;
    }
}
