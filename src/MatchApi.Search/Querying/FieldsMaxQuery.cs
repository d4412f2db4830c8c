using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace MatchApi.Search.Querying;

/// <summary>
/// A <see cref="DisjunctionMaxQuery"/> (the best field, plus a share of the others) with a cheaper scorer; the matches and
/// scores are Lucene's. Every query word is one of these across the fields, and at 100,000 schemes a common word's
/// scorer moves tens of thousands of times per search: Lucene.Net's scorer spent 13% of the search's CPU (perf) in the
/// covariance checks of storing into its heap of sub-scorers (an array of the non-sealed <see cref="Scorer"/>), and
/// scored every document it stopped on, also those the rest of the query then rejects. This one keeps its heap as
/// structs and scores a document only when asked (docs/benchmarks.md has the before and after).
/// </summary>
internal sealed class FieldsMaxQuery(float tieBreakerMultiplier) : DisjunctionMaxQuery(tieBreakerMultiplier)
{
    public override Weight CreateWeight(IndexSearcher searcher) => new FieldsMaxWeight(this, searcher);

    private sealed class FieldsMaxWeight(FieldsMaxQuery query, IndexSearcher searcher) : DisjunctionMaxWeight(query, searcher), ITwoPhaseWeight
    {
        public override Scorer? GetScorer(AtomicReaderContext context, IBits acceptDocs) => NewScorer(context, acceptDocs, twoPhase: false);

        /// <summary>Stops on every candidate of its two-phase disjuncts; a document matches when one of them does.</summary>
        public Scorer? GetTwoPhaseScorer(AtomicReaderContext context, IBits acceptDocs) => NewScorer(context, acceptDocs, twoPhase: true);

        private FieldsMaxScorer? NewScorer(AtomicReaderContext context, IBits acceptDocs, bool twoPhase)
        {
            List<Scorer>? scorers = null;
            foreach (var weight in m_weights)
                if ((twoPhase ? TwoPhase.ScorerOf(weight, context, acceptDocs) : weight.GetScorer(context, acceptDocs)) is { } scorer)
                    (scorers ??= new List<Scorer>(m_weights.Count)).Add(scorer);
            return scorers is null ? null : new FieldsMaxScorer(this, query.TieBreakerMultiplier, scorers, twoPhase);
        }
    }
}

/// <summary>
/// Sub-scorers in a binary min-heap by their current document; a document's score is worked out when asked for. Two-phase
/// (<see cref="ITwoPhaseScorer"/> sub-scorers), it stops on their candidates and scores the sub-scorers that match.
/// </summary>
internal sealed class FieldsMaxScorer : Scorer, ITwoPhaseScorer
{
    private struct Entry
    {
        public int Doc;
        public Scorer Scorer;
    }

    private readonly Entry[] _heap;
    private readonly float _tieBreakerMultiplier;
    private readonly bool _twoPhase;
    private int _size;
    private int _doc = -1;
    private int _scoredDoc = -1;
    private float _score;
    private int _freq;
    private int _checkedDoc = -1;
    private bool _matches;

    public FieldsMaxScorer(Weight weight, float tieBreakerMultiplier, IReadOnlyList<Scorer> scorers, bool twoPhase = false) : base(weight)
    {
        _tieBreakerMultiplier = tieBreakerMultiplier;
        _twoPhase = twoPhase;
        _heap = new Entry[scorers.Count];
        for (var i = 0; i < _heap.Length; i++) _heap[i] = new Entry { Doc = scorers[i].DocID, Scorer = scorers[i] };
        _size = _heap.Length;
        for (var i = (_size >> 1) - 1; i >= 0; i--) SiftDown(i);
    }

    public override int DocID => _doc;

    public override int Freq
    {
        get
        {
            ScoreCurrent();
            return _freq;
        }
    }

    public override float GetScore()
    {
        ScoreCurrent();
        return _score;
    }

    public bool Matches()
    {
        if (!_twoPhase) return true;
        if (_checkedDoc != _doc) (_matches, _checkedDoc) = (AnyMatches(0), _doc);
        return _matches;
    }

    private bool AnyMatches(int i) =>
        i < _size && _heap[i].Doc == _doc && (TwoPhase.Matches(_heap[i].Scorer) || AnyMatches((i << 1) + 1) || AnyMatches((i << 1) + 2));

    public override long GetCost()
    {
        long cost = 0;
        for (var i = 0; i < _size; i++) cost += _heap[i].Scorer.GetCost();
        return cost;
    }

    public override ICollection<ChildScorer> GetChildren() =>
        _heap.Take(_size).Select(e => new ChildScorer(e.Scorer, "SHOULD")).ToList();

    public override int NextDoc()
    {
        while (true)
        {
            _heap[0].Doc = _heap[0].Scorer.NextDoc();
            if (Settle()) return _doc = NO_MORE_DOCS;
            if (_heap[0].Doc != _doc) return _doc = _heap[0].Doc;
        }
    }

    public override int Advance(int target)
    {
        while (true)
        {
            _heap[0].Doc = _heap[0].Scorer.Advance(target);
            if (Settle()) return _doc = NO_MORE_DOCS;
            if (_heap[0].Doc >= target) return _doc = _heap[0].Doc;
        }
    }

    /// <summary>Puts the moved root back in order (or drops it when exhausted); true when every sub-scorer is exhausted.</summary>
    private bool Settle()
    {
        if (_heap[0].Doc == NO_MORE_DOCS)
        {
            _heap[0] = _heap[--_size];
            _heap[_size] = default;
            if (_size == 0) return true;
        }
        SiftDown(0);
        return false;
    }

    private void SiftDown(int i)
    {
        var moving = _heap[i];
        while (true)
        {
            var child = (i << 1) + 1;
            if (child >= _size) break;
            if (child + 1 < _size && _heap[child + 1].Doc < _heap[child].Doc) child++;
            if (_heap[child].Doc >= moving.Doc) break;
            _heap[i] = _heap[child];
            i = child;
        }
        _heap[i] = moving;
    }

    private void ScoreCurrent()
    {
        if (_scoredDoc == _doc) return;
        float sum = 0, max = float.NegativeInfinity;
        var freq = 0;
        Add(0, ref sum, ref max, ref freq);
        (_score, _freq, _scoredDoc) = (max + (sum - max) * _tieBreakerMultiplier, freq, _doc);
    }

    /// <summary>The heap's entries on the current document form a subtree at the root.</summary>
    private void Add(int i, ref float sum, ref float max, ref int freq)
    {
        if (i >= _size || _heap[i].Doc != _doc) return;
        if (!_twoPhase || TwoPhase.Matches(_heap[i].Scorer))
        {
            var score = _heap[i].Scorer.GetScore();
            sum += score;
            max = Math.Max(max, score);
            freq++;
        }
        Add((i << 1) + 1, ref sum, ref max, ref freq);
        Add((i << 1) + 2, ref sum, ref max, ref freq);
    }
}
