using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace MatchApi.Search.Querying;

/// <summary>
/// A phrase without slop, matched and scored as Lucene's <see cref="PhraseQuery"/> does (same statistics, same phrase
/// frequency), by a scorer that does not allocate: Lucene's exact phrase scorer takes two 4,096-entry tables per segment
/// per phrase, and a query asks for each multi-word synonym and bigram run in every field, so those tables were most of
/// what a search allocated.
/// </summary>
internal sealed class ExactPhraseQuery : PhraseQuery
{
    public override Weight CreateWeight(IndexSearcher searcher) => Slop == 0 ? new ExactPhraseWeight(this, searcher) : base.CreateWeight(searcher);

    private sealed class ExactPhraseWeight : Weight, ITwoPhaseWeight
    {
        private readonly ExactPhraseQuery _query;
        private readonly Term[] _terms;
        private readonly int[] _positions;
        private readonly TermContext[] _states;
        private readonly ShortPostings?[] _short;
        private readonly Similarity _similarity;
        private readonly Similarity.SimWeight _stats;

        public ExactPhraseWeight(ExactPhraseQuery query, IndexSearcher searcher)
        {
            _query = query;
            _terms = query.GetTerms();
            _positions = query.GetPositions();
            _similarity = searcher.Similarity;
            _states = _terms.Select(t => CatalogSearcher.ContextOf(searcher, t)).ToArray();
            _short = _terms.Select(t => (searcher as CatalogSearcher)?.ShortPostingsOf(t)).ToArray();
            var termStats = _terms.Select((t, i) => searcher.TermStatistics(t, _states[i])).ToArray();
            _stats = _similarity.ComputeWeight(query.Boost, searcher.CollectionStatistics(_terms[0].Field), termStats);
        }

        public override Query Query => _query;

        public override float GetValueForNormalization() => _stats.GetValueForNormalization();

        public override void Normalize(float queryNorm, float topLevelBoost) => _stats.Normalize(queryNorm, topLevelBoost);

        public override Scorer? GetScorer(AtomicReaderContext context, IBits acceptDocs) => NewScorer(context, acceptDocs, twoPhase: false);

        public Scorer? GetTwoPhaseScorer(AtomicReaderContext context, IBits acceptDocs) => NewScorer(context, acceptDocs, twoPhase: true);

        private ExactPhraseScorer? NewScorer(AtomicReaderContext context, IBits acceptDocs, bool twoPhase)
        {
            var fieldTerms = context.AtomicReader.GetTerms(_terms[0].Field);
            if (fieldTerms is null) return null;
            var states = new TermState[_terms.Length];
            for (var i = 0; i < _terms.Length; i++)
                if ((states[i] = _states[i].Get(context.Ord)) is null) return null; // a word this segment does not have
            TermsEnum? termsEnum = null;
            var postings = new PhrasePostings[_terms.Length];
            for (var i = 0; i < _terms.Length; i++)
            {
                if (fieldTerms.HasPositions && _short[i]?.Of(context, _terms[i], states[i]) is { } listed)
                {
                    postings[i] = new PhrasePostings(new ArrayPostings(listed, acceptDocs), _positions[i], listed.Docs.Length);
                    continue;
                }
                termsEnum ??= fieldTerms.GetEnumerator();
                termsEnum.SeekExact(_terms[i].Bytes, states[i]);
                var positions = termsEnum.DocsAndPositions(acceptDocs, null, DocsAndPositionsFlags.NONE)
                    ?? throw new InvalidOperationException($"field {_terms[i].Field} was indexed without positions; it cannot take a phrase");
                postings[i] = new PhrasePostings(positions, _positions[i], termsEnum.DocFreq);
            }
            Array.Sort(postings, (a, b) => a.DocFreq.CompareTo(b.DocFreq)); // the rarest word leads
            return new ExactPhraseScorer(this, postings, _similarity.GetSimScorer(_stats, context), twoPhase);
        }

        public override Explanation Explain(AtomicReaderContext context, int doc) =>
            FrequencyExplanation.Of(this, _similarity, _stats, context, doc, "phraseFreq");
    }

    private sealed class PhrasePostings(DocsAndPositionsEnum positions, int offset, int docFreq)
    {
        public DocsAndPositionsEnum Positions { get; } = positions;
        public int Offset { get; } = offset;
        public int DocFreq { get; } = docFreq;
        /// <summary>The current document's positions minus <see cref="Offset"/> (where the phrase would start), ascending.</summary>
        public int[] Starts = new int[8];
        public int Count;

        public void ReadStarts()
        {
            Count = Positions.Freq;
            if (Starts.Length < Count) Starts = new int[Math.Max(Count, Starts.Length * 2)];
            for (var i = 0; i < Count; i++) Starts[i] = Positions.NextPosition() - Offset;
        }
    }

    /// <summary>
    /// Documents with every word (leapfrogging from the rarest), then the starts that every word shares. Two-phase, it
    /// stops on every document with all the words and reads their positions only when <see cref="Matches"/> is asked.
    /// </summary>
    private sealed class ExactPhraseScorer(Weight weight, PhrasePostings[] postings, Similarity.SimScorer docScorer, bool twoPhase) : Scorer(weight), ITwoPhaseScorer
    {
        private int _doc = -1;
        private int _checkedDoc = -1;
        private int _freq;

        public override int DocID => _doc;

        public override int Freq => _freq;

        public override float GetScore() => docScorer.Score(_doc, _freq);

        public override long GetCost() => postings[0].Positions.GetCost();

        public override int NextDoc() => Next(postings[0].Positions.NextDoc());

        public override int Advance(int target) => Next(postings[0].Positions.Advance(target));

        public bool Matches()
        {
            if (_checkedDoc != _doc) (_freq, _checkedDoc) = (PhraseFreq(), _doc);
            return _freq > 0;
        }

        private int Next(int doc)
        {
            if (twoPhase) return Candidate(doc);
            while ((doc = Candidate(doc)) != NO_MORE_DOCS && !Matches()) doc = postings[0].Positions.NextDoc();
            return doc;
        }

        /// <summary>The first document from <paramref name="doc"/> on that has every word.</summary>
        private int Candidate(int doc)
        {
            while (doc != NO_MORE_DOCS)
            {
                var all = true;
                for (var i = 1; i < postings.Length; i++)
                {
                    var other = postings[i].Positions;
                    var at = other.DocID < doc ? other.Advance(doc) : other.DocID;
                    if (at == doc) continue;
                    if (at == NO_MORE_DOCS) return _doc = NO_MORE_DOCS;
                    doc = postings[0].Positions.Advance(at);
                    all = false;
                    break;
                }
                if (all) return _doc = doc;
            }
            return _doc = NO_MORE_DOCS;
        }

        /// <summary>How many starts every word has: a merge of the sorted start lists.</summary>
        private int PhraseFreq()
        {
            foreach (var p in postings) p.ReadStarts();
            var freq = 0;
            Span<int> next = postings.Length <= 16 ? stackalloc int[postings.Length] : new int[postings.Length];
            next.Clear();
            var lead = postings[0];
            for (var s = 0; s < lead.Count; s++)
            {
                var start = lead.Starts[s];
                var shared = true;
                for (var i = 1; i < postings.Length && shared; i++)
                {
                    var p = postings[i];
                    while (next[i] < p.Count && p.Starts[next[i]] < start) next[i]++;
                    if (next[i] == p.Count) return freq;
                    shared = p.Starts[next[i]] == start;
                }
                if (shared) freq++;
            }
            return freq;
        }
    }
}
