namespace MatchApi.Search;

/// <summary>
/// The analysed user query as FTS5 expressions. A word clause matches when every one of its morphological tokens
/// (or a synonym of that token) is present, or its characters appear as a run of bigrams, or a synonym of the whole
/// clause matches. A phrase clause needs its tokens in order. Excluded clauses remove matches.
/// </summary>
internal sealed class QueryPlan
{
    /// <summary>Equivalent spellings of one unit, each as morphological terms (all required) and as a bigram run.</summary>
    private sealed record Alternative(IReadOnlyList<string> Morph, IReadOnlyList<string> Bigrams);

    private sealed record Clause(IReadOnlyList<IReadOnlyList<Alternative>> Units, IReadOnlyList<Alternative> Whole, bool Phrase);

    private readonly List<Clause> _required = [];
    private readonly List<Clause> _excluded = [];

    public HashSet<string> MorphTerms { get; } = [];
    public HashSet<string> BigramTerms { get; } = [];
    public bool HasTerms => _required.Count > 0;

    public static QueryPlan Build(IReadOnlyList<QueryClause> clauses, SqliteFtsSearchEngine engine, bool morphological)
    {
        var plan = new QueryPlan();
        foreach (var clause in MergeMultiWordSynonyms(clauses, engine))
        {
            var analysis = engine.AnalyzeField(clause.Text);
            // With MeCab, a clause with no morphological term is only particles, symbols or stop words.
            if (morphological ? analysis.Morphological.Count == 0 : analysis.Bigrams.Count == 0) continue;

            var units = clause.Kind == ClauseKind.Phrase
                ? []
                : analysis.Morphological.Select(token => (IReadOnlyList<Alternative>)engine.Expand(token.Term)
                    .Select(text => Analyse(engine, text)).Where(a => a.Morph.Count > 0).ToList()).ToList();
            var whole = engine.Expand(clause.Text).Select(text => Analyse(engine, text)).ToList();
            var planned = new Clause(units, whole, clause.Kind == ClauseKind.Phrase);

            if (clause.Kind == ClauseKind.Excluded) { plan._excluded.Add(planned); continue; }
            plan._required.Add(planned);
            foreach (var a in whole.Concat(units.SelectMany(u => u)))
            {
                plan.MorphTerms.UnionWith(a.Morph);
                plan.BigramTerms.UnionWith(a.Bigrams);
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

    private static Alternative Analyse(SqliteFtsSearchEngine engine, string text)
    {
        var analysis = engine.AnalyzeField(text);
        return new Alternative(analysis.Morphological.Select(t => t.Term).ToList(), analysis.Bigrams.Select(t => t.Term).ToList());
    }

    private static string? ClauseExpression(Clause clause, bool all, bool morphOnly)
    {
        var parts = new List<string>();
        if (clause.Units.Count > 0)
        {
            var units = clause.Units.Where(u => u.Count > 0).Select(u => "(" + string.Join(" OR ", u.Select(a => MorphAnd(a.Morph))) + ")").ToList();
            if (units.Count > 0 && (!all || units.Count == clause.Units.Count))
                parts.Add(SqliteFtsSearchEngine.MorphColumns + " : (" + string.Join(all ? " AND " : " OR ", units) + ")");
        }
        foreach (var a in clause.Whole)
        {
            if (a.Morph.Count > 0)
                parts.Add(SqliteFtsSearchEngine.MorphColumns + " : " + (clause.Phrase ? Quote(a.Morph) : MorphAnd(a.Morph)));
            if (!morphOnly && a.Bigrams.Count > 0)
                parts.Add(SqliteFtsSearchEngine.BigramColumns + " : " + Quote(a.Bigrams));
        }
        return parts.Count == 0 ? null : "(" + string.Join(" OR ", parts.Distinct()) + ")";
    }

    private static string MorphAnd(IReadOnlyList<string> terms) => "(" + string.Join(" AND ", terms.Select(t => Quote([t]))) + ")";

    /// <summary>An FTS5 string (a phrase of its space-separated terms); quotes are doubled, nothing else is syntax inside.</summary>
    private static string Quote(IEnumerable<string> terms) => "\"" + string.Join(' ', terms).Replace("\"", "\"\"") + "\"";
}
