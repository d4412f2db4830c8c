using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace MatchApi.Search.Querying;

/// <summary>
/// A term query scored as Lucene's <see cref="TermQuery"/> (same statistics, same frequencies), that takes its
/// dictionary lookup from the searcher's memory (<see cref="CatalogSearcher.ContextOf"/>) and reads a short posting list
/// from arrays the searcher keeps (<see cref="CatalogSearcher.ShortPostingsOf"/>). A query asks for each word in every
/// field, and on a catalog-sized index most of those lists are a few documents long: opening a terms enumerator and a
/// block postings reader for each (buffers for a whole 128-document block) was the largest part of a search on the real
/// catalog (with arrays, 0.15 instead of 0.21 CPU ms per golden query).
/// </summary>
internal sealed class RememberedTermQuery(Term term) : TermQuery(term)
{
    public override Weight CreateWeight(IndexSearcher searcher) => new RememberedTermWeight(this, searcher);

    private sealed class RememberedTermWeight : Weight
    {
        private readonly RememberedTermQuery _query;
        private readonly TermContext _context;
        private readonly ShortPostings? _short;
        private readonly Similarity _similarity;
        private readonly Similarity.SimWeight _stats;

        public RememberedTermWeight(RememberedTermQuery query, IndexSearcher searcher)
        {
            _query = query;
            _context = CatalogSearcher.ContextOf(searcher, query.Term);
            _short = (searcher as CatalogSearcher)?.ShortPostingsOf(query.Term);
            _similarity = searcher.Similarity;
            _stats = _similarity.ComputeWeight(query.Boost, searcher.CollectionStatistics(query.Term.Field), searcher.TermStatistics(query.Term, _context));
        }

        public override Query Query => _query;

        public override float GetValueForNormalization() => _stats.GetValueForNormalization();

        public override void Normalize(float queryNorm, float topLevelBoost) => _stats.Normalize(queryNorm, topLevelBoost);

        public override Scorer? GetScorer(AtomicReaderContext context, IBits acceptDocs)
        {
            var state = _context.Get(context.Ord);
            if (state is null) return null; // a word this segment does not have
            var docScorer = _similarity.GetSimScorer(_stats, context);
            if (_short?.Of(context, _query.Term, state) is { } postings) return new PostingsTermScorer(this, new ArrayPostings(postings, acceptDocs), docScorer);
            var terms = context.AtomicReader.GetTerms(_query.Term.Field).GetEnumerator();
            terms.SeekExact(_query.Term.Bytes, state);
            return new PostingsTermScorer(this, terms.Docs(acceptDocs, null), docScorer);
        }

        public override Explanation Explain(AtomicReaderContext context, int doc) =>
            FrequencyExplanation.Of(this, _similarity, _stats, context, doc, "termFreq");
    }

    private sealed class PostingsTermScorer(Weight weight, DocsEnum docs, Similarity.SimScorer docScorer) : Scorer(weight)
    {
        public override int DocID => docs.DocID;
        public override int Freq => docs.Freq;
        public override float GetScore() => docScorer.Score(docs.DocID, docs.Freq);
        public override int NextDoc() => docs.NextDoc();
        public override int Advance(int target) => docs.Advance(target);
        public override long GetCost() => docs.GetCost();
    }
}

/// <summary>
/// A term's posting lists of at most <see cref="MaxDocuments"/> documents, read once per segment into arrays, with the
/// positions where the field has them (every document, deleted or not: <see cref="ArrayPostings"/> applies the live
/// documents, as Lucene's postings do).
/// </summary>
internal sealed class ShortPostings(int segments)
{
    /// <summary>One block of Lucene 4.1's postings: a longer list is read as Lucene reads it.</summary>
    public const int MaxDocuments = 128;

    /// <summary><paramref name="PositionStarts"/>: where each document's positions begin in <paramref name="Positions"/> (one more entry, the end).</summary>
    public sealed record Leaf(int[] Docs, int[] Freqs, int[] PositionStarts, int[] Positions);

    private static readonly Leaf Long = new([], [], [], []);

    private readonly Leaf?[] _segments = new Leaf?[segments];

    /// <summary>The term's documents and frequencies in this segment, or null when there are more than <see cref="MaxDocuments"/>.</summary>
    public Leaf? Of(AtomicReaderContext context, Term term, TermState state)
    {
        var leaf = Volatile.Read(ref _segments[context.Ord]) ?? Read(context, term, state);
        return ReferenceEquals(leaf, Long) ? null : leaf;
    }

    private Leaf Read(AtomicReaderContext context, Term term, TermState state)
    {
        var fieldTerms = context.AtomicReader.GetTerms(term.Field);
        var terms = fieldTerms.GetEnumerator();
        terms.SeekExact(term.Bytes, state);
        var leaf = Long;
        if (terms.DocFreq <= MaxDocuments)
        {
            var withPositions = fieldTerms.HasPositions ? terms.DocsAndPositions(null, null, DocsAndPositionsFlags.NONE) : null;
            var postings = withPositions ?? terms.Docs(null, null);
            List<int> docs = new(terms.DocFreq), freqs = new(terms.DocFreq), starts = new(terms.DocFreq + 1), positions = [];
            for (var doc = postings.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.NextDoc())
            {
                docs.Add(doc);
                freqs.Add(postings.Freq);
                starts.Add(positions.Count);
                for (var p = 0; withPositions is not null && p < postings.Freq; p++) positions.Add(withPositions.NextPosition());
            }
            starts.Add(positions.Count);
            leaf = new Leaf([.. docs], [.. freqs], [.. starts], [.. positions]);
        }
        Volatile.Write(ref _segments[context.Ord], leaf); // two searches racing here read the same lists
        return leaf;
    }
}

/// <summary>A <see cref="ShortPostings.Leaf"/> read as Lucene's postings of its live documents (positions only where it has them; no offsets or payloads).</summary>
internal sealed class ArrayPostings(ShortPostings.Leaf leaf, IBits? acceptDocs) : DocsAndPositionsEnum
{
    private int _index = -1;
    private int _doc = -1;
    private int _position;

    public override int DocID => _doc;
    public override int Freq => leaf.Freqs[_index];
    public override long GetCost() => leaf.Docs.Length;

    public override int NextDoc()
    {
        var docs = leaf.Docs;
        while (++_index < docs.Length)
        {
            if (acceptDocs is not null && !acceptDocs.Get(docs[_index])) continue;
            _position = leaf.PositionStarts[_index];
            return _doc = docs[_index];
        }
        return _doc = NO_MORE_DOCS;
    }

    public override int Advance(int target)
    {
        var docs = leaf.Docs;
        var from = _index + 1;
        var at = from < docs.Length ? Array.BinarySearch(docs, from, docs.Length - from, target) : from;
        _index = (at < 0 ? ~at : at) - 1;
        return NextDoc();
    }

    public override int NextPosition() => leaf.Positions[_position++];
    public override int StartOffset => -1;
    public override int EndOffset => -1;
    public override BytesRef? GetPayload() => null;
}
