using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace MatchApi.Search.Querying;

/// <summary>Lucene's explanation of a term or phrase weight: the similarity's score for the document's frequency.</summary>
internal static class FrequencyExplanation
{
    /// <param name="frequency">What the scorer's frequency counts ("termFreq", "phraseFreq").</param>
    public static Explanation Of(Weight weight, Similarity similarity, Similarity.SimWeight stats, AtomicReaderContext context, int doc, string frequency)
    {
        if (weight.GetScorer(context, context.AtomicReader.LiveDocs) is not { } scorer || scorer.Advance(doc) != doc)
            return new ComplexExplanation(false, 0f, "no matching term");
        var score = similarity.GetSimScorer(stats, context).Explain(doc, new Explanation(scorer.Freq, $"{frequency}={scorer.Freq}"));
        var result = new ComplexExplanation(true, score.Value, $"weight({weight.Query} in {doc}) [{similarity.GetType().Name}], result of:");
        result.AddDetail(score);
        return result;
    }
}
