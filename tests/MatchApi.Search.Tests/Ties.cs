namespace MatchApi.Search.Tests;

/// <summary>
/// Rankings compared across two ways of scoring: Lucene sums a document's clause scores in the order its scorers' heap
/// holds them, which depends on how the scorer got there, so the same document can score one float step apart.
/// </summary>
internal static class Ties
{
    /// <summary>Best first, hits within a millionth of the score above them as one tie, in id order.</summary>
    public static IEnumerable<SearchHit> ById(IEnumerable<SearchHit> hits)
    {
        var ties = new List<List<SearchHit>>();
        foreach (var hit in hits.OrderByDescending(h => h.Score))
            if (ties.Count > 0 && ties[^1][0].Score - hit.Score < 1e-6) ties[^1].Add(hit);
            else ties.Add([hit]);
        return ties.SelectMany(tie => tie.OrderBy(h => h.Id, StringComparer.Ordinal));
    }
}
