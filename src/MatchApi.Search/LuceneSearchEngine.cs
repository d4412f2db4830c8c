using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using MatchApi.Search.Analysis;
using MatchApi.Search.Analysis.MeCab;
using MatchApi.Search.Highlighting;
using MatchApi.Search.Indexing;
using MatchApi.Search.Querying;

namespace MatchApi.Search;

public sealed record SearchEngineOptions
{
    /// <summary>Folder of the on-disk index; null keeps the index in memory.</summary>
    public string? IndexDirectory { get; init; }

    /// <summary>data/synonyms.txt; null for none.</summary>
    public string? SynonymsPath { get; init; }

    /// <summary>The MeCab dictionary folder, opened by its path (never through /etc/mecabrc).</summary>
    public string DictionaryDirectory { get; init; } = MeCabTagger.IpadicDirectory;

    /// <summary>How many query texts the engine remembers the plans and weights of (0: none, every search starts afresh).</summary>
    public int RememberedQueries { get; init; } = 1000;

    /// <summary>A search of a large index runs in up to this many parts side by side (one per core).</summary>
    public int MaxSearchParts { get; init; } = Environment.ProcessorCount;

    /// <summary>Each part holds at least this many documents: on a smaller index, starting a second part costs more than it saves.</summary>
    public int MinDocumentsPerSearchPart { get; init; } = 5_000;
}

/// <summary>
/// The search engine on Lucene.Net 4.8: every text field indexed as MeCab/IPADIC terms and as CJK bigrams, BM25 with
/// field boosts, the contract's query language planned into Lucene queries, filters and disjunctive facets counted in
/// one pass over the matches, and snippets from term vectors for the page only. Without MeCab it runs on bigrams alone.
/// </summary>
public sealed class LuceneSearchEngine : ISearchEngine
{
    private static readonly string CodeVersion = typeof(LuceneSearchEngine).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    private readonly MeCabTagger? _tagger;
    private readonly JapaneseAnalyzer? _morphological;
    private readonly BigramAnalyzer _bigrams = new();
    private readonly Analyzer _indexAnalyzer;
    private readonly CatalogIndex _index;
    private readonly FacetLayout _facets;
    private readonly QueryPlanner _planner;
    private readonly BoundedCache<string, PlannedQuery> _plans;
    private readonly SnippetHighlighter _highlighter;
    private readonly Suggester? _suggester;
    private readonly string _analysisKey;
    private readonly string? _amountNumber;

    public LuceneSearchEngine(SearchEngineOptions options, SearchSchema schema)
    {
        _tagger = MeCabTagger.TryOpen(options.DictionaryDirectory, out var error);
        _morphological = _tagger is null ? null : new JapaneseAnalyzer(_tagger);
        _indexAnalyzer = new PerFieldAnalyzerWrapper(_bigrams, IndexFields.Texts
            .SelectMany(f => new[] { (f.Bigram, (Analyzer)_bigrams), (f.Morph, (Analyzer?)_morphological ?? _bigrams) })
            .Append((IndexFields.AllBigrams, _bigrams))
            .ToDictionary(x => x.Item1, x => x.Item2));

        var lines = options.SynonymsPath is { } path && File.Exists(path) ? File.ReadAllLines(path) : [];
        var morphSynonyms = _morphological is null ? null : SynonymDictionary.Build(lines, _morphological);
        var bigramSynonyms = SynonymDictionary.Build(lines, _bigrams);
        _planner = new QueryPlanner(_morphological, _bigrams, morphSynonyms, bigramSynonyms);
        _highlighter = new SnippetHighlighter(_bigrams, morphological: _morphological is not null);
        _suggester = _morphological is null ? null : new Suggester();
        _facets = new FacetLayout(schema);
        _amountNumber = schema.AmountNumber;
        _analysisKey = $"{CodeVersion};{_tagger?.Dictionary.Fingerprint ?? "bigram-only"};{schema.Fingerprint}";
        _plans = new BoundedCache<string, PlannedQuery>(options.RememberedQueries);
        _index = new CatalogIndex(options.IndexDirectory, _indexAnalyzer, new CoverageSimilarity(), options.RememberedQueries,
            new SearchParts(options.MaxSearchParts, options.MinDocumentsPerSearchPart));

        var synonymProblems = (morphSynonyms?.Problems ?? []).Concat(bigramSynonyms.Problems).Distinct().ToList();
        var warnings = new[]
        {
            _tagger is null ? error + " Search falls back to character bigrams only." : null,
            _tagger is { Dictionary.IsIpadic: false } ? $"The MeCab dictionary in {_tagger.Dictionary.Directory} is not IPADIC; words are split differently from what the ranking was tuned on." : null,
            synonymProblems.Count > 0 ? $"Synonym entries that analyse to nothing cannot match: {string.Join(", ", synonymProblems)}." : null,
        }.OfType<string>().ToList();
        Status = new SearchEngineStatus(
            _tagger is null ? AnalysisMode.BigramOnly : AnalysisMode.Morphological,
            _tagger?.Dictionary,
            warnings.Count > 0 ? string.Join(" ", warnings) : null);
    }

    public SearchEngineStatus Status { get; }

    public string? PublishedVersion => _index.VersionBuiltBy(_analysisKey);

    public void Publish(string version, IEnumerable<SearchDocument> documents) =>
        _index.Replace(version, _analysisKey, documents, ToLucene);

    /// <summary>How many parts a search of the published index runs in.</summary>
    internal int SearchPartCount => _index.Read(searcher => searcher.PartCount);

    public bool Relabel(string from, string to) => _index.Relabel(_analysisKey, from, to);

    public void Apply(string version, IEnumerable<SearchDocument> upserts, IEnumerable<string> deletions) =>
        _index.Apply(version, _analysisKey, upserts, deletions, ToLucene);

    private Lucene.Net.Documents.Document ToLucene(SearchDocument document) =>
        IndexFields.Create(document, _morphological is not null, phrase => _tagger is null ? [] : Suggester.ReadingsOf(_tagger, phrase), _amountNumber);

    public SearchResponse Search(SearchRequest request)
    {
        var text = string.IsNullOrWhiteSpace(request.Text) ? null : request.Text;
        var plan = text is null ? null : Plan(text);
        if (plan is { HasTerms: false })
            return new SearchResponse(0, [], _facets.Counts(new int[64]), MatchMode.NoTerms) { CountedMatches = request.Counted.Keys.ToDictionary(name => name, _ => 0) };

        return _index.Read(searcher =>
        {
            var query = plan?.AllTerms ?? AllDocuments;
            var page = plan is not null && request.Sort is SearchSort.RelevanceSort
                ? Collect(searcher, plan.FirstPass, request, plan.Rescoring)
                : Collect(searcher, query, request);
            MatchMode? mode = plan is null ? null : MatchMode.AllTerms;
            IReadOnlyList<string> unmatched = [];
            bool[] touched = [];
            if (plan is not null && page.Total == 0)
            {
                query = plan.AnyTerm;
                page = Collect(searcher, query, request);
                mode = MatchMode.AnyTerm;
                touched = plan.Required.Select(c => Matches(searcher, c.Touching, request)).ToArray();
                unmatched = plan.Required.Where((_, i) => !touched[i]).Select(c => c.Text).ToList();
            }
            var hits = Hits(searcher, page.Docs, page.MaxScore, plan is null ? null : query);
            // Suggestions for every word that no document matches as a whole word, even where its parts touch some
            // (what matches a clause also touches it, so a clause that touches nothing needs no second look).
            var suggestions = mode == MatchMode.AnyTerm && _suggester is not null
                ? _suggester.Suggest(searcher, text!, plan!.Required.Where((c, i) => !touched[i] || !Matches(searcher, c.Matching, request)).Select(c => c.Text).ToList())
                : [];
            return new SearchResponse(page.Total, hits, page.Facets, mode)
            {
                UnmatchedWords = unmatched,
                Suggestions = suggestions,
                CountedMatches = request.Counted.Keys.Zip(page.Counted).ToDictionary(),
            };
        });
    }

    public TextMatches MatchText(string text, int highlighted)
    {
        var plan = Plan(text);
        if (!plan.HasTerms) return new TextMatches([], MatchMode.NoTerms);
        return _index.Read(searcher =>
        {
            var all = new SearchRequest { PageSize = Math.Max(1, searcher.IndexReader.MaxDoc) };
            var full = Collect(searcher, plan.AllTerms, all);
            var hits = Hits(searcher, full.Docs.Take(highlighted).ToList(), full.MaxScore, plan.AllTerms)
                .Concat(Hits(searcher, full.Docs.Skip(highlighted).ToList(), full.MaxScore, plan.AllTerms, highlight: false))
                .ToList();

            // Documents with some of the clauses: which ones, scored by the any-word query.
            var matchedBy = plan.Required.Select(c => DocumentsOf(searcher, c.Matching)).ToList();
            var fullDocs = full.Docs.Select(d => d.Doc).ToHashSet();
            var some = Collect(searcher, plan.AnyTerm, all);
            var partialDocs = some.Docs.Where(d => !fullDocs.Contains(d.Doc) && matchedBy.Any(m => m.Contains(d.Doc))).ToList();
            var best = partialDocs.Count == 0 ? 1 : partialDocs.Max(d => d.Score);
            var partial = Hits(searcher, partialDocs.Take(highlighted).ToList(), best, plan.AnyTerm)
                .Concat(Hits(searcher, partialDocs.Skip(highlighted).ToList(), best, plan.AnyTerm, highlight: false))
                .Zip(partialDocs, (hit, doc) => new PartialHit(hit.Id, hit.Score ?? 0,
                    plan.Required.Where((_, c) => matchedBy[c].Contains(doc.Doc)).Select(c => c.Text).ToList(),
                    plan.Required.Where((_, c) => !matchedBy[c].Contains(doc.Doc)).Select(c => c.Text).ToList(),
                    hit.Highlights))
                .ToList();

            var mode = full.Total > 0 ? MatchMode.AllTerms : MatchMode.AnyTerm;
            IReadOnlyList<string> unmatched = mode == MatchMode.AnyTerm
                ? plan.Required.Where(c => !Matches(searcher, c.Touching, all)).Select(c => c.Text).ToList()
                : [];
            return new TextMatches(hits, mode) { UnmatchedWords = unmatched, Partial = partial };
        });
    }

    public AnalysisResult Analyze(string text)
    {
        if (text.Length > UserQuery.MaxLength) text = text[..UserQuery.MaxLength];
        var chains = new ChainAnalyzer?[] { _morphological, _bigrams }.OfType<ChainAnalyzer>()
            .Select(a => (analyzer: a, stages: a.Explain(text)))
            .ToList();
        IReadOnlyList<AnalyzedToken> Final(string representation) =>
            chains.FirstOrDefault(c => c.analyzer.Representation == representation).stages?[^1].Tokens ?? [];
        return new AnalysisResult(
            Status.Mode,
            Final("morphological"),
            Final("bigram"),
            chains.Select(c => new RepresentationExplanation(c.analyzer.Representation,
                c.analyzer.Representation == "bigram" ? "b_*" : "m_*", c.analyzer.CharFilterDescription, c.stages)).ToList());
    }

    public void Dispose()
    {
        _index.Dispose();
        _indexAnalyzer.Dispose();
        _tagger?.Dispose();
    }

    private PlannedQuery Plan(string text) => _plans.GetOrAdd(text, _planner.Plan);

    private static readonly Query AllDocuments = new MatchAllDocsQuery();

    private sealed record CollectedPage(int Total, IReadOnlyList<ScoreDoc> Docs, float MaxScore, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets, int[] Counted);

    /// <summary>
    /// How many of the best matches by the first pass (<see cref="PlannedQuery.FirstPass"/>) the whole query scores again
    /// and reorders (Solr's re-rank window): scoring the proximity bonuses' sloppy phrases and the clauses' whole forms
    /// on every match was a third of a search on a large catalog, and what they add seldom lifts a match from below this
    /// many into the first pages. The window is fixed, so pages never overlap or skip a match; a catalog of fewer
    /// matches is ranked exactly as by the whole query.
    /// </summary>
    public const int ReorderedMatches = 200;

    /// <param name="reorder">The whole query, which scores the best <see cref="ReorderedMatches"/> matches again; they are then sorted again.</param>
    private CollectedPage Collect(CatalogSearcher searcher, Query query, SearchRequest request, Query? reorder = null)
    {
        var maxDoc = searcher.IndexReader.MaxDoc;
        var skip = (long)(request.Page - 1) * request.PageSize;
        var collected = Math.Min(Math.Max(skip + request.PageSize, reorder is null ? 0 : ReorderedMatches), maxDoc);
        var sort = SortOf(request.Sort);
        var parts = searcher.RunInParts(query, () => new FilteringCollector(_facets, request.Filters, request.Conditions,
            skip < maxDoc ? TopFieldCollector.Create(sort, (int)collected, fillFields: true, trackDocScores: true, trackMaxScore: true, docsScoredInOrder: true) : null,
            request.Only, counted: request.Counted.Values.ToList()));
        var docs = parts[0].Page is null ? null
            : parts.Count == 1 ? parts[0].Page!.GetTopDocs()
            : TopDocs.Merge(sort, (int)collected, parts.Select(p => p.Page!.GetTopDocs()).ToArray());
        var ranked = docs is null ? [] : reorder is null ? docs.ScoreDocs : Reordered(searcher, docs.ScoreDocs, reorder);
        var maxScore = reorder is null ? docs?.MaxScore ?? 0 : ranked.FirstOrDefault()?.Score ?? 0;
        var (total, counted, facets) = FilteringCollector.Sum(parts);
        return new CollectedPage(total, ranked.Skip((int)Math.Min(skip, ranked.Length)).Take(request.PageSize).ToList(), maxScore, facets, counted);
    }


    /// <summary>The best matches scored by the whole query, best first (ties by id, as <see cref="SortOf"/>), then the rest as they were.</summary>
    private static ScoreDoc[] Reordered(CatalogSearcher searcher, ScoreDoc[] ranked, Query whole)
    {
        var window = ranked.Take(ReorderedMatches).ToArray();
        var weight = searcher.WeightOf(whole);
        var leaves = searcher.IndexReader.Leaves;
        foreach (var inLeaf in window.OrderBy(d => d.Doc).GroupBy(d => ReaderUtil.SubIndex(d.Doc, leaves)))
        {
            var leaf = leaves[inLeaf.Key];
            // Only the window's documents are accepted (they are live: the first pass found them), so the whole query's
            // phrases are confirmed on those alone, not on every document between two of them.
            var accepted = new FixedBitSet(leaf.AtomicReader.MaxDoc);
            foreach (var hit in inLeaf) accepted.Set(hit.Doc - leaf.DocBase);
            var scorer = weight.GetScorer(leaf, accepted);
            if (scorer is null) continue;
            foreach (var hit in inLeaf)
            {
                var doc = hit.Doc - leaf.DocBase;
                if (scorer.DocID < doc) scorer.Advance(doc);
                if (scorer.DocID == doc) hit.Score = scorer.GetScore();
            }
        }
        // Ids are read only for the ties, which are few.
        var ids = new Dictionary<int, string>();
        string Id(ScoreDoc hit) => ids.TryGetValue(hit.Doc, out var id) ? id : ids[hit.Doc] = IdOf(searcher.IndexReader, hit.Doc);
        Array.Sort(window, (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(Id(a), Id(b)));
        return [.. window, .. ranked.Skip(window.Length)];
    }

    /// <summary>The (top-level) numbers of every document the query matches, unscored.</summary>
    private static HashSet<int> DocumentsOf(CatalogSearcher searcher, Query query)
    {
        var documents = new DocumentsCollector();
        searcher.Run(query, documents);
        return documents.Found;
    }

    private sealed class DocumentsCollector : ICollector
    {
        private int _base;

        public HashSet<int> Found { get; } = [];
        public bool AcceptsDocsOutOfOrder => false;
        public void SetScorer(Scorer scorer) { }
        public void SetNextReader(AtomicReaderContext context) => _base = context.DocBase;
        public void Collect(int doc) => Found.Add(_base + doc);
    }

    private bool Matches(CatalogSearcher searcher, Query query, SearchRequest request)
    {
        var collector = new FilteringCollector(_facets, request.Filters, request.Conditions, page: null, request.Only, firstOnly: true);
        searcher.Run(query, collector);
        return collector.Total > 0;
    }

    /// <summary>The page's ids, scores relative to the best match (with text), and snippets when a query to highlight is given.</summary>
    private IReadOnlyList<SearchHit> Hits(CatalogSearcher searcher, IReadOnlyList<ScoreDoc> docs, float maxScore, Query? textQuery, bool highlight = true)
    {
        var fieldQuery = textQuery is null || !highlight || docs.Count == 0 ? null : searcher.Derived(textQuery, () => _highlighter.Prepare(textQuery, searcher.IndexReader));
        return docs.Select(d => new SearchHit(
                IdOf(searcher.IndexReader, d.Doc),
                textQuery is not null && maxScore > 0 ? d.Score / maxScore : null,
                fieldQuery is null ? [] : searcher.Derived((fieldQuery, d.Doc), () => _highlighter.Highlights(fieldQuery, searcher.IndexReader, d.Doc))))
            .ToList();
    }

    /// <summary>The id from its doc values, without decompressing the stored fields.</summary>
    private static string IdOf(IndexReader reader, int doc)
    {
        var leaf = reader.Leaves[ReaderUtil.SubIndex(doc, reader.Leaves)];
        var id = new Lucene.Net.Util.BytesRef();
        leaf.AtomicReader.GetSortedDocValues(IndexFields.Id).Get(doc - leaf.DocBase, id);
        return id.Utf8ToString();
    }

    private static Sort SortOf(SearchSort sort)
    {
        var byId = new SortField(IndexFields.Id, SortFieldType.STRING);
        return sort switch
        {
            SearchSort.NameSort => new Sort(new SortField(IndexFields.SortName, SortFieldType.STRING), byId),
            SearchSort.NumberSort n => new Sort(LargestFirst(IndexFields.Number(n.Number)), byId),
            _ => new Sort(SortField.FIELD_SCORE, byId),
        };
    }

    /// <summary>Largest first; a document without the number comes last.</summary>
    private static SortField LargestFirst(string field)
    {
        var sort = new SortField(field, SortFieldType.INT64, reverse: true);
        sort.SetMissingValue(long.MinValue);
        return sort;
    }
}
