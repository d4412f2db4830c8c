using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace MatchApi.Search.Indexing;

/// <summary>
/// Every facet code of the schema as one bit of a 64-bit word, and for each index segment the word of each document
/// (read once from its facet doc values), so that filtering and disjunctive facet counting cost one word per document.
/// </summary>
internal sealed class FacetLayout
{
    private readonly IReadOnlyList<FacetDefinition> _facets;
    private readonly int[] _offsets;
    private readonly ConditionalWeakTable<object, ulong[]> _bySegment = new();

    public FacetLayout(SearchSchema schema)
    {
        _facets = schema.Facets;
        _offsets = new int[_facets.Count];
        var bits = 0;
        for (var f = 0; f < _facets.Count; f++)
        {
            _offsets[f] = bits;
            bits += _facets[f].Codes.Count;
        }
        if (bits > 64) throw new ArgumentException($"The facets have {bits} codes; at most 64 fit the facet word.", nameof(schema));
        Masks = Enumerable.Range(0, _facets.Count).Select(f => MaskOf(f, _facets[f].Codes)).ToArray();
    }

    public IReadOnlyList<FacetDefinition> Facets => _facets;

    /// <summary>Per facet, the bits of all its codes.</summary>
    public ulong[] Masks { get; }

    public int Index(string facet) => _facets.ToList().FindIndex(f => f.Name == facet);

    /// <summary>The bits of the given codes of facet <paramref name="f"/>; unknown codes have none.</summary>
    public ulong MaskOf(int f, IEnumerable<string> codes)
    {
        ulong mask = 0;
        foreach (var code in codes)
        {
            var j = _facets[f].Codes.ToList().IndexOf(code);
            if (j >= 0) mask |= 1UL << (_offsets[f] + j);
        }
        return mask;
    }

    /// <summary>Counts per bit, read back as per facet and code.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Counts(int[] countsByBit)
    {
        var counts = new Dictionary<string, IReadOnlyDictionary<string, int>>(_facets.Count);
        for (var f = 0; f < _facets.Count; f++)
        {
            var codes = _facets[f].Codes;
            var byCode = new Dictionary<string, int>(codes.Count);
            for (var j = 0; j < codes.Count; j++) byCode[codes[j]] = countsByBit[_offsets[f] + j];
            counts[_facets[f].Name] = byCode;
        }
        return counts;
    }

    public ulong[] WordsOf(AtomicReader segment) => _bySegment.GetValue(segment.CoreCacheKey, _ => Read(segment));

    private ulong[] Read(AtomicReader segment)
    {
        var words = new ulong[segment.MaxDoc];
        var scratch = new BytesRef();
        for (var f = 0; f < _facets.Count; f++)
        {
            var values = segment.GetSortedSetDocValues(IndexFields.Facet(_facets[f].Name));
            if (values is null) continue;
            var bitOfOrd = new ulong[values.ValueCount];
            for (long ord = 0; ord < values.ValueCount; ord++)
            {
                values.LookupOrd(ord, scratch);
                bitOfOrd[ord] = MaskOf(f, [scratch.Utf8ToString()]);
            }
            for (var doc = 0; doc < words.Length; doc++)
            {
                values.SetDocument(doc);
                for (var ord = values.NextOrd(); ord != SortedSetDocValues.NO_MORE_ORDS; ord = values.NextOrd())
                    words[doc] |= bitOfOrd[ord];
            }
        }
        return words;
    }
}
