using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using MatchApi.Search.Analysis;
using MatchApi.Search.Indexing;

namespace MatchApi.Search.Querying;

/// <summary>
/// A planned clause: what a document needs to match it, the same matches scored more cheaply for the first pass of a
/// ranked search, and what counts as touching it in the any-word fallback.
/// </summary>
internal sealed record PlannedClause(string Text, Query Matching, Query FirstPass, Query Touching);

/// <summary>The user's query as Lucene queries: every clause required (all words), or any clause (the fallback).</summary>
internal sealed class PlannedQuery
{
    public PlannedQuery(IReadOnlyList<PlannedClause> required, IReadOnlyList<Query> rankingOnly, IReadOnlyList<Query> excluded, IReadOnlyList<Query> proximity)
    {
        Required = required;
        Matching = Combine(Occur.MUST, required.Select(c => c.Matching), rankingOnly, excluded);
        AnyTerm = Combine(Occur.SHOULD, required.Select(c => c.Touching), [], excluded);
        var cheaper = required.Any(c => !ReferenceEquals(c.FirstPass, c.Matching));
        FirstPass = cheaper ? Combine(Occur.MUST, required.Select(c => c.FirstPass), rankingOnly, excluded) : Matching;
        if (proximity.Count == 0)
        {
            AllTerms = Matching;
            return;
        }
        var bonuses = new BooleanQuery(disableCoord: true);
        foreach (var bonus in proximity) bonuses.Add(bonus, Occur.SHOULD);
        AllTerms = new BooleanQuery(disableCoord: true) { { Matching, Occur.MUST }, { bonuses, Occur.SHOULD } };
    }

    public IReadOnlyList<PlannedClause> Required { get; }

    public bool HasTerms => Required.Count > 0;

    /// <summary>Every clause, exclusions applied: what decides the match, and its score before proximity.</summary>
    public Query Matching { get; }

    /// <summary>
    /// <see cref="Matching"/> with adjacent clauses found next to each other on top (summed: they only rank, never decide
    /// the match): the score of every match, and what the highlighter marks.
    /// </summary>
    public Query AllTerms { get; }

    /// <summary>
    /// The matches of <see cref="Matching"/>, scored without the proximity bonuses and without a clause's whole forms where
    /// its words match (<see cref="WordsFirstQuery"/>); the same object as <see cref="AllTerms"/> when that leaves nothing out.
    /// </summary>
    public Query FirstPass { get; }

    /// <summary>What scores the first pass's best matches again: <see cref="AllTerms"/>, or null when the first pass already is it.</summary>
    public Query? Rescoring => ReferenceEquals(FirstPass, AllTerms) ? null : AllTerms;

    /// <summary>Any clause, scored with the share of clauses matched (the similarity's coord), so schemes touching more of them come first.</summary>
    public Query AnyTerm { get; }

    /// <param name="rankingOnly">Clauses that add to the score of what the others match (empty for the fallback, whose coord is the share of clauses matched).</param>
    private static Query Combine(Occur occur, IEnumerable<Query> clauses, IReadOnlyList<Query> rankingOnly, IReadOnlyList<Query> excluded)
    {
        var query = new BooleanQuery(disableCoord: occur == Occur.MUST);
        foreach (var clause in clauses) query.Add(clause, occur);
        foreach (var clause in rankingOnly) query.Add(clause, Occur.SHOULD);
        foreach (var exclusion in excluded) query.Add(exclusion, Occur.MUST_NOT);
        return query;
    }
}

/// <summary>
/// Turns user text into Lucene queries, clause by clause (a whitespace-separated word, a quoted phrase, an excluded
/// word). A word clause matches a document that has enough of its content words — all of them for one or two words,
/// three in four for a sentence typed without spaces — or the clause as a whole: a synonym of the whole clause, or its
/// characters as a run of bigrams. Each content word also matches through its synonyms (as phrases, at half weight,
/// so the user's own word ranks first). Verbs, adjectives and pronouns (Resources/rankingtags.txt) and the request's
/// own wording (制度, 方法, "want": Resources/rankingwords.txt) only rank. An amount with a bound (1億円以上) also
/// matches a document's amount inside it. Words typed in Latin script as a sentence are one clause of three in four
/// (<see cref="SentenceQuery"/>). A phrase clause needs its words in order; an excluded clause removes what it matches.
/// </summary>
internal sealed class QueryPlanner(Analyzer? morphological, Analyzer bigrams, SynonymDictionary? morphSynonyms, SynonymDictionary bigramSynonyms)
{
    /// <summary>A synonym counts this much of the user's own word (Elasticsearch users know it as a lower synonym boost).</summary>
    public const float SynonymWeight = 0.5f;

    /// <summary>A ranking-only word counts this much of a content word.</summary>
    public const float RankingOnlyWeight = 0.5f;

    /// <summary>Of the other fields a word matches in, this share adds to the best field's score (dis_max tie_breaker).</summary>
    public const float FieldTieBreaker = 0.3f;

    /// <summary>
    /// A clause that is a scheme's exact name or alias adds this much to its words' score: an old programme's name typed
    /// in full finds the programme itself above a successor listing that name among its keywords.
    /// </summary>
    public const float ExactNameBoost = 20f;

    /// <summary>A document's amount inside a typed bound (1億円以上) scores this much, constant, beside the amount's own term.</summary>
    public const float AmountInRangeWeight = 1f;

    /// <summary>Two adjacent clauses found within this many positions of each other (上限 7千万円 in 上限7,000万円) score as a phrase.</summary>
    public const int ProximitySlop = 2;

    /// <summary>A pair of adjacent clauses found together counts this much of the same words in a field.</summary>
    public const float ProximityWeight = 0.5f;

    /// <summary>Only the first pairs of a long query are looked for together.</summary>
    public const int MaxProximityPairs = 8;

    /// <summary>Content words per query beyond this many are left out: the query stays cheap whatever is pasted.</summary>
    public const int MaxWords = 64;

    /// <summary>A clause longer than this many bigrams is not also searched as one run of characters.</summary>
    public const int MaxBigramRun = 32;

    /// <summary>The word fields, each with its weight.</summary>
    private static readonly IReadOnlyList<(string Field, float Boost)> WordFields = IndexFields.Texts.Select(f => (f.Morph, f.MorphBoost)).ToList();

    /// <summary>Bigrams are searched in the one field of all texts beside the words; alone (without MeCab), field by field with the fields' weights.</summary>
    private IReadOnlyList<(string Field, float Boost)> BigramFields { get; } = morphological is not null
        ? [(IndexFields.AllBigrams, IndexFields.AllBigramsBoost)]
        : IndexFields.Texts.Select(f => (f.Bigram, f.BigramBoost)).ToList();

    public PlannedQuery Plan(string text)
    {
        var budget = new WordBudget();
        var required = new List<PlannedClause>();
        var rankingOnly = new List<Query>();
        var excluded = new List<Query>();
        var typed = UserQuery.Parse(text).Select(c => (c, Morph(c.Text))).ToList();
        var clauses = MergeMultiWordSynonyms(typed)
            .Select(c => (clause: c.Clause, morph: c.Morph, bigram: QueryTokens.Of(bigrams, "", c.Clause.Text)))
            // With MeCab, a clause with no morphological term is only particles, symbols or stop words.
            .Where(c => morphological is not null ? c.morph.Count > 0 : c.bigram.Count > 0)
            .ToList();
        var proximity = clauses
            .Zip(clauses.Skip(1), (a, b) => (a, b))
            .Where(p => p.a.clause.Kind != ClauseKind.Excluded && p.b.clause.Kind != ClauseKind.Excluded && p.a.morph.Count > 0 && p.b.morph.Count > 0)
            .Take(MaxProximityPairs)
            .Select(p => Together(p.a.morph, p.b.morph))
            .ToList();
        var hasContentWord = clauses.Any(c => c.clause.Kind == ClauseKind.Phrase || c.clause.Kind == ClauseKind.Word && c.morph.Any(t => !t.IsRankingOnly));

        foreach (var (clause, morph, bigram) in clauses)
        {
            var whole = Whole(morph, bigram, typedMorphAsPhrase: clause.Kind != ClauseKind.Word).ToList();
            switch (clause.Kind)
            {
                case ClauseKind.Excluded:
                    excluded.Add(Any(whole.Append(AllWords(morph))));
                    break;
                case ClauseKind.Phrase:
                    var phrase = Any(whole);
                    var exact = WithExactNameBonus(phrase, clause.Text);
                    required.Add(new PlannedClause(clause.Text, exact, exact, phrase));
                    break;
                default:
                    var content = morph.Where(t => !(hasContentWord && t.IsRankingOnly)).ToList();
                    var optional = morph.Except(content).ToList();
                    if (content.Count == 0 && optional.Count > 0)
                    {
                        // "want" or 方法 typed as a word of its own ranks what the other clauses match.
                        var ranking = optional.Select(t => Unit(t, RankingOnlyWeight, budget)).OfType<PlannedUnit>().Distinct().Select(u => u.Matching).ToList();
                        if (ranking.Count > 0) rankingOnly.Add(Any(ranking));
                        continue;
                    }
                    var units = content.Select(t => Unit(t, 1f, budget, AmountBound.After(clause.Text, t))).OfType<PlannedUnit>().Distinct().ToList();
                    var extras = optional.Select(t => Unit(t, RankingOnlyWeight, budget)).OfType<PlannedUnit>().Distinct().ToList();
                    var minimum = MinimumUnits(clause.Text, morph, units.Count(u => !u.Always));
                    var enough = Units(units, minimum, extras, u => u.Matching);
                    if (enough is null && whole.Count == 0) continue; // every word past the budget
                    var matching = WithExactNameBonus(Any(enough is null ? whole : whole.Prepend(enough)), clause.Text);
                    var cheaperUnits = units.Concat(extras).Any(u => !ReferenceEquals(u.FirstPass, u.Matching));
                    var firstPass = enough is null || (whole.Count == 0 && !cheaperUnits) ? matching
                        : WithExactNameBonus(FirstPassOf(cheaperUnits ? Units(units, minimum, extras, u => u.FirstPass)! : enough, whole), clause.Text);
                    // In the fallback a clause is touched by its content words, not by 探す or 円 alone.
                    var touching = Any(whole.Concat(units.Select(u => u.Matching)));
                    required.Add(new PlannedClause(clause.Text, matching, firstPass, touching));
                    break;
            }
        }
        var latinSentence = required.Count > 2 && IsLatinSentence(typed, rankingOnly.Count);
        return new PlannedQuery(latinSentence ? [ThreeInFour(required)] : required, rankingOnly, excluded, proximity);
    }

    /// <summary>
    /// "support for medical device startups going global": words typed in Latin script as a sentence, known by its
    /// function words (for, the: stop words; how, want: ranking words). Its words are each one clause, as spaces separate
    /// them, and like a Japanese sentence's content words three in four must match; typed as keywords (FDA approval
    /// support), every word must.
    /// </summary>
    private static bool IsLatinSentence(IReadOnlyList<(QueryClause Clause, IReadOnlyList<QueryToken> Morph)> typed, int rankingOnly) =>
        typed.Count >= 4 && typed.All(c => c.Clause.Kind == ClauseKind.Word && c.Clause.Text.All(ch => ch < '\u3000'))
        && (typed.Any(c => c.Morph.Count == 0) || rankingOnly > 0);

    /// <summary>The clauses as the words of one sentence (<see cref="SentenceQuery"/>).</summary>
    private static PlannedClause ThreeInFour(IReadOnlyList<PlannedClause> clauses)
    {
        SentenceQuery Enough(Func<PlannedClause, Query> form) => new(clauses.Select(form));
        var matching = Enough(c => c.Matching);
        var firstPass = clauses.All(c => ReferenceEquals(c.FirstPass, c.Matching)) ? matching : Enough(c => c.FirstPass);
        return new PlannedClause(string.Join(' ', clauses.Select(c => c.Text)), matching, firstPass, Any(clauses.Select(c => c.Touching)));
    }

    /// <summary>Two clauses' words as one sloppy phrase in every word field (Solr's pf2), at their analysed positions.</summary>
    private static Query Together(IReadOnlyList<QueryToken> first, IReadOnlyList<QueryToken> second)
    {
        var query = new FieldsMaxQuery(FieldTieBreaker);
        var gap = first[^1].Position + 1 - second[0].Position;
        foreach (var field in IndexFields.Texts)
        {
            var phrase = new PhraseQuery { Slop = ProximitySlop, Boost = field.MorphBoost * ProximityWeight };
            foreach (var token in first) phrase.Add(new Term(field.Morph, token.Term), token.Position - first[0].Position);
            foreach (var token in second) phrase.Add(new Term(field.Morph, token.Term), token.Position + gap - first[0].Position);
            query.Add(phrase);
        }
        return query;
    }

    /// <summary>
    /// "deep tech" or "Ministry of Economy, Trade and Industry" typed as several words is one synonym entry: join the
    /// longest run of adjacent words whose terms are one (only a joined clause is analysed again).
    /// </summary>
    private IReadOnlyList<(QueryClause Clause, IReadOnlyList<QueryToken> Morph)> MergeMultiWordSynonyms(
        IReadOnlyList<(QueryClause Clause, IReadOnlyList<QueryToken> Morph)> clauses)
    {
        if (morphSynonyms is null) return clauses;
        static bool IsWord((QueryClause Clause, IReadOnlyList<QueryToken> Morph) c) => c.Clause.Kind == ClauseKind.Word;
        var merged = new List<(QueryClause, IReadOnlyList<QueryToken>)>(clauses.Count);
        for (var i = 0; i < clauses.Count; i++)
        {
            var last = i;
            var run = clauses[i].Morph.Select(t => t.Term).ToList();
            for (var j = i + 1; IsWord(clauses[i]) && j < clauses.Count && IsWord(clauses[j])
                && run.Count + clauses[j].Morph.Count <= morphSynonyms.LongestEntry; j++)
            {
                run.AddRange(clauses[j].Morph.Select(t => t.Term));
                if (clauses[j].Morph.Count > 0 && morphSynonyms.Equivalents(run).Count > 0) last = j;
            }
            if (last == i) merged.Add(clauses[i]);
            else
            {
                var joined = new QueryClause(ClauseKind.Word, string.Join(' ', clauses.Skip(i).Take(last - i + 1).Select(c => c.Clause.Text)));
                merged.Add((joined, Morph(joined.Text)));
            }
            i = last;
        }
        return merged;
    }

    private IReadOnlyList<QueryToken> Morph(string text) => morphological is null ? [] : QueryTokens.Of(morphological, "", text);

    /// <summary>
    /// All the parts of a compound (プログラム医療機器); three in four content words of a sentence above two words
    /// (Elasticsearch's minimum_should_match of 75%). A sentence has words between its content words that the analysis
    /// dropped (particles, auxiliaries, する).
    /// </summary>
    private static int MinimumUnits(string text, IReadOnlyList<QueryToken> tokens, int units)
    {
        var sentence = false;
        var position = 0;
        foreach (var token in tokens.OrderBy(t => t.Start))
        {
            sentence |= HasLetters(text, position, token.Start);
            position = Math.Max(position, token.End);
        }
        sentence |= HasLetters(text, position, text.Length);
        return sentence ? SentenceQuery.ThreeInFour(units) : units;
    }

    private static bool HasLetters(string text, int start, int end)
    {
        for (var i = start; i < end && i < text.Length; i++)
            if (char.IsLetterOrDigit(text[i])) return true;
        return false;
    }

    /// <summary>
    /// One word in any morphological field: as typed, or through one of its synonyms. In the first pass its multi-word
    /// synonyms (phrases) are looked at only where none of its one-word forms matches: every word is asked for in six
    /// fields, and confirming those phrases on every document a common word's terms share was a fifth of a search at
    /// 100,000 schemes.
    /// </summary>
    /// <param name="bound">The range an amount typed with 以上 or まで asks for: also matched by a document's amount in it.</param>
    private PlannedUnit? Unit(QueryToken token, float weight, WordBudget budget, AmountBound? bound = null)
    {
        if (!budget.TryTake()) return null;
        var alternatives = new List<(string[] Terms, float Weight)> { ([token.Term], weight) };
        if (morphSynonyms is not null)
            alternatives.AddRange(morphSynonyms.Equivalents([token.Term]).Select(terms => (terms, weight * SynonymWeight)));
        var matching = AcrossFields(WordFields, alternatives);
        if (bound is not null)
        {
            var inRange = NumericRangeQuery.NewInt64Range(IndexFields.AmountRange, bound.Low, bound.High, true, true);
            inRange.Boost = weight * AmountInRangeWeight;
            var either = Any([matching, inRange]);
            return new PlannedUnit(either, either, Always: true);
        }
        var phrases = alternatives.Where(a => a.Terms.Length > 1).ToList();
        if (phrases.Count == 0) return new PlannedUnit(matching, matching);
        var words = alternatives.Where(a => a.Terms.Length == 1).ToList();
        return new PlannedUnit(matching, new WordsFirstQuery(AcrossFields(WordFields, words), [AcrossFields(WordFields, phrases)]));
    }

    /// <summary>A word's query, and the same matches scored more cheaply for the first pass.</summary>
    /// <param name="Always">An amount typed with a bound: required even in a sentence, where three in four words are enough.</param>
    private sealed record PlannedUnit(Query Matching, Query FirstPass, bool Always = false);

    /// <summary>Counts the words a plan has taken, against <see cref="MaxWords"/>.</summary>
    private sealed class WordBudget
    {
        private int _taken;

        public bool TryTake() => _taken++ < MaxWords;
    }

    /// <summary>The clause as a whole: a synonym of it in the word fields, or its run of bigrams (or a synonym's) in the bigram fields.</summary>
    private IEnumerable<Query> Whole(IReadOnlyList<QueryToken> morph, IReadOnlyList<QueryToken> bigram, bool typedMorphAsPhrase)
    {
        if (morph.Count > 0)
        {
            var alternatives = new List<(string[] Terms, float Weight)>();
            if (typedMorphAsPhrase) alternatives.Add((morph.Select(t => t.Term).ToArray(), 1f));
            if (morphSynonyms is not null && (morph.Count > 1 || typedMorphAsPhrase))
                alternatives.AddRange(morphSynonyms.Equivalents(morph.Select(t => t.Term).ToList()).Select(terms => (terms, SynonymWeight)));
            if (alternatives.Count > 0)
                yield return AcrossFields(WordFields, alternatives, typedMorphAsPhrase ? morph : null);
        }
        if (bigram.Count is > 0 and <= MaxBigramRun)
        {
            var alternatives = new List<(string[] Terms, float Weight)> { (bigram.Select(t => t.Term).ToArray(), 1f) };
            alternatives.AddRange(bigramSynonyms.Equivalents(bigram.Select(t => t.Term).ToList()).Select(terms => (terms, SynonymWeight)));
            yield return AcrossFields(BigramFields, alternatives);
        }
    }

    private static Query WithExactNameBonus(Query matching, string clause) => new BooleanQuery(disableCoord: true)
    {
        { matching, Occur.MUST },
        { new RememberedTermQuery(new Term(IndexFields.ExactName, IndexFields.ExactNameOf(clause))) { Boost = ExactNameBoost }, Occur.SHOULD },
    };

    /// <summary>Every typed word somewhere in the word fields (for exclusions: -委託 removes what says 委託 anywhere).</summary>
    private static Query AllWords(IReadOnlyList<QueryToken> morph)
    {
        var query = new BooleanQuery(disableCoord: true);
        foreach (var term in morph.Select(t => t.Term).Distinct())
            query.Add(AcrossFields(WordFields, [([term], 1f)]), Occur.MUST);
        return query;
    }

    /// <summary>
    /// Enough of the required words: their scores summed, times the share matched squared (the similarity's coord), so a
    /// scheme with more of the words ranks first; ranking-only words add at a lower weight without deciding the match.
    /// </summary>
    /// <param name="form">Each word's query for the whole query, or for the first pass.</param>
    private static Query? Units(IReadOnlyList<PlannedUnit> units, int minimum, IReadOnlyList<PlannedUnit> extras, Func<PlannedUnit, Query> form)
    {
        if (units.Count == 0) return null;
        var required = new BooleanQuery(disableCoord: false) { MinimumNumberShouldMatch = minimum };
        foreach (var unit in units) required.Add(form(unit), unit.Always ? Occur.MUST : Occur.SHOULD);
        if (extras.Count == 0) return required;
        var query = new BooleanQuery(disableCoord: true) { { required, Occur.MUST } };
        foreach (var extra in extras) query.Add(form(extra), Occur.SHOULD);
        return query;
    }

    /// <summary>The words first, the clause's whole forms only where the words do not match (<see cref="WordsFirstQuery"/>).</summary>
    private static Query FirstPassOf(Query words, IReadOnlyList<Query> whole) => whole.Count == 0 ? words : new WordsFirstQuery(words, whole);

    private static Query Any(IEnumerable<Query> queries)
    {
        var list = queries.ToList();
        if (list.Count == 1) return list[0];
        var query = new BooleanQuery(disableCoord: true);
        foreach (var q in list) query.Add(q, Occur.SHOULD);
        return query;
    }

    /// <summary>The best field for any alternative, plus a share of the other fields' scores.</summary>
    private static Query AcrossFields(IEnumerable<(string Field, float Boost)> fields, IReadOnlyList<(string[] Terms, float Weight)> alternatives, IReadOnlyList<QueryToken>? positions = null)
    {
        var query = new FieldsMaxQuery(FieldTieBreaker);
        foreach (var (field, boost) in fields)
            foreach (var (terms, weight) in alternatives)
            {
                var q = TermsQuery(field, terms, ReferenceEquals(terms, alternatives[0].Terms) ? positions : null);
                q.Boost = boost * weight;
                query.Add(q);
            }
        return query;
    }

    /// <summary>A term, or the terms as a phrase (at their analysed positions when known, so a removed particle leaves its gap).</summary>
    private static Query TermsQuery(string field, IReadOnlyList<string> terms, IReadOnlyList<QueryToken>? positions)
    {
        if (terms.Count == 1) return new RememberedTermQuery(new Term(field, terms[0]));
        var phrase = new ExactPhraseQuery();
        for (var i = 0; i < terms.Count; i++)
            phrase.Add(new Term(field, terms[i]), positions is null ? i : positions[i].Position - positions[0].Position);
        return phrase;
    }
}
