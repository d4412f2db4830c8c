using System.Numerics;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using MatchApi.Search.Indexing;

namespace MatchApi.Search.Querying;

/// <summary>
/// Applies the filters to every text match in one pass and counts the facets disjunctively: a document that passes
/// every filter counts for every facet and goes on to the page collector; one that fails exactly one facet's filter
/// counts for that facet only (each facet is counted over every filter but its own).
/// </summary>
internal sealed class FilteringCollector : ICollector
{
    private readonly FacetLayout _layout;
    private readonly ulong[] _selected;
    private readonly int[] _filtered;
    private readonly IReadOnlyList<Covers> _conditions;
    private readonly TopFieldCollector? _page;
    private readonly IReadOnlySet<string>? _only;
    private readonly IReadOnlyList<IReadOnlySet<string>> _counted;
    private SortedDocValues? _ids;
    private HashSet<int> _onlyOrds = [];
    private HashSet<int>[] _countedOrds = [];
    private readonly int[] _countsByBit = new int[64];
    private ulong[] _words = [];
    private (NumericDocValues Low, IBits LowPresent, NumericDocValues High, IBits HighPresent)[] _ranges = [];

    private readonly bool _firstOnly;

    /// <param name="only">When given, only these document ids can match (a set the caller computed, e.g. schemes accepting applications).</param>
    /// <param name="firstOnly">Stop at the first document that passes the filters (whether a query matches anything).</param>
    /// <param name="counted">Sets of document ids; <see cref="CountedTotals"/> says how many passing documents each holds.</param>
    public FilteringCollector(FacetLayout layout, IReadOnlyDictionary<string, IReadOnlySet<string>> filters, IReadOnlyList<Covers> conditions, TopFieldCollector? page,
        IReadOnlySet<string>? only = null, bool firstOnly = false, IReadOnlyList<IReadOnlySet<string>>? counted = null)
    {
        _only = only;
        _counted = counted ?? [];
        CountedTotals = new int[_counted.Count];
        _firstOnly = firstOnly;
        _layout = layout;
        _selected = new ulong[layout.Facets.Count];
        foreach (var (facet, codes) in filters)
        {
            var f = layout.Index(facet);
            if (f >= 0 && codes.Count > 0) _selected[f] = layout.MaskOf(f, codes);
        }
        _filtered = Enumerable.Range(0, _selected.Length).Where(f => filters.TryGetValue(layout.Facets[f].Name, out var codes) && codes.Count > 0).ToArray();
        _conditions = conditions;
        _page = page;
    }

    public int Total { get; private set; }

    /// <summary>The page collector the passing documents went on to.</summary>
    public TopFieldCollector? Page => _page;

    /// <summary>Per counted set, in order, how many of the <see cref="Total"/> documents are in it.</summary>
    public int[] CountedTotals { get; }

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets => _layout.Counts(_countsByBit);

    /// <summary>What collectors of parts of one index counted, as one collector over the whole index would have.</summary>
    public static (int Total, int[] CountedTotals, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets) Sum(IReadOnlyList<FilteringCollector> parts)
    {
        if (parts.Count == 1) return (parts[0].Total, parts[0].CountedTotals, parts[0].Facets);
        var counted = new int[parts[0].CountedTotals.Length];
        var countsByBit = new int[64];
        foreach (var part in parts)
        {
            for (var c = 0; c < counted.Length; c++) counted[c] += part.CountedTotals[c];
            for (var b = 0; b < countsByBit.Length; b++) countsByBit[b] += part._countsByBit[b];
        }
        return (parts.Sum(p => p.Total), counted, parts[0]._layout.Counts(countsByBit));
    }

    /// <summary>
    /// In order: Lucene.Net's out-of-order BooleanScorer allocates a table of 2,048 buckets for every search, which costs
    /// more than it saves on a catalog-sized index.
    /// </summary>
    public bool AcceptsDocsOutOfOrder => false;

    public void SetScorer(Scorer scorer) => _page?.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        if (_firstOnly && Total > 0) throw new CollectionTerminatedException();
        var segment = context.AtomicReader;
        _words = _layout.WordsOf(segment);
        _ranges = _conditions.Select(c => (
            Values(segment, c.LowNumber), Present(segment, c.LowNumber),
            Values(segment, c.HighNumber), Present(segment, c.HighNumber))).ToArray();
        if (_only is not null || _counted.Count > 0)
        {
            var ids = _ids = segment.GetSortedDocValues(IndexFields.Id);
            HashSet<int> OrdsOf(IReadOnlySet<string> set) => set.Select(id => ids.LookupTerm(new BytesRef(id))).Where(ord => ord >= 0).ToHashSet();
            _onlyOrds = _only is null ? [] : OrdsOf(_only);
            _countedOrds = _counted.Select(OrdsOf).ToArray();
        }
        _page?.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        var ord = _ids?.GetOrd(doc) ?? -1;
        if (_only is not null && !_onlyOrds.Contains(ord)) return;
        for (var c = 0; c < _ranges.Length; c++)
        {
            var (low, lowPresent, high, highPresent) = _ranges[c];
            var value = _conditions[c].Value;
            if (lowPresent.Get(doc) && low.Get(doc) > value) return;
            if (highPresent.Get(doc) && high.Get(doc) < value) return;
        }

        var word = _words[doc];
        var failed = -1;
        foreach (var f in _filtered)
        {
            if ((word & _selected[f]) != 0) continue;
            if (failed >= 0) return;
            failed = f;
        }
        if (failed < 0)
        {
            Total++;
            for (var c = 0; c < _countedOrds.Length; c++)
                if (_countedOrds[c].Contains(ord)) CountedTotals[c]++;
            Count(word);
            _page?.Collect(doc);
            if (_firstOnly) throw new CollectionTerminatedException();
        }
        else Count(word & _layout.Masks[failed]);
    }

    private void Count(ulong bits)
    {
        for (; bits != 0; bits &= bits - 1) _countsByBit[BitOperations.TrailingZeroCount(bits)]++;
    }

    private static NumericDocValues Values(AtomicReader segment, string number) =>
        segment.GetNumericDocValues(IndexFields.Number(number)) ?? DocValues.EMPTY_NUMERIC;

    private static IBits Present(AtomicReader segment, string number) =>
        segment.GetDocsWithField(IndexFields.Number(number)) ?? new Bits.MatchNoBits(segment.MaxDoc);
}
