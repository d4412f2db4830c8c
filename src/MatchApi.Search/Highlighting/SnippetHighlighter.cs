using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Index.Memory;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Search.VectorHighlight;
using MatchApi.Search.Indexing;

namespace MatchApi.Search.Highlighting;

/// <summary>
/// Snippets of the highlighted fields from their term vectors, with Lucene's FastVectorHighlighter: the matched words
/// (or, failing those, bigram runs; phrases only as whole phrases) marked in the stored text,
/// HTML-escaped, &lt;mark&gt; around each match, about <see cref="Length"/> characters around the first matches,
/// with … where the field goes on.
/// </summary>
internal sealed class SnippetHighlighter(Analyzer bigrams, bool morphological)
{
    public const int Length = 120;
    private const string Open = "<mark>", Close = "</mark>";

    private static readonly char[] Boundaries = [' ', '\n', '\t', '。', '、', '，', '．', '/', '（', '）'];

    private readonly FastVectorHighlighter _highlighter = new(phraseHighlight: true, fieldMatch: true);
    private readonly SimpleFragListBuilder _fragLists = new(margin: 6);
    private readonly IEncoder _encoder = new HtmlTextEncoder();

    /// <summary>
    /// The highlighted fields' stored texts, each with the field whose term vectors mark it. <paramref name="Reanalysed"/>:
    /// the index does not hold that field (with MeCab, bigrams are indexed only in the one field of all texts, which
    /// queries search), so the page's texts are analysed again into bigrams for their snippets.
    /// </summary>
    private sealed record Pass(IReadOnlyList<(string Stored, string Marked)> Fields, bool Reanalysed);

    /// <summary>Words first; the bigram runs only for a document none of whose words matched (a misspelt or unsegmented query).</summary>
    private readonly IReadOnlyList<Pass> _passes = morphological
        ? [PassOf(f => f.Morph, reanalysed: false), PassOf(f => f.Bigram, reanalysed: true)]
        : [PassOf(f => f.Bigram, reanalysed: false)];

    private static Pass PassOf(Func<SearchField, string> marked, bool reanalysed) =>
        new(IndexFields.Texts.Where(f => f.Highlighted).Select(f => (f.Name, marked(f))).ToList(), reanalysed);

    /// <summary>
    /// The terms and phrases of the executed query that can mark a highlighted field, one highlighter query per pass
    /// (null for a pass the query has nothing for): the leaves of one representation only, each once, so the
    /// highlighter does not expand every pair of them. A reanalysed pass takes the leaves of the field of all bigrams,
    /// asked for in each field it marks.
    /// </summary>
    public IReadOnlyList<FieldQuery?> Prepare(Query query, IndexReader reader)
    {
        var leaves = new List<Query>();
        Collect(query, leaves);
        return _passes.Select(pass =>
        {
            var marked = pass.Fields.Select(f => f.Marked).ToList();
            var passLeaves = pass.Reanalysed
                ? leaves.Where(l => FieldOf(l) == IndexFields.AllBigrams).SelectMany(l => marked.Select(field => InField(l, field)))
                : leaves.Where(l => marked.Contains(FieldOf(l)));
            var only = new BooleanQuery(disableCoord: true);
            foreach (var leaf in passLeaves.Distinct()) only.Add(leaf, Occur.SHOULD);
            return only.Clauses.Count == 0 ? null : _highlighter.GetFieldQuery(only, reader);
        }).ToList();
    }

    private static void Collect(Query query, List<Query> leaves)
    {
        switch (query)
        {
            case BooleanQuery boolean:
                foreach (var clause in boolean.Clauses.Where(c => !c.IsProhibited)) Collect(clause.Query, leaves);
                break;
            case DisjunctionMaxQuery disjunction:
                foreach (var q in disjunction.Disjuncts) Collect(q, leaves);
                break;
            case TermQuery or PhraseQuery:
                leaves.Add(query);
                break;
        }
    }

    private static string FieldOf(Query leaf) => leaf switch
    {
        TermQuery t => t.Term.Field,
        PhraseQuery p => p.GetTerms()[0].Field,
        _ => "",
    };

    /// <summary>The same term or phrase (terms at the same positions) in another field.</summary>
    private static Query InField(Query leaf, string field)
    {
        if (leaf is TermQuery term) return new TermQuery(new Term(field, term.Term.Bytes));
        var phrase = (PhraseQuery)leaf;
        var moved = new PhraseQuery { Slop = phrase.Slop };
        foreach (var (t, position) in phrase.GetTerms().Zip(phrase.GetPositions())) moved.Add(new Term(field, t.Bytes), position);
        return moved;
    }

    /// <summary>The snippets of one document (<paramref name="doc"/> as numbered in the top-level <paramref name="reader"/>).</summary>
    public IReadOnlyList<Highlight> Highlights(IReadOnlyList<FieldQuery?> queries, IndexReader reader, int doc)
    {
        var highlights = new List<Highlight>();
        foreach (var (pass, query) in _passes.Zip(queries))
        {
            if (query is null) continue;
            var stored = pass.Reanalysed ? reader.Document(doc) : null;
            var (vectors, vectorsDoc) = stored is null ? (reader, doc) : (Reanalysed(pass, stored), 0);
            foreach (var (field, marked) in pass.Fields)
            {
                var fragments = _highlighter.GetBestFragments(query, vectors, vectorsDoc, field, new HashSet<string> { marked }, Length, 1,
                    _fragLists, new EllipsisFragmentsBuilder(stored), [Open], [Close], _encoder);
                if (fragments is { Length: > 0 } && !string.IsNullOrEmpty(fragments[0]))
                    highlights.Add(new Highlight(field, fragments[0].Replace(Close + Open, "", StringComparison.Ordinal)));
            }
            if (highlights.Count > 0) break;
        }
        return highlights;
    }

    /// <summary>A one-document index of the stored texts' bigrams, with the term vectors the highlighter reads.</summary>
    private IndexReader Reanalysed(Pass pass, Document stored)
    {
        var memory = new MemoryIndex(storeOffsets: true);
        foreach (var (field, marked) in pass.Fields)
            if (stored.Get(field) is { Length: > 0 } text) memory.AddField(marked, text, bigrams);
        return memory.CreateSearcher().IndexReader;
    }

    /// <summary>
    /// Marks with … a fragment that starts after the beginning or ends before the end of its field; never splits a
    /// surrogate pair. Takes the field's text from <paramref name="stored"/> when given (the term vectors came from elsewhere).
    /// </summary>
    private sealed class EllipsisFragmentsBuilder(Document? stored) : SimpleFragmentsBuilder(new SimpleBoundaryScanner(10, Boundaries))
    {
        private bool _cutStart, _cutEnd;

        protected override Field[] GetFields(IndexReader reader, int docId, string fieldName) => stored is null
            ? base.GetFields(reader, docId, fieldName)
            : stored.GetValues(fieldName).Select(text => new Field(fieldName, text, TextField.TYPE_STORED)).ToArray();

        protected override string GetFragmentSourceMSO(StringBuilder buffer, int[] index, Field[] values, int startOffset, int endOffset, int[] modifiedStartOffset)
        {
            var source = base.GetFragmentSourceMSO(buffer, index, values, startOffset, endOffset, modifiedStartOffset);
            var start = modifiedStartOffset[0];
            var end = start + source.Length;
            if (start > 0 && start < buffer.Length && char.IsLowSurrogate(buffer[start])) start--;
            if (end < buffer.Length && char.IsLowSurrogate(buffer[end])) end++;
            var length = values.Sum(v => v.GetStringValue().Length + 1) - 1;
            _cutStart = start > 0;
            _cutEnd = end < length;
            modifiedStartOffset[0] = start;
            return buffer.ToString(start, Math.Min(end, buffer.Length) - start);
        }

        protected override string MakeFragment(StringBuilder buffer, int[] index, Field[] values, FieldFragList.WeightedFragInfo fragInfo,
            string[] preTags, string[] postTags, IEncoder encoder)
        {
            var fragment = base.MakeFragment(buffer, index, values, fragInfo, preTags, postTags, encoder);
            return (_cutStart ? "…" : "") + fragment + (_cutEnd ? "…" : "");
        }
    }

    /// <summary>
    /// Escapes the five characters that are markup in HTML and leaves the rest as they are (Lucene's SimpleHTMLEncoder
    /// writes every non-ASCII character as a numeric entity, which would make Japanese snippets unreadable as JSON).
    /// </summary>
    private sealed class HtmlTextEncoder : IEncoder
    {
        public string EncodeText(string originalText) => originalText
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("'", "&#39;", StringComparison.Ordinal);
    }
}
