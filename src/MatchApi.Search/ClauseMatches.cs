using Microsoft.Data.Sqlite;

namespace MatchApi.Search;

/// <summary>Which documents one query clause matches, and how much of the clause each one covers.</summary>
internal sealed class ClauseMatches
{
    /// <summary>A ranking-only word (the 届ける of 途上国に届けたい) counts for this much of a content word in the coverage.</summary>
    private const double OptionalWordShare = 0.5;

    private readonly QueryPlan.Clause _clause;
    private readonly IReadOnlyList<HashSet<string>> _units;
    private readonly IReadOnlyList<HashSet<string>> _optional;
    private readonly IReadOnlyList<double> _unitWeights;
    private readonly IReadOnlyList<double> _optionalWeights;
    private readonly HashSet<string> _whole;

    private ClauseMatches(QueryPlan.Clause clause, IReadOnlyList<HashSet<string>> units, IReadOnlyList<HashSet<string>> optional,
        HashSet<string> wholeMorph, HashSet<string> wholeBigrams, int documentCount)
    {
        _clause = clause;
        _units = units;
        _optional = optional;
        _unitWeights = units.Select(u => Rarity(u.Count, documentCount)).ToList();
        _optionalWeights = optional.Select(u => OptionalWordShare * Rarity(u.Count, documentCount)).ToList();
        _whole = [.. wholeMorph.Union(wholeBigrams)];
        MatchedMorphologically = [.. wholeMorph.Union(units.SelectMany(u => u).Distinct().Where(HasEnoughUnits))];
        Matched = [.. MatchedMorphologically.Union(wholeBigrams)];
        Touched = [.. Matched.Union(units.SelectMany(u => u))];
        TouchedMorphologically = [.. wholeMorph.Union(units.SelectMany(u => u))];
        Weight = Rarity(Touched.Count, documentCount);
    }

    /// <summary>Documents the clause matches: enough of its words, or the clause as a whole.</summary>
    public HashSet<string> Matched { get; }

    /// <summary>Matched through words (MeCab terms), not only through character bigrams.</summary>
    public HashSet<string> MatchedMorphologically { get; }

    /// <summary>Documents with any of the clause's words: the any-word fallback.</summary>
    public HashSet<string> Touched { get; }

    /// <summary>Documents with any of the clause's words as words, not only as bigrams.</summary>
    public HashSet<string> TouchedMorphologically { get; }

    /// <summary>How much a match on this clause tells: rare clauses weigh more (inverse document frequency).</summary>
    public double Weight { get; }

    public string Text => _clause.Text;

    public static ClauseMatches Find(SqliteConnection connection, QueryPlan.Clause clause, int documentCount) => new(
        clause,
        clause.Units.Select(unit => SqliteFtsSearchEngine.Ids(connection, unit)).ToList(),
        clause.Optional.Select(unit => SqliteFtsSearchEngine.Ids(connection, unit)).ToList(),
        SqliteFtsSearchEngine.Ids(connection, clause.WholeMorph),
        SqliteFtsSearchEngine.Ids(connection, clause.WholeBigrams),
        documentCount);

    /// <summary>
    /// 1 when the clause matches the document as a whole, else the share of its words the document has, each word
    /// weighted by its rarity (in 米国で承認を取りたい, a scheme about 米国 covers more than one that only mentions 承認),
    /// ranking-only words at half weight, so among schemes with the content words, one that also has the verb comes first.
    /// </summary>
    public double Coverage(string id)
    {
        if (_whole.Contains(id)) return 1;
        var total = _unitWeights.Sum() + _optionalWeights.Sum();
        if (total == 0) return 0;
        return (WeightIn(_units, _unitWeights, id) + WeightIn(_optional, _optionalWeights, id)) / total;
    }

    private static double WeightIn(IReadOnlyList<HashSet<string>> words, IReadOnlyList<double> weights, string id) =>
        Enumerable.Range(0, words.Count).Where(w => words[w].Contains(id)).Sum(w => weights[w]);

    /// <summary>The coverage of the whole query: clauses weighted by rarity.</summary>
    public static double Coverage(IReadOnlyList<ClauseMatches> clauses, string id) =>
        clauses.Sum(c => c.Weight * c.Coverage(id)) / clauses.Sum(c => c.Weight);

    private static double Rarity(int matching, int documentCount) => Math.Log(1 + (double)documentCount / Math.Max(1, matching));

    private bool HasEnoughUnits(string id) => _units.Count > 0 && UnitsIn(id) >= _clause.MinimumUnits;

    private int UnitsIn(string id) => _units.Count(unit => unit.Contains(id));
}
