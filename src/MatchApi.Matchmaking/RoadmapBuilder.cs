using MatchApi.Catalog;
using MatchApi.Catalog.Model;
using MatchApi.Search;

namespace MatchApi.Matchmaking;

/// <summary>What to apply to at one stage of the path to market.</summary>
public sealed record RoadmapStage(string Stage, IReadOnlyList<Recommendation> Items);

/// <summary>
/// The path from the current stage to 事業展開: per stage the best few eligible schemes that state they support it,
/// and the soft-support desks that span stages (consulting windows, networks) once, alongside.
/// </summary>
public sealed record Roadmap(IReadOnlyList<RoadmapStage> Stages, IReadOnlyList<Recommendation> Desks, MatchMode? MatchMode);

public sealed class RoadmapBuilder(Recommender recommender)
{
    public const int DefaultPerStage = 3;
    public const int MaxPerStage = 10;
    public const int DeskLimit = 5;

    /// <summary>
    /// A soft-support desk spans stages when the sources tag it with at least this many stages, or with none (no stage restriction stated).
    /// Desks confirmed to span at least this many stages of the path from the current stage are listed first (stable: then by score).
    /// </summary>
    public const int DeskMinStages = 2;

    /// <param name="profile">Stage = the current stage (null: from 基礎研究); applicant, needs, support types, query, activeOn as for recommendations.</param>
    public Roadmap Build(CatalogSnapshot catalog, Profile profile, int perStage)
    {
        var current = profile.Stage ?? Vocabularies.Stage.Terms[0].Code;
        var path = Vocabularies.Stage.Terms.Select(t => t.Code)
            .Where(code => Vocabularies.Stage.Order(code) >= Vocabularies.Stage.Order(current))
            .ToList();

        // One text search for the whole roadmap: every ranking below reuses its relevance.
        var text = recommender.MatchText(catalog, profile.Query);

        // Desks: ranked without a stage, eligible for the applicant and period.
        var deskRanking = recommender.Rank(catalog, profile with { Stage = null, IncludeIneligible = false }, text);
        // Desks whose sources confirm they span stages of this path come before desks with no stated stage.
        var desks = deskRanking
            .Where(r => r.Eligible && IsDesk(r.Scheme))
            .OrderByDescending(r => r.Scheme.Stages.Count(path.Contains) >= DeskMinStages)
            .Take(DeskLimit)
            .ToList();
        var deskIds = desks.Select(d => d.Scheme.Id).ToHashSet(StringComparer.Ordinal);

        var stages = path.Select(stage =>
        {
            var ranked = recommender.Rank(catalog, profile with { Stage = stage, IncludeIneligible = false }, text);
            var items = ranked
                .Where(r => r.Eligible && r.Scheme.Stages.Contains(stage) && !deskIds.Contains(r.Scheme.Id))
                .Take(perStage)
                .ToList();
            return new RoadmapStage(stage, items);
        }).ToList();

        return new Roadmap(stages, desks, text?.Mode);
    }

    /// <summary>Soft support only (consultation, seminars, accompaniment), not tied to a single stage.</summary>
    public static bool IsDesk(Scheme s) =>
        s.SupportTypes.Contains("soft") && !s.SupportTypes.Contains("funding")
        && (s.Stages.Count == 0 || s.Stages.Count >= DeskMinStages);
}
