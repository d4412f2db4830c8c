using System.Text;

namespace MatchApi.Search;

public enum ClauseKind { Word, Phrase, Excluded }

public sealed record QueryClause(ClauseKind Kind, string Text);

/// <summary>
/// The user query language: words (all must match), "quoted phrases" (also 「」 and “”), and -excluded words.
/// Anything else is text: operators and FTS syntax have no meaning here.
/// </summary>
public static class QueryParser
{
    public static IReadOnlyList<QueryClause> Parse(string query)
    {
        if (query.Length > SqliteFtsSearchEngine.MaxQueryLength) query = query[..SqliteFtsSearchEngine.MaxQueryLength];
        var clauses = new List<QueryClause>();
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var close = ClosingQuote(c);
            if (close is not null)
            {
                var end = query.IndexOf(close.Value, i + 1);
                if (end < 0) end = query.Length;
                Add(clauses, ClauseKind.Phrase, query[(i + 1)..end]);
                i = end + 1;
                continue;
            }
            var excluded = (c is '-' or '－' or '−') && i + 1 < query.Length && !char.IsWhiteSpace(query[i + 1]);
            var start = excluded ? i + 1 : i;
            var stop = start;
            while (stop < query.Length && !char.IsWhiteSpace(query[stop]) && ClosingQuote(query[stop]) is null) stop++;
            Add(clauses, excluded ? ClauseKind.Excluded : ClauseKind.Word, query[start..stop]);
            i = Math.Max(stop, i + 1);
        }
        return clauses;
    }

    private static char? ClosingQuote(char c) => c switch
    {
        '"' or '＂' => c,
        '「' => '」',
        '“' => '”',
        '『' => '』',
        _ => null,
    };

    private static void Add(List<QueryClause> clauses, ClauseKind kind, string text)
    {
        if (!string.IsNullOrWhiteSpace(text)) clauses.Add(new QueryClause(kind, text.Trim()));
    }
}
