using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Lucene.Net.Util.Fst;

namespace MatchApi.Search.Analysis;

/// <summary>
/// Groups of equivalent words from data/synonyms.txt (Solr's format: one group per line, comma-separated; '#' starts a
/// comment), held in Lucene's <see cref="SynonymMap"/> with every entry analysed by one representation's analyzer, so
/// the same group is looked up by MeCab terms in one dictionary and by bigrams in another. A query applies them: a
/// word, or a whole query clause, equal to an entry also searches for every other entry of its group.
/// </summary>
public sealed class SynonymDictionary
{
    private readonly SynonymMap _map;

    private SynonymDictionary(SynonymMap map, IReadOnlyList<string> problems)
    {
        _map = map;
        Problems = problems;
    }

    /// <summary>The most terms any entry has.</summary>
    public int LongestEntry => _map.MaxHorizontalContext;

    /// <summary>Entries that analysed to nothing (e.g. only particles) and so cannot match.</summary>
    public IReadOnlyList<string> Problems { get; }

    public static SynonymDictionary Build(IEnumerable<string> lines, Analyzer analyzer)
    {
        var parser = new GroupParser(analyzer);
        parser.Parse(new StringReader(string.Join('\n', lines)));
        return new SynonymDictionary(parser.Build(), parser.Problems);
    }

    /// <summary>The other entries of every group that lists exactly these analysed terms, each as its analysed terms.</summary>
    public IReadOnlyList<string[]> Equivalents(IReadOnlyList<string> terms)
    {
        if (terms.Count == 0 || _map.Fst is null) return [];
        var key = string.Join(SynonymMap.WORD_SEPARATOR, terms);
        var output = Lucene.Net.Util.Fst.Util.Get(_map.Fst, Lucene.Net.Util.Fst.Util.ToUTF32(key, new Int32sRef()));
        if (output is null) return [];

        var reader = new ByteArrayDataInput(output.Bytes, output.Offset, output.Length);
        var count = reader.ReadVInt32() >> 1;
        var word = new BytesRef();
        var result = new List<string[]>(count);
        for (var i = 0; i < count; i++)
        {
            _map.Words.Get(reader.ReadVInt32(), word);
            var text = word.Utf8ToString();
            if (text != key) result.Add(text.Split(SynonymMap.WORD_SEPARATOR));
        }
        return result;
    }

    /// <summary>
    /// Solr's group format, analysed leniently: an entry whose analysis drops a word in the middle (の in モノのインターネット)
    /// keeps the remaining terms, and an entry that analyses to nothing is reported instead of failing the whole file.
    /// </summary>
    private sealed class GroupParser(Analyzer analyzer) : SynonymMap.Parser(dedup: true, analyzer)
    {
        private readonly Analyzer _analyzer = analyzer;

        public List<string> Problems { get; } = [];

        public override void Parse(TextReader reader)
        {
            while (reader.ReadLine() is { } line)
            {
                var entries = line.Split('#', 2)[0]
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(entry => (entry, terms: Terms(entry)))
                    .ToList();
                foreach (var (entry, _) in entries.Where(e => e.terms.Length == 0)) Problems.Add(entry);
                var analysed = entries.Where(e => e.terms.Length > 0).Select(e => SynonymMap.Builder.Join(e.terms, new CharsRef())).ToList();
                if (analysed.Count < 2) continue;
                foreach (var input in analysed)
                    foreach (var output in analysed)
                        Add(input, output, includeOrig: false);
            }
        }

        private string[] Terms(string entry)
        {
            using var stream = _analyzer.GetTokenStream("", entry);
            var term = stream.AddAttribute<ICharTermAttribute>();
            var terms = new List<string>();
            stream.Reset();
            while (stream.IncrementToken()) terms.Add(term.ToString());
            stream.End();
            return [.. terms];
        }
    }
}
