using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using MatchApi.Search.Querying;

namespace MatchApi.Search.Tests;

/// <summary>
/// A word clause's first pass matches what the sum of its words and whole forms matches, scores a document the words
/// match by the words alone, and one only a whole form matches by the whole forms; a phrase's candidate (all its words,
/// not in order) is confirmed before it counts.
/// </summary>
public sealed class WordsFirstQueryTests : IDisposable
{
    private static readonly (string F, string G)[] Texts =
    [
        ("a x", ""), ("b c", ""), ("b y c", "x"), ("a b c", "b c"), ("c b", "x"), ("x", "b c"), ("a", "a"),
        ("b c b c", "x"), ("c y b", ""), ("y", "c b"), ("a c b", "x"), ("b", "c"),
    ];

    private readonly TwoSegmentIndex _index = new(Texts
        .Select(t => new Document { new TextField("f", t.F, Field.Store.NO), new TextField("g", t.G, Field.Store.NO) })
        .ToList());

    private IndexSearcher Searcher => _index.Searcher;

    private static ExactPhraseQuery Phrase(string field, string words, float boost = 1f)
    {
        var phrase = new ExactPhraseQuery { Boost = boost };
        foreach (var word in words.Split(' ')) phrase.Add(new Term(field, word));
        return phrase;
    }

    /// <summary>The words: "a" (and "x" ranking only) as the planner builds them; the whole forms: phrases across fields.</summary>
    private static (Query Words, Query[] Wholes) Clause() => (
        new BooleanQuery(disableCoord: true) { { new TermQuery(new Term("f", "a")), Occur.MUST }, { new TermQuery(new Term("g", "x")) { Boost = 0.5f }, Occur.SHOULD } },
        [new FieldsMaxQuery(0.3f) { Phrase("f", "b c", 2f), Phrase("g", "b c") }, Phrase("f", "c b", 0.5f)]);

    /// <summary>The clause as <see cref="PlannedQuery.Matching"/> has it: the words and every whole form summed.</summary>
    private static Query Summed(Query words, IEnumerable<Query> wholes)
    {
        var sum = new BooleanQuery(disableCoord: true) { { words, Occur.SHOULD } };
        foreach (var whole in wholes) sum.Add(whole, Occur.SHOULD);
        return sum;
    }

    private Dictionary<int, float> Scores(Query query) => Searcher.Search(query, 100).ScoreDocs.ToDictionary(d => d.Doc, d => d.Score);

    [Fact]
    public void Matches_the_sum_and_scores_the_words_where_they_match_and_the_whole_forms_elsewhere()
    {
        var (words, wholes) = Clause();
        var first = Scores(new WordsFirstQuery(words, wholes));
        var summed = Scores(Summed(words, wholes));
        var byWords = Scores(words);

        Assert.Equal(summed.Keys.Order(), first.Keys.Order());
        Assert.Equal([0, 1, 3, 4, 5, 6, 7, 10], first.Keys.Order()); // not b y c, c y b, c b where only b c is asked, b and c in two fields
        foreach (var (doc, score) in first)
            Assert.Equal(byWords.TryGetValue(doc, out var wordsScore) ? wordsScore : summed[doc], score, 5);
        Assert.True(summed[3] > first[3], "a document both match scores more in the sum: the whole forms were left out for it");
    }

    /// <summary>Inside a conjunction it is advanced to the other clause's documents, as the planner's queries do.</summary>
    [Fact]
    public void Advanced_by_a_conjunction_it_matches_what_the_sum_matches()
    {
        var (words, wholes) = Clause();
        Query With(Query clause) => new BooleanQuery(disableCoord: true) { { clause, Occur.MUST }, { new TermQuery(new Term("g", "x")), Occur.MUST } };

        Assert.Equal(Scores(With(Summed(words, wholes))).Keys.Order(), Scores(With(new WordsFirstQuery(words, wholes))).Keys.Order());
        Assert.NotEmpty(Scores(With(new WordsFirstQuery(words, wholes))));
    }

    [Fact]
    public void Without_words_in_the_index_it_is_the_sum_of_the_whole_forms()
    {
        var (_, wholes) = Clause();
        var missing = new TermQuery(new Term("f", "nowhere"));
        var first = Scores(new WordsFirstQuery(missing, wholes));
        var summed = Scores(Summed(missing, wholes));
        Assert.Equal(summed.Keys.Order(), first.Keys.Order());
        foreach (var (doc, score) in first) Assert.Equal(summed[doc], score, 5);
    }

    public void Dispose() => _index.Dispose();
}
