using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace MatchApi.Search.Querying;

/// <summary>
/// A word clause's first pass: the documents its words match, scored by the words alone, and those only its whole forms
/// match (a synonym of the clause, its run of bigrams), scored by those; likewise one word, with its one-word forms as
/// the words and its multi-word synonyms as the whole forms. It matches what the sum of them all matches
/// (<see cref="PlannedQuery.Matching"/>'s clause), but a document the words match is never looked at by the whole
/// forms, which are phrases: on a large catalog they matched the same documents as the words and reading their
/// positions was a quarter of a search. The best first-pass matches are scored again by the whole query
/// (<see cref="LuceneSearchEngine.ReorderedMatches"/>), so what they lose here only decides which matches are in that window.
/// </summary>
internal sealed class WordsFirstQuery(Query words, IReadOnlyList<Query> wholes) : Query
{
    public Query Words { get; } = words;

    public IReadOnlyList<Query> Wholes { get; } = wholes;

    public override Query Rewrite(IndexReader reader)
    {
        var rewritten = new WordsFirstQuery(Words.Rewrite(reader), Wholes.Select(w => w.Rewrite(reader)).ToList()) { Boost = Boost };
        return ReferenceEquals(rewritten.Words, Words) && rewritten.Wholes.SequenceEqual(Wholes, ReferenceEqualityComparer.Instance) ? this : rewritten;
    }

    public override void ExtractTerms(ISet<Term> terms)
    {
        Words.ExtractTerms(terms);
        foreach (var whole in Wholes) whole.ExtractTerms(terms);
    }

    public override Weight CreateWeight(IndexSearcher searcher) => new WordsFirstWeight(this, searcher);

    public override string ToString(string field) => $"words-first({Words.ToString(field)}; {string.Join("; ", Wholes.Select(w => w.ToString(field)))}){ToStringUtils.Boost(Boost)}";

    public override bool Equals(object? obj) =>
        obj is WordsFirstQuery other && base.Equals(other) && Words.Equals(other.Words) && Wholes.SequenceEqual(other.Wholes);

    public override int GetHashCode() => Wholes.Aggregate(HashCode.Combine(base.GetHashCode(), Words), HashCode.Combine);

    /// <summary>Normalised as a <see cref="BooleanQuery"/> of its parts as SHOULD clauses without coord, so it scores as that query does.</summary>
    private sealed class WordsFirstWeight : Weight
    {
        private readonly WordsFirstQuery _query;
        private readonly Weight _words;
        private readonly Weight[] _wholes;

        public WordsFirstWeight(WordsFirstQuery query, IndexSearcher searcher)
        {
            _query = query;
            _words = query.Words.CreateWeight(searcher);
            _wholes = query.Wholes.Select(w => w.CreateWeight(searcher)).ToArray();
        }

        public override Query Query => _query;

        public override float GetValueForNormalization() =>
            (_words.GetValueForNormalization() + _wholes.Sum(w => w.GetValueForNormalization())) * _query.Boost * _query.Boost;

        public override void Normalize(float norm, float topLevelBoost)
        {
            _words.Normalize(norm, topLevelBoost * _query.Boost);
            foreach (var whole in _wholes) whole.Normalize(norm, topLevelBoost * _query.Boost);
        }

        public override Scorer? GetScorer(AtomicReaderContext context, IBits acceptDocs)
        {
            var words = _words.GetScorer(context, acceptDocs);
            var wholes = _wholes.Select(w => TwoPhase.ScorerOf(w, context, acceptDocs)).OfType<Scorer>().ToArray();
            return wholes.Length == 0 ? words : new WordsFirstScorer(this, words, wholes);
        }

        public override Explanation Explain(AtomicReaderContext context, int doc)
        {
            var scorer = GetScorer(context, context.AtomicReader.LiveDocs);
            if (scorer is null || scorer.Advance(doc) != doc) return new ComplexExplanation(false, 0, "no words and no whole form match");
            var byWords = (scorer as WordsFirstScorer)?.ByWords ?? true;
            var parts = byWords ? [_words] : _wholes;
            var explanation = new ComplexExplanation(true, scorer.GetScore(), byWords ? "the words (whole forms not scored)" : "sum of the whole forms");
            foreach (var part in parts)
                if (part.Explain(context, doc) is { IsMatch: true } detail) explanation.AddDetail(detail);
            return explanation;
        }
    }

    private sealed class WordsFirstScorer(Weight weight, Scorer? words, Scorer[] wholes) : Scorer(weight)
    {
        private int _doc = -1;

        /// <summary>Whether the current document is matched by the words (else by whole forms only).</summary>
        public bool ByWords { get; private set; }

        public override int DocID => _doc;

        public override int Freq => 1;

        public override float GetScore()
        {
            if (ByWords) return words!.GetScore();
            var sum = 0f;
            foreach (var whole in wholes)
                if (whole.DocID == _doc && TwoPhase.Matches(whole)) sum += whole.GetScore();
            return sum;
        }

        public override long GetCost() => (words?.GetCost() ?? 0) + wholes.Sum(w => w.GetCost());

        public override ICollection<ChildScorer> GetChildren() =>
            wholes.Prepend(words).OfType<Scorer>().Select(s => new ChildScorer(s, "SHOULD")).ToList();

        public override int NextDoc() => Next(_doc + 1);

        public override int Advance(int target) => Next(target);

        /// <summary>
        /// The words' next document, unless a whole form's confirmed candidate comes before it. The whole forms stay where
        /// they are while the words match the very document asked for (nothing can come before it), are moved only past
        /// documents already passed, and their candidates are confirmed only where the words do not match.
        /// </summary>
        private int Next(int target)
        {
            while (true)
            {
                var byWords = words is null ? NO_MORE_DOCS : words.DocID < target ? words.Advance(target) : words.DocID;
                if (byWords == target)
                {
                    ByWords = true;
                    return _doc = byWords;
                }
                var byWhole = NO_MORE_DOCS;
                foreach (var whole in wholes)
                    byWhole = Math.Min(byWhole, whole.DocID < target ? whole.Advance(target) : whole.DocID);
                if (byWords <= byWhole)
                {
                    ByWords = true;
                    return _doc = byWords;
                }
                foreach (var whole in wholes)
                    if (whole.DocID == byWhole && TwoPhase.Matches(whole))
                    {
                        ByWords = false;
                        return _doc = byWhole;
                    }
                target = byWhole + 1;
            }
        }
    }
}
