using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MatchApi.Catalog;
using MatchApi.Catalog.Model;
using MatchApi.Matchmaking;
using MatchApi.Schemes;
using MatchApi.Search;

namespace MatchApi.Recommendations;

/// <summary>
/// The body of POST /api/v1/recommendations, as documented in OpenAPI (the fields naming codes or limits are described by
/// <see cref="RecommendationRequestSchema"/>). The handler reads the JSON itself
/// (<see cref="RecommendationRequestParser"/>) so that a wrong type or malformed JSON is a 400 naming the field.
/// </summary>
public sealed record RecommendationRequest(
    string? Stage,
    string? Applicant,
    string[]? Needs,
    string[]? SupportTypes,
    string? Query,
    [property: Description("YYYY-MM-DD: the programme must run on that day (Japanese fiscal years, April–March). Default: today. Hard criterion.")]
    DateOnly? ActiveOn,
    [property: Range(1, RecommendationRequestParser.MaxLimit)]
    int? Limit,
    [property: Description("1-based page of limit items, default 1: page 2 with limit 20 is items 21–40. A page past the last answers 200 with empty items and the total."), Range(1, int.MaxValue)]
    int? Page,
    [property: Description("true: also return schemes failing a hard criterion, after every eligible one, with their unmet entries. Default false.")]
    bool? IncludeIneligible,
    bool? DeviceDeveloper);

/// <summary>The profile as understood: vocabulary codes, the day used, the limit.</summary>
public sealed record ResolvedProfile(
    string? Stage,
    string? Applicant,
    IReadOnlyList<string> Needs,
    IReadOnlyList<string> SupportTypes,
    string? Query,
    DateOnly ActiveOn,
    int FiscalYear,
    bool IncludeIneligible,
    bool DeviceDeveloper)
{
    public static ResolvedProfile From(Profile p) => new(
        p.Stage, p.Applicant,
        Recommender.Ordered(p.Needs, Vocabularies.Need).ToList(),
        Recommender.Ordered(p.SupportTypes, Vocabularies.SupportType).ToList(),
        p.Query, p.ActiveOn, Catalog.Model.FiscalYear.Of(p.ActiveOn), p.IncludeIneligible, p.DeviceDeveloper);
}

/// <summary>
/// One recommended scheme: the contract's item (scheme, score, reasons, unmet, unknown), plus eligible
/// (false only with includeIneligible) and links (relation vocabulary).
/// </summary>
public sealed record RecommendationItem(
    SchemeSummary Scheme,
    double Score,
    bool Eligible,
    IReadOnlyList<Finding> Reasons,
    IReadOnlyList<Finding> Unmet,
    IReadOnlyList<Finding> Unknown,
    IReadOnlyList<SchemeLink> Links)
{
    public static RecommendationItem From(Recommendation r, CatalogSnapshot catalog, DateTimeOffset now) => new(
        SchemeSummary.From(r.Scheme, catalog, now), r.Score, r.Eligible, r.Reasons, r.Unmet, r.Unknown, r.Links);
}

/// <summary>eligibleCount: how many schemes pass every hard criterion; total: how many can be paged through; items: page of limit of them.</summary>
public sealed record RecommendationResponse(
    IReadOnlyList<RecommendationItem> Items,
    [property: Description("How many schemes pass every hard criterion (stage, applicant, programme running on activeOn).")] int EligibleCount,
    [property: Description("How many items the profile can page through: eligibleCount, or every scheme with includeIneligible.")] int Total,
    [property: Description("The 1-based page of this answer.")] int Page,
    [property: Description("Items per page (the request's limit).")] int Limit,
    ResolvedProfile Profile,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MatchMode? MatchMode = null);

/// <summary>One stage of the roadmap: its code and label, whether it is the current stage, and the best schemes for it.</summary>
public sealed record RoadmapStageDto(string Stage, string Label, bool Current, IReadOnlyList<RecommendationItem> Items);

/// <summary>stages: the current stage and each later one up to business_expansion. desks: soft-support desks spanning stages.</summary>
public sealed record RoadmapResponse(
    ResolvedProfile Profile,
    IReadOnlyList<RoadmapStageDto> Stages,
    IReadOnlyList<RecommendationItem> Desks,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MatchMode? MatchMode = null);
