using System.Text.Json.Serialization;
using MatchApi.Catalog;
using MatchApi.Catalog.Model;
using MatchApi.Search;

namespace MatchApi.Schemes;

public sealed record SchemeRef(string Id, string Name);

public sealed record PeriodDto(int? StartFiscalYear, int? EndFiscalYear);

public sealed record HighlightDto(string Field, string Snippet);

/// <summary>A scheme in a list: the contract's SchemeSummary.</summary>
public sealed record SchemeSummary(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    SchemeRef? Parent,
    string? Ministry,
    string? Agency,
    IReadOnlyList<string> SupportTypes,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Stages,
    IReadOnlyList<string> Applicants,
    IReadOnlyList<string> Needs,
    bool? DeviceSpecific,
    PeriodDto Period,
    string Summary,
    string? Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Score = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<HighlightDto>? Highlights = null)
{
    public static SchemeSummary From(Scheme s, CatalogSnapshot catalog, double? score = null, IReadOnlyList<Highlight>? highlights = null) => new(
        s.Id, s.Name, s.Aliases, Ref(s.Parent, catalog), s.Ministry, s.Agency, s.SupportTypes, s.Categories, s.Stages,
        s.Applicants, s.Needs, s.DeviceSpecific, new PeriodDto(s.Period.StartFiscalYear, s.Period.EndFiscalYear), s.Summary, s.Url,
        score is null ? null : Math.Round(score.Value, 4),
        highlights?.Select(h => new HighlightDto(h.Field, h.Snippet)).ToList());

    internal static SchemeRef? Ref(string? id, CatalogSnapshot catalog) =>
        id is not null && catalog.Find(id) is { } s ? new SchemeRef(s.Id, s.Name) : null;
}

public sealed record BudgetDto(int FiscalYear, decimal AmountMillionYen, string Kind, string? Note);
public sealed record GrantCapDto(decimal AmountMillionYen, string Per, string? Condition);
public sealed record RelatedDto(string Relation, string Id, string Name, string? Note);
public sealed record SourceDto(string Document, string Lines, string? About);

/// <summary>One scheme with every field: the contract's detail shape, plus the curators' notes.</summary>
public sealed record SchemeDetail(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    SchemeRef? Parent,
    string? Ministry,
    string? Agency,
    IReadOnlyList<string> SupportTypes,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Stages,
    string? StagesNote,
    IReadOnlyList<string> Applicants,
    string? ApplicantsNote,
    IReadOnlyList<string> Needs,
    IReadOnlyList<string> Keywords,
    bool? DeviceSpecific,
    PeriodDto Period,
    string Summary,
    string? Url,
    IReadOnlyList<BudgetDto> Budgets,
    IReadOnlyList<GrantCapDto> GrantCaps,
    string? SubsidyRate,
    string? Eligibility,
    IReadOnlyList<RelatedDto> Related,
    IReadOnlyList<SchemeRef> Children,
    string? Notes,
    IReadOnlyList<SourceDto> Sources)
{
    public static SchemeDetail From(Scheme s, CatalogSnapshot catalog) => new(
        s.Id, s.Name, s.Aliases, SchemeSummary.Ref(s.Parent, catalog), s.Ministry, s.Agency, s.SupportTypes, s.Categories,
        s.Stages, s.StagesNote, s.Applicants, s.ApplicantsNote, s.Needs, s.Keywords, s.DeviceSpecific,
        new PeriodDto(s.Period.StartFiscalYear, s.Period.EndFiscalYear), s.Summary, s.Url,
        s.Budgets.OrderBy(b => b.FiscalYear).Select(b => new BudgetDto(b.FiscalYear, b.AmountMillionYen, b.Kind, b.Note)).ToList(),
        s.GrantCaps.Select(c => new GrantCapDto(c.AmountMillionYen, c.Per, c.Condition)).ToList(),
        s.SubsidyRate, s.Eligibility,
        s.Related.Select(r => new RelatedDto(r.RelationType, r.Id, catalog.Find(r.Id)?.Name ?? r.Id, r.Note)).ToList(),
        catalog.ChildrenOf(s.Id).Select(c => new SchemeRef(c.Id, c.Name)).ToList(),
        s.Notes,
        s.Sources.Select(x => new SourceDto(x.Document, x.Lines, x.About)).ToList());
}

/// <summary>The list response. matchMode and notice appear only with q.</summary>
public sealed record SchemeListResponse(
    IReadOnlyList<SchemeSummary> Items,
    int Total,
    int Page,
    int PageSize,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MatchMode = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notice = null);
