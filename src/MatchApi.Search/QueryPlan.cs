namespace MatchApi.Search;

/// <summary>
/// The analysed user query as FTS5 expressions. A word clause matches when every one of its morphological tokens
/// (or a synonym of that token) is present, or its characters appear as a run of bigrams, or a synonym of the whole
/// clause matches. A phrase clause needs its tokens in order. Excluded clauses remove matches.
/// </summary>
internal sealed class QueryPlan
{
    /// <summary>
    /// One spelling of a unit, as morphological terms and as a bigram run. The user's own words need all their terms
    /// anywhere in a field; a synonym from the dictionary (臨床試験 for 治験) needs its terms in order, as a phrase.
    /// </summary>
    private sealed record Alternative(IReadOnlyList<string> Morph, IReadOnlyList<string> Bigrams, bool Phrase);

    private sealed record Clause(IReadOnlyList<IReadOnlyList<Alternative>> Units, IReadOnlyList<Alternative> Whole, bool Phrase);

    private readonly List<Clause> _required = [];
    private readonly List<Clause> _excluded = [];

    /// <summary>Term sequences to highlight: each word of the user's text alone, each phrase or synonym as a whole.</summary>
    public HashSet<TermSequence> MorphSequences { get; } = [];

    /// <summary>Bigram runs to highlight; a bigram alternative only matches as a whole run.</summary>
    public HashSet<TermSequence> BigramSequences { get; } = [];
    public bool HasTerms => _required.Count > 0;

    public static QueryPlan Build(IReadOnlyList<QueryClause> clauses, SqliteFtsSearchEngine engine, bool morphological)
    {
        var plan = new QueryPlan();
        foreach (var clause in MergeMultiWordSynonyms(clauses, engine))
        {
            var analysis = engine.AnalyzeField(clause.Text);
            // With MeCab, a clause with no morphological term is only particles, symbols or stop words.
            if (morphological ? analysis.Morphological.Count == 0 : analysis.Bigrams.Count == 0) continue;

            var quoted = clause.Kind == ClauseKind.Phrase;
            var units = quoted
                ? []
                : analysis.Morphological.Select(token => (IReadOnlyList<Alternative>)Alternatives(engine, token.Term, quoted: false)
                    .Where(a => a.Morph.Count > 0).ToList()).ToList();
            var whole = Alternatives(engine, clause.Text, quoted);
            var planned = new Clause(units, whole, quoted);

            if (clause.Kind == ClauseKind.Excluded) { plan._excluded.Add(planned); continue; }
            plan._required.Add(planned);
            foreach (var a in whole.Concat(units.SelectMany(u => u)))
            {
                if (a.Phrase) plan.MorphSequences.Add(new TermSequence(a.Morph));
                else plan.MorphSequences.UnionWith(a.Morph.Select(term => new TermSequence([term])));
                if (a.Bigrams.Count > 0) plan.BigramSequences.Add(new TermSequence(a.Bigrams));
            }
        }
        return plan;
    }

    /// <summary>An FTS5 expression: clauses joined by AND (all) or OR (any); null when nothing can match.</summary>
    public string? Expression(bool all, bool morphOnly)
    {
        var required = _required.Select(c => ClauseExpression(c, all, morphOnly)).ToList();
        if (all && required.Any(r => r is null)) return null;
        var present = required.OfType<string>().ToList();
        if (present.Count == 0) return null;
        var expression = "(" + string.Join(all ? " AND " : " OR ", present) + ")";
        foreach (var excluded in _excluded.Select(c => ClauseExpression(c, all: true, morphOnly: false)).OfType<string>())
            expression += " NOT " + excluded;
        return expression;
    }

    /// <summary>"deep tech" typed as two words is one synonym entry: join adjacent words when the pair is one.</summary>
    private static IEnumerable<QueryClause> MergeMultiWordSynonyms(IReadOnlyList<QueryClause> clauses, SqliteFtsSearchEngine engine)
    {
        for (var i = 0; i < clauses.Count; i++)
        {
            if (i + 1 < clauses.Count && clauses[i].Kind == ClauseKind.Word && clauses[i + 1].Kind == ClauseKind.Word)
            {
                var joined = clauses[i].Text + " " + clauses[i + 1].Text;
                if (engine.Expand(joined).Count > 1)
                {
                    yield return new QueryClause(ClauseKind.Word, joined);
                    i++;
                    continue;
                }
            }
            yield return clauses[i];
        }
    }

    /// <summary>The text as typed, then each synonym the dictionary lists for it.</summary>
    private static List<Alternative> Alternatives(SqliteFtsSearchEngine engine, string text, bool quoted) =>
        engine.Expand(text).Select((spelling, index) =>
        {
            var analysis = engine.AnalyzeField(spelling);
            return new Alternative(analysis.Morphological.Select(t => t.Term).ToList(), analysis.Bigrams.Select(t => t.Term).ToList(), quoted || index > 0);
        }).ToList();

    private static string? ClauseExpression(Clause clause, bool all, bool morphOnly)
    {
        var parts = new List<string>();
        if (clause.Units.Count > 0)
        {
            var units = clause.Units.Where(u => u.Count > 0).Select(u => "(" + string.Join(" OR ", u.Select(MorphExpression)) + ")").ToList();
            if (units.Count > 0 && (!all || units.Count == clause.Units.Count))
                parts.Add(SqliteFtsSearchEngine.MorphColumns + " : (" + string.Join(all ? " AND " : " OR ", units) + ")");
        }
        foreach (var a in clause.Whole)
        {
            if (a.Morph.Count > 0)
                parts.Add(SqliteFtsSearchEngine.MorphColumns + " : " + MorphExpression(a));
            if (!morphOnly && a.Bigrams.Count > 0)
                parts.Add(SqliteFtsSearchEngine.BigramColumns + " : " + Quote(a.Bigrams));
        }
        return parts.Count == 0 ? null : "(" + string.Join(" OR ", parts.Distinct()) + ")";
    }

    private static string MorphExpression(Alternative a) =>
        a.Phrase ? Quote(a.Morph) : "(" + string.Join(" AND ", a.Morph.Select(t => Quote([t]))) + ")";

    /// <summary>An FTS5 string (a phrase of its space-separated terms); quotes are doubled, nothing else is syntax inside.</summary>
    private static string Quote(IEnumerable<string> terms) => "\"" + string.Join(' ', terms).Replace("\"", "\"\"") + "\"";
}

/// <summary>Consecutive morphological terms, compared by value.</summary>
internal sealed record TermSequence(IReadOnlyList<string> Terms)
{
    public bool Equals(TermSequence? other) => other is not null && Terms.SequenceEqual(other.Terms);
    public override int GetHashCode() => Terms.Aggregate(0, (hash, term) => HashCode.Combine(hash, term));
}
