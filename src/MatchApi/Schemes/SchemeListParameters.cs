using System.ComponentModel;
using MatchApi.Catalog.Model;
using MatchApi.Catalog.Querying;
using MatchApi.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace MatchApi.Schemes;

/// <summary>
/// The query string of GET /api/v1/schemes. Values are bound as text and parsed here, so every invalid value
/// becomes a 400 naming the parameter and the values it accepts.
/// </summary>
public sealed record SchemeListParameters(
    [Description("Free text in Japanese and/or Latin script: words (all must match), \"quoted phrases\", -excluded words. At most 1000 characters.")]
    [FromQuery] string? Q,
    [Description("Development stage (repeatable, OR): basic_research 基礎研究, applied_research 応用研究, non_clinical 非臨床, clinical 臨床研究・治験, commercialization 実用化, business_expansion 事業展開. Codes, labels and short forms are accepted.")]
    [FromQuery] string[]? Stage,
    [Description("Support type (repeatable, OR): funding 資金支援, soft ソフト支援.")]
    [FromQuery] string[]? SupportType,
    [Description("Ministry (repeatable, OR): mext 文部科学省, meti 経済産業省, mhlw 厚生労働省, cao 内閣府, cas 内閣官房, mic 総務省.")]
    [FromQuery] string[]? Ministry,
    [Description("Category of the 2023 overview (repeatable, OR): research_development, commercialization, startup, human_resources, international.")]
    [FromQuery] string[]? Category,
    [Description("Eligible applicant (repeatable, OR): academia, startup, sme, company, hospital, support_org, individual.")]
    [FromQuery] string[]? Applicant,
    [Description("true: only device-specific schemes (● in the 2023 overview); false: only general ones (○).")]
    [FromQuery] string? DeviceSpecific,
    [Description("YYYY-MM-DD: only schemes whose programme period (Japanese fiscal years, April–March) covers that day. Schemes whose period the sources do not give are kept.")]
    [FromQuery] string? ActiveOn,
    [Description("1-based page number, default 1; must not pass the last page.")]
    [FromQuery] string? Page,
    [Description("Items per page, 1–100, default 20.")]
    [FromQuery] string? PageSize,
    [Description("relevance (default with q; without q it means name), name (default without q), budget (latest budget, largest first), newest (latest start year first).")]
    [FromQuery] string? Sort)
{
    public const int MaxPageSize = 100;

    public SchemeQuery Parse(InputErrors errors)
    {
        var filter = new SchemeFilter
        {
            Stages = errors.Codes("stage", Vocabularies.Stage, Stage),
            SupportTypes = errors.Codes("supportType", Vocabularies.SupportType, SupportType),
            Ministries = errors.Codes("ministry", Vocabularies.Ministry, Ministry),
            Categories = errors.Codes("category", Vocabularies.Category, Category),
            Applicants = errors.Codes("applicant", Vocabularies.Applicant, Applicant),
            DeviceSpecific = errors.Boolean("deviceSpecific", DeviceSpecific),
            ActiveOn = errors.Date("activeOn", ActiveOn),
        };
        var text = errors.Text("q", Q);
        var sort = errors.Enum<SchemeSort>("sort", Sort);
        return new SchemeQuery(
            text,
            filter,
            errors.Integer("page", Page, 1, 1, int.MaxValue),
            errors.Integer("pageSize", PageSize, 20, 1, MaxPageSize),
            sort);
    }
}
