using Lucene.Net.Search.Similarities;

namespace MatchApi.Search.Querying;

/// <summary>
/// BM25, set explicitly (Lucene 4.8's default is TF-IDF), with a coverage factor for the queries that ask for enough of
/// a clause's words: a document with two of three words scores (2/3)² of the sum of its word scores, so schemes that
/// cover more of what was asked rank first. Every other boolean query disables coord.
/// </summary>
internal sealed class CoverageSimilarity : BM25Similarity
{
    public override float Coord(int overlap, int maxOverlap) => maxOverlap == 0 ? 1f : MathF.Pow((float)overlap / maxOverlap, 2);
}
