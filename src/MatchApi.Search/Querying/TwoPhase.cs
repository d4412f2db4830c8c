using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace MatchApi.Search.Querying;

/// <summary>
/// A weight that can also give a two-phase scorer (Lucene 5's TwoPhaseIterator): one that stops on candidates, cheap
/// to find (a phrase's documents with all its words), and confirms one only when asked (reading the positions).
/// </summary>
internal interface ITwoPhaseWeight
{
    Scorer? GetTwoPhaseScorer(AtomicReaderContext context, IBits acceptDocs);
}

/// <summary>A scorer on a candidate document; score it only after <see cref="Matches"/> said yes.</summary>
internal interface ITwoPhaseScorer
{
    /// <summary>Whether the current candidate really matches (worked out once per document).</summary>
    bool Matches();
}

internal static class TwoPhase
{
    /// <summary>The weight's two-phase scorer where it has one, its plain scorer otherwise.</summary>
    public static Scorer? ScorerOf(Weight weight, AtomicReaderContext context, IBits acceptDocs) =>
        weight is ITwoPhaseWeight twoPhase ? twoPhase.GetTwoPhaseScorer(context, acceptDocs) : weight.GetScorer(context, acceptDocs);

    /// <summary>Whether the scorer's current document matches: a plain scorer's always does.</summary>
    public static bool Matches(Scorer scorer) => scorer is not ITwoPhaseScorer twoPhase || twoPhase.Matches();
}
