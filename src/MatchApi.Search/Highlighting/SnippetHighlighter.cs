using System.Text;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
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
internal sealed class SnippetHighlighter(bool morphological)
{
    public const int Length = 120;
    private const string Open = "<mark>", Close = "</mark>";

    private static readonly char[] Boundaries = [' ', '\n', '\t', '。', '、', '，', '．', '/', '（', '）'];

    private readonly FastVectorHighlighter _highlighter = new(phraseHighlight: true, fieldMatch: true);
    private readonly SimpleFragListBuilder _fragLists = new(margin: 6);
    private readonly IEncoder _encoder = new HtmlTextEncoder();

    /// <summary>Words first; the bigram runs only for a document none of whose words matched (a misspelt or unsegmented query).</summary>
    private readonly IReadOnlyList<IReadOnlyList<(string Stored, ISet<string> Matched)>> _passes =
        (morphological ? new Func<SearchField, string>[] { f => f.Morph, f => f.Bigram } : [f => f.Bigram])
        .Select(field => IndexFields.Texts.Where(f => f.Highlighted).Select(f => (f.Name, (ISet<string>)new HashSet<string> { field(f) })).ToList())
        .ToList();

    /// <summary>
    /// The terms and phrases of the executed query that can mark a highlighted field, one highlighter query per pass:
    /// the leaves of one representation only, each once, so the highlighter does not expand every pair of them.
    /// </summary>
    public IReadOnlyList<FieldQuery> Prepare(Query query, IndexReader reader)
    {
        var leaves = new List<Query>();
        Collect(query, leaves);
        return _passes.Select(pass =>
        {
            var fields = pass.SelectMany(p => p.Matched).ToHashSet();
            var only = new BooleanQuery(disableCoord: true);
            foreach (var leaf in leaves.Where(l => fields.Contains(FieldOf(l))).Distinct()) only.Add(leaf, Occur.SHOULD);
            return _highlighter.GetFieldQuery(only, reader);
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

    /// <summary>The snippets of one document (<paramref name="doc"/> as numbered in the top-level <paramref name="reader"/>).</summary>
    public IReadOnlyList<Highlight> Highlights(IReadOnlyList<FieldQuery> queries, IndexReader reader, int doc)
    {
        var highlights = new List<Highlight>();
        foreach (var (pass, query) in _passes.Zip(queries))
        {
            foreach (var (stored, matched) in pass)
            {
                var fragments = _highlighter.GetBestFragments(query, reader, doc, stored, matched, Length, 1,
                    _fragLists, new EllipsisFragmentsBuilder(), [Open], [Close], _encoder);
                if (fragments is { Length: > 0 } && !string.IsNullOrEmpty(fragments[0]))
                    highlights.Add(new Highlight(stored, fragments[0].Replace(Close + Open, "", StringComparison.Ordinal)));
            }
            if (highlights.Count > 0) break;
        }
        return highlights;
    }

    /// <summary>Marks with … a fragment that starts after the beginning or ends before the end of its field; never splits a surrogate pair.</summary>
    private sealed class EllipsisFragmentsBuilder() : SimpleFragmentsBuilder(new SimpleBoundaryScanner(10, Boundaries))
    {
        private bool _cutStart, _cutEnd;

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
