using MatchApi.Search.Analysis;

namespace MatchApi.Search;

/// <summary>
/// The analysed user query as FTS5 expressions, one set per clause (a whitespace-separated word, a quoted phrase or an
/// excluded word). A word clause matches a document when enough of its content words (or their synonyms) are present
/// — all of them for one or two words, three in four for a sentence typed without spaces — or when the clause as a
/// whole matches: a synonym of the whole clause, or its characters as a run of bigrams. Verbs, adjectives, adverbs and
/// pronouns (取りたい, いい, どこ) only rank: they are rarely in the catalog's wording. A phrase clause needs its
/// tokens in order. Excluded clauses remove matches.
/// </summary>
internal sealed class QueryPlan
{
    /// <summary>
    /// One spelling of a unit, as morphological terms and as a bigram run. The user's own words need all their terms
    /// anywhere in a field; a synonym from the dictionary (臨床試験 for 治験) needs its terms in order, as a phrase.
    /// </summary>
    private sealed record Alternative(IReadOnlyList<string> Morph, IReadOnlyList<string> Bigrams, bool Phrase);

    /// <summary>
    /// The FTS5 expressions of one clause; Units are its required content words, one expression each.
    /// AsTyped matches only the user's own spelling, not the synonyms: for ranking exact words above their synonyms.
    /// </summary>
    internal sealed record Clause(string Text, IReadOnlyList<string> Units, IReadOnlyList<string> Optional, string? WholeMorph, string? WholeBigrams, bool Sentence, IReadOnlyList<string> AsTyped)
    {
        /// <summary>
        /// How many of the units a document needs: all the parts of a compound (プログラム医療機器), three in four of the
        /// content words of a sentence above two (Elasticsearch's minimum_should_match of 75%).
        /// </summary>
        public int MinimumUnits => !Sentence || Units.Count <= 2 ? Units.Count : Units.Count * 3 / 4;

        public IEnumerable<string> Expressions => Units.Concat(Optional).Append(WholeMorph).Append(WholeBigrams).OfType<string>();
    }

    private static readonly string[] RankingOnlyPartsOfSpeech = ["動詞", "形容詞", "副詞", "名詞-代名詞", "名詞-非自立"];

    public List<Clause> Required { get; } = [];
    public List<Clause> Excluded { get; } = [];

    /// <summary>Term sequences to highlight: each word of the user's text alone, each phrase or synonym as a whole.</summary>
    public HashSet<TermSequence> MorphSequences { get; } = [];

    /// <summary>Bigram runs to highlight; a bigram alternative only matches as a whole run.</summary>
    public HashSet<TermSequence> BigramSequences { get; } = [];

    public bool HasTerms => Required.Count > 0;

    /// <summary>Every expression of every required clause: for BM25 over all that a document matched.</summary>
    public string ScoringExpression => string.Join(" OR ", Required.SelectMany(c => c.Expressions).Distinct());

    /// <summary>The same for the words as typed, so a document with the user's own word ranks above one with a synonym.</summary>
    public string AsTypedScoringExpression => string.Join(" OR ", Required.SelectMany(c => c.AsTyped).Distinct());

    public static QueryPlan Build(IReadOnlyList<QueryClause> clauses, SqliteFtsSearchEngine engine, bool morphological)
    {
        var plan = new QueryPlan();
        var analysed = MergeMultiWordSynonyms(clauses, engine)
            .Select(clause => (clause, analysis: engine.AnalyzeField(clause.Text)))
            // With MeCab, a clause with no morphological term is only particles, symbols or stop words.
            .Where(c => morphological ? c.analysis.Morphological.Count > 0 : c.analysis.Bigrams.Count > 0)
            .ToList();
        // Verbs and adjectives rank only when the query has something else to match on.
        var hasContentWord = analysed.Any(c => c.clause.Kind == ClauseKind.Word && c.analysis.Morphological.Any(t => !IsRankingOnly(t)));

        foreach (var (clause, analysis) in analysed)
        {
            var quoted = clause.Kind == ClauseKind.Phrase;
            var units = new List<string>();
            var optional = new List<string>();
            var asTyped = new List<string>();
            if (!quoted)
                foreach (var token in analysis.Morphological)
                {
                    var alternatives = Alternatives(engine, token.Term, quoted: false);
                    if (MorphColumnsExpression(alternatives) is not { } unit) continue;
                    plan.Collect(alternatives);
                    (hasContentWord && IsRankingOnly(token) ? optional : units).Add(unit);
                    if (MorphColumnsExpression(alternatives.Take(1)) is { } typed) asTyped.Add(typed);
                }
            var whole = Alternatives(engine, clause.Text, quoted);
            plan.Collect(whole);
            if (MorphColumnsExpression(whole.Take(1)) is { } typedMorph) asTyped.Add(typedMorph);
            if (BigramColumnsExpression(whole.Take(1)) is { } typedBigrams) asTyped.Add(typedBigrams);
            var planned = new Clause(
                clause.Text,
                units.Distinct().ToList(),
                optional.Distinct().Except(units).ToList(),
                MorphColumnsExpression(whole),
                BigramColumnsExpression(whole),
                IsSentence(clause.Text, analysis.Morphological),
                asTyped.Distinct().ToList());
            (clause.Kind == ClauseKind.Excluded ? plan.Excluded : plan.Required).Add(planned);
        }
        return plan;
    }

    /// <summary>A sentence has words between its content words that the analysis dropped (particles, auxiliaries, する).</summary>
    private static bool IsSentence(string text, IReadOnlyList<Token> tokens)
    {
        var position = 0;
        foreach (var token in tokens.OrderBy(t => t.Start))
        {
            if (HasLetters(text, position, token.Start)) return true;
            position = Math.Max(position, token.End);
        }
        return HasLetters(text, position, text.Length);
    }

    private static bool HasLetters(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
            if (char.IsLetterOrDigit(text[i])) return true;
        return false;
    }

    private static bool IsRankingOnly(Token token) =>
        token.PartOfSpeech is { } pos && RankingOnlyPartsOfSpeech.Any(tag => pos == tag || pos.StartsWith(tag + "-", StringComparison.Ordinal));

    private void Collect(IEnumerable<Alternative> alternatives)
    {
        foreach (var a in alternatives)
        {
            if (a.Phrase) MorphSequences.Add(new TermSequence(a.Morph));
            else MorphSequences.UnionWith(a.Morph.Select(term => new TermSequence([term])));
            if (a.Bigrams.Count > 0) BigramSequences.Add(new TermSequence(a.Bigrams));
        }
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

    private static string? MorphColumnsExpression(IEnumerable<Alternative> alternatives) =>
        ColumnsExpression(SqliteFtsSearchEngine.MorphColumns, alternatives.Where(a => a.Morph.Count > 0).Select(MorphExpression));

    private static string? BigramColumnsExpression(IEnumerable<Alternative> alternatives) =>
        ColumnsExpression(SqliteFtsSearchEngine.BigramColumns, alternatives.Where(a => a.Bigrams.Count > 0).Select(a => Quote(a.Bigrams)));

    private static string? ColumnsExpression(string columns, IEnumerable<string> alternatives)
    {
        var distinct = alternatives.Distinct().ToList();
        return distinct.Count == 0 ? null : columns + " : (" + string.Join(" OR ", distinct) + ")";
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
