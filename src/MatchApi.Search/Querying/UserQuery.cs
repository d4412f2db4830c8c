using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Simple;
using Lucene.Net.Search;

namespace MatchApi.Search.Querying;

public enum ClauseKind { Word, Phrase, Excluded }

public sealed record QueryClause(ClauseKind Kind, string Text);

/// <summary>
/// The contract's query language, read by Lucene's <see cref="SimpleQueryParser"/> with only three operators on:
/// whitespace between words (all must match), "quoted phrases" (also 「」『』“”) and -excluded words. Every other
/// character is text, so nothing a user types reaches Lucene's query syntax; prefix (*), fuzzy (~), OR (|), AND (+),
/// grouping and escapes have no meaning.
/// </summary>
public static class UserQuery
{
    public const int MaxLength = 1000;

    /// <summary>Words and phrases beyond this many are ignored, so a pasted page cannot become an expensive query.</summary>
    public const int MaxClauses = 32;

    private const Operator Operators =
        Operator.WHITESPACE_OPERATOR | Operator.PHRASE_OPERATOR | Operator.NOT_OPERATOR;

    private const string WordMarker = "word", PhraseMarker = "phrase";

    public static IReadOnlyList<QueryClause> Parse(string text)
    {
        if (text.Length > MaxLength) text = text[..MaxLength];
        var query = new ClauseParser().Parse(new string(text.Select(SyntaxCharacter).ToArray()));
        var clauses = new List<QueryClause>();
        Collect(query, excluded: false, clauses);
        return clauses.Take(MaxClauses).ToList();
    }

    /// <summary>The spellings of the three operators that Japanese keyboards type: full-width space, quotes and minus.</summary>
    private static char SyntaxCharacter(char c) => c switch
    {
        '＂' or '「' or '」' or '『' or '』' or '“' or '”' => '"',
        '－' or '−' => '-',
        _ when char.IsWhiteSpace(c) => ' ',
        _ => c,
    };

    private static void Collect(Query? query, bool excluded, List<QueryClause> clauses)
    {
        switch (query)
        {
            case TermQuery leaf:
                var text = leaf.Term.Text.Trim();
                if (text.Length > 0)
                    clauses.Add(new QueryClause(excluded ? ClauseKind.Excluded : leaf.Term.Field == PhraseMarker ? ClauseKind.Phrase : ClauseKind.Word, text));
                break;
            case BooleanQuery boolean:
                // SimpleQueryParser writes -x as (MUST_NOT x, SHOULD *:*).
                var negated = boolean.Clauses.Count == 2 && boolean.Clauses.Any(c => c.Query is MatchAllDocsQuery);
                foreach (var clause in boolean.Clauses.Where(c => c.Query is not MatchAllDocsQuery))
                    Collect(clause.Query, excluded || (negated && clause.Occur == Occur.MUST_NOT), clauses);
                break;
        }
    }

    /// <summary>Records each word and phrase as it is read; what becomes of them is the planner's business.</summary>
    private sealed class ClauseParser() : SimpleQueryParser(new Lucene.Net.Analysis.Core.KeywordAnalyzer(), new Dictionary<string, float>(), Operators)
    {
        protected override Query NewDefaultQuery(string text) => new TermQuery(new Term(WordMarker, text));

        protected override Query NewPhraseQuery(string text, int slop) => new TermQuery(new Term(PhraseMarker, text));
    }
}
