using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MatchApi.Catalog;
using MatchApi.Catalog.Model;
using MatchApi.Matchmaking;
using MatchApi.Schemes;

namespace MatchApi.Recommendations;

/// <summary>
/// The body of POST /api/v1/recommendations, as documented in OpenAPI. The handler reads the JSON itself
/// (<see cref="RecommendationRequestParser"/>) so that a wrong type or malformed JSON is a 400 naming the field.
/// </summary>
public sealed record RecommendationRequest(
    [property: Description("Current development stage: basic_research 基礎研究, applied_research 応用研究, non_clinical 非臨床, clinical 臨床研究・治験, commercialization 実用化, business_expansion 事業展開. Codes, labels and short forms are accepted. Hard criterion.")]
    string? Stage,
    [property: Description("Applicant type: academia 大学・研究機関, startup スタートアップ, sme 中小企業, company 企業, hospital 医療機関, support_org 支援機関, individual 個人. Hard criterion.")]
    string? Applicant,
    [property: Description("Needs (need vocabulary): funding 資金, regulatory 薬事・規制対応, international 海外展開, commercialization 事業化, partnering 連携・マッチング, human_resources 人材育成, mentoring 伴走支援. An array, or one string (comma-separated lists accepted).")]
    string[]? Needs,
    [property: Description("Preferred support types: funding 資金支援, soft ソフト支援. An array, or one string.")]
    string[]? SupportTypes,
    [property: Description("Free text: the device, the disease area, the technology (e.g. \"AI 画像診断\", \"小児用\", \"在宅\"). At most 1000 characters.")]
    string? Query,
    [property: Description("YYYY-MM-DD: the programme must run on that day (Japanese fiscal years, April–March). Default: today. Hard criterion.")]
    DateOnly? ActiveOn,
    [property: Description("How many items per page, 1–100 (as the list's pageSize), default 10."), Range(1, RecommendationRequestParser.MaxLimit)]
    int? Limit,
    [property: Description("1-based page of limit items, default 1: page 2 with limit 20 is items 21–40. A page past the last answers 200 with empty items and the total."), Range(1, int.MaxValue)]
    int? Page,
    [property: Description("true: also return schemes failing a hard criterion, after every eligible one, with their unmet entries. Default false.")]
    bool? IncludeIneligible,
    [property: Description("true (default): the asker develops medical devices, so device-specific schemes (●) rank ahead of general ones (○).")]
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
        p.Query, p.ActiveOn, Catalog.Querying.SchemeSearch.FiscalYearOf(p.ActiveOn), p.IncludeIneligible, p.DeviceDeveloper);
}

/// <summary>
/// One recommended scheme: the contract's item (scheme, score, reasons, unmet, unknown), plus eligible
/// (false only with includeIneligible) and links (parent, child, renamed_to/renamed_from, successor/predecessor, partner).
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
    public static RecommendationItem From(Recommendation r, CatalogSnapshot catalog) => new(
        SchemeSummary.From(r.Scheme, catalog), r.Score, r.Eligible, r.Reasons, r.Unmet, r.Unknown, r.Links);
}

/// <summary>eligibleCount: how many schemes pass every hard criterion; total: how many can be paged through; items: page of limit of them.</summary>
public sealed record RecommendationResponse(
    IReadOnlyList<RecommendationItem> Items,
    [property: Description("How many schemes pass every hard criterion (stage, applicant, programme running on activeOn).")] int EligibleCount,
    [property: Description("How many items the profile can page through: eligibleCount, or every scheme with includeIneligible.")] int Total,
    [property: Description("The 1-based page of this answer.")] int Page,
    [property: Description("Items per page (the request's limit).")] int Limit,
    ResolvedProfile Profile,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MatchMode = null);

/// <summary>One stage of the roadmap: its code and label, whether it is the current stage, and the best schemes for it.</summary>
public sealed record RoadmapStageDto(string Stage, string Label, bool Current, IReadOnlyList<RecommendationItem> Items);

/// <summary>stages: the current stage and each later one up to business_expansion. desks: soft-support desks spanning stages.</summary>
public sealed record RoadmapResponse(
    ResolvedProfile Profile,
    IReadOnlyList<RoadmapStageDto> Stages,
    IReadOnlyList<RecommendationItem> Desks,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MatchMode = null);
