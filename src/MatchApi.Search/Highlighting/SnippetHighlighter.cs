using System.Text;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Search.VectorHighlight;
using MatchApi.Search.Indexing;

namespace MatchApi.Search.Highlighting;

/// <summary>
/// Snippets of the highlighted fields from their term vectors, with Lucene's FastVectorHighlighter: both
/// representations' matches (words and bigram runs; phrases only as whole phrases) marked in the stored text,
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

    private readonly IReadOnlyList<(string Stored, ISet<string> Matched)> _fields = IndexFields.Texts
        .Where(f => f.Highlighted)
        .Select(f => (f.Name, (ISet<string>)new HashSet<string>(morphological ? [f.Morph, f.Bigram] : [f.Bigram])))
        .ToList();

    public FieldQuery Prepare(Query query, IndexReader reader) => _highlighter.GetFieldQuery(query, reader);

    public IReadOnlyList<Highlight> Highlights(FieldQuery query, IndexReader reader, int doc)
    {
        var highlights = new List<Highlight>();
        foreach (var (stored, matched) in _fields)
        {
            var fragments = _highlighter.GetBestFragments(query, reader, doc, stored, matched, Length, 1,
                _fragLists, new EllipsisFragmentsBuilder(), [Open], [Close], _encoder);
            if (fragments is { Length: > 0 } && !string.IsNullOrEmpty(fragments[0]))
                highlights.Add(new Highlight(stored, fragments[0].Replace(Close + Open, "", StringComparison.Ordinal)));
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
