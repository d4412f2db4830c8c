using System.ComponentModel;
using System.Text.Json.Serialization;
using MatchApi.Catalog;
using MatchApi.Catalog.Model;
using MatchApi.Search;

namespace MatchApi.Schemes;

public sealed record SchemeRef(string Id, string Name);

/// <summary>OpenAPI descriptions shared by the summary and the detail.</summary>
internal static class FieldDescriptions
{
    public const string Applicants =
        "Applicant type codes the scheme takes: those the sources list, or every developer type (all but support_org) when openToAllApplicants. Empty when the sources do not say.";
    public const string NextDeadline =
        "The call for proposals (公募) that closes next, from now on; null when no call with a deadline is ahead (calls: GET /api/v1/schemes/{id}).";
    public const string OpenToAllApplicants =
        "true when the sources present the scheme as open to any developer, with no applicant restriction (e.g. PMDA's consultations); applicantsNote says how.";
}

public sealed record PeriodDto(int? StartFiscalYear, int? EndFiscalYear);

/// <param name="ClosesAt">As curated: a JST date (the whole day) or a date-time with its offset.</param>
/// <param name="DaysLeft">Days from today in Japan to the closing day (0: closes today).</param>
/// <param name="Accepting">Whether the call takes applications now.</param>
public sealed record DeadlineDto(string Title, string ClosesAt, int DaysLeft, bool Accepting)
{
    public static DeadlineDto? Next(Scheme s, DateTimeOffset now) => s.NextDeadline(now) is { } next
        ? new DeadlineDto(next.Call.Title, next.Call.ClosesAt!, CallDates.DayInJapan(next.ClosesAt).DayNumber - CallDates.DayInJapan(now).DayNumber, next.Call.AcceptsAt(now))
        : null;
}

/// <summary>The web page a curated fact (call, contact, official URL) was taken from, and the day a curator checked it.</summary>
public sealed record WebSourceDto(string Url, string CheckedOn)
{
    public static WebSourceDto? From(WebSource? source) => source is null ? null : new(source.Url, source.CheckedOn);
}

public sealed record CallDto(
    string Title,
    [property: Description("When applications open: a JST date (YYYY-MM-DD, from 00:00 JST) or a date-time with its offset; null when not announced.")] string? OpensAt,
    [property: Description("When applications close: a JST date (YYYY-MM-DD, until the end of that day in Japan) or a date-time with its offset; null when not announced.")] string? ClosesAt,
    [property: Description("As the call page states it: planned (公募予定), open (公募中), closed (公募終了), cancelled (中止); null when it goes by the dates.")] string? Status,
    [property: Description("Now, from the dates and the stated status: accepting, upcoming, closed, cancelled or unknown.")] string State,
    [property: Description("Where applications are filed, e.g. e-Rad.")] string? System,
    string? Url,
    string? Note,
    WebSourceDto Source)
{
    public static CallDto From(Call c, DateTimeOffset now) => new(c.Title, c.OpensAt, c.ClosesAt, c.Status, c.StateAt(now), c.System, c.Url, c.Note, WebSourceDto.From(c.Source)!);
}

public sealed record ContactDto(
    [property: Description("The window's name, e.g. 医療機器開発支援ネットワーク事務局.")] string Name,
    string? Url,
    string? Email,
    string? Phone,
    WebSourceDto Source)
{
    public static ContactDto From(Contact c) => new(c.Name, c.Url, c.Email, c.Phone, WebSourceDto.From(c.Source)!);
}

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
    [property: Description(FieldDescriptions.Applicants)] IReadOnlyList<string> Applicants,
    [property: Description(FieldDescriptions.OpenToAllApplicants)] bool OpenToAllApplicants,
    IReadOnlyList<string> Needs,
    bool? DeviceSpecific,
    PeriodDto Period,
    string Summary,
    string? Url,
    [property: Description(FieldDescriptions.NextDeadline)] DeadlineDto? NextDeadline,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Score = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<HighlightDto>? Highlights = null)
{
    public static SchemeSummary From(Scheme s, CatalogSnapshot catalog, DateTimeOffset now, double? score = null, IReadOnlyList<Highlight>? highlights = null) => new(
        s.Id, s.Name, s.Aliases, Ref(s.Parent, catalog), s.Ministry, s.Agency, s.SupportTypes, s.Categories, s.Stages,
        s.AcceptedApplicants, s.OpenToAllApplicants, s.Needs, s.DeviceSpecific, new PeriodDto(s.Period.StartFiscalYear, s.Period.EndFiscalYear), s.Summary, s.Url,
        DeadlineDto.Next(s, now),
        score is null ? null : Math.Round(score.Value, 4),
        highlights?.Select(h => new HighlightDto(h.Field, h.Snippet)).ToList());

    internal static SchemeRef? Ref(string? id, CatalogSnapshot catalog) =>
        id is not null && catalog.Find(id) is { } s ? new SchemeRef(s.Id, s.Name) : null;
}

public sealed record BudgetDto(
    int FiscalYear,
    decimal AmountMillionYen,
    [property: Description("A budgetKind code; GET /api/v1/vocabularies lists them with their labels.")] string Kind,
    string? Note,
    [property: Description("The scheme the figure belongs to when it is charted here but is another scheme's (e.g. a predecessor's budget for the years before this scheme began); null for the scheme's own figures.")]
    SchemeRef? BelongsTo);

public sealed record GrantCapDto(
    decimal AmountMillionYen,
    string Per,
    string? Condition,
    [property: Description("Stage codes the cap applies to (e.g. [\"non_clinical\"] for 非臨床ステージ); empty when it applies whatever the stage.")]
    IReadOnlyList<string> Stages);

public sealed record RelatedDto(
    [property: Description("A relation code (GET /api/v1/vocabularies lists them with their labels); never parent or child, which are the parent and children fields.")] string Relation,
    string Id, string Name, string? Note);

public sealed record SourceDto(
    [property: Description("The seed file name (data/seeds), as in v1.")] string Document,
    [property: Description("The 1-based line or range of the file, e.g. 12-40.")] string Lines,
    [property: Description("What the range supports, e.g. 予算額.")] string? About,
    [property: Description("The document's title (registry: data/seeds/documents.json).")] string? Title,
    [property: Description("Who issued the document; null when it does not say.")] string? Publisher,
    [property: Description("When the document was issued, as far as it says: YYYY, YYYY-MM or YYYY-MM-DD; null when it does not say.")] string? Date,
    [property: Description("The date as the document prints it (e.g. 令和5年1月31日).")] string? DateText)
{
    public static SourceDto From(SourceRef x) => new(x.Document, x.Lines, x.About, x.Title, x.Publisher, x.Date, x.DateText);
}

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
    [property: Description(FieldDescriptions.Applicants)] IReadOnlyList<string> Applicants,
    [property: Description(FieldDescriptions.OpenToAllApplicants)] bool OpenToAllApplicants,
    string? ApplicantsNote,
    IReadOnlyList<string> Needs,
    [property: Description("The needs the scheme exists for (its main purpose), a subset of needs; it also serves the others.")] IReadOnlyList<string> PrimaryNeeds,
    IReadOnlyList<string> Keywords,
    bool? DeviceSpecific,
    PeriodDto Period,
    string Summary,
    string? Url,
    IReadOnlyList<BudgetDto> Budgets,
    [property: Description("For a sub-programme whose sources give no budget of its own: the parent programme whose budget it is part of (see that scheme's budgets); else null.")]
    SchemeRef? ParentBudget,
    IReadOnlyList<GrantCapDto> GrantCaps,
    string? SubsidyRate,
    string? Eligibility,
    IReadOnlyList<RelatedDto> Related,
    IReadOnlyList<SchemeRef> Children,
    string? Notes,
    IReadOnlyList<SourceDto> Sources,
    [property: Description("Where a curator found url and when it was checked; null for a URL the seed documents give (see sources) or no URL.")] WebSourceDto? UrlSource,
    [property: Description("Calls for proposals (公募), each with the web page it was curated from; empty when none is known.")] IReadOnlyList<CallDto> Calls,
    [property: Description("Contact windows (問い合わせ窓口), each with the web page it was curated from; empty when none is known.")] IReadOnlyList<ContactDto> Contacts,
    [property: Description(FieldDescriptions.NextDeadline)] DeadlineDto? NextDeadline,
    [property: Description("The scheme's revision (1, 2, …): its history is at GET /api/v1/schemes/{id}/revisions. The ETag header names it too.")] int Revision,
    [property: Description("true for a retired scheme: kept with its history, left out of lists, searches and recommendations.")] bool Retired)
{
    public static SchemeDetail From(Scheme s, CatalogSnapshot catalog, DateTimeOffset now) => new(
        s.Id, s.Name, s.Aliases, SchemeSummary.Ref(s.Parent, catalog), s.Ministry, s.Agency, s.SupportTypes, s.Categories,
        s.Stages, s.StagesNote, s.AcceptedApplicants, s.OpenToAllApplicants, s.ApplicantsNote, s.Needs, s.PrimaryNeeds, s.Keywords, s.DeviceSpecific,
        new PeriodDto(s.Period.StartFiscalYear, s.Period.EndFiscalYear), s.Summary, s.Url,
        s.Budgets.OrderBy(b => b.FiscalYear)
            .Select(b => new BudgetDto(b.FiscalYear, b.AmountMillionYen, b.Kind, b.Note, SchemeSummary.Ref(b.BelongsTo, catalog))).ToList(),
        SchemeSummary.Ref(catalog.BudgetHolderOf(s)?.Id, catalog),
        s.GrantCaps.Select(c => new GrantCapDto(c.AmountMillionYen, c.Per, c.Condition, c.Stages)).ToList(),
        s.SubsidyRate, s.Eligibility,
        s.Related.Select(r => new RelatedDto(r.RelationType, r.Id, catalog.Find(r.Id)?.Name ?? r.Id, r.Note)).ToList(),
        catalog.ChildrenOf(s.Id).Select(c => new SchemeRef(c.Id, c.Name)).ToList(),
        s.Notes,
        s.Sources.Select(SourceDto.From).ToList(),
        WebSourceDto.From(s.UrlSource),
        s.Calls.Select(c => CallDto.From(c, now)).ToList(),
        s.Contacts.Select(ContactDto.From).ToList(),
        DeadlineDto.Next(s, now),
        catalog.Curated.TryGetValue(s.Id, out var curated) ? curated.Revision : 0,
        curated?.Retired ?? false);
}

/// <summary>The list response. matchMode and notice appear only with q.</summary>
public sealed record SchemeListResponse(
    IReadOnlyList<SchemeSummary> Items,
    int Total,
    int Page,
    int PageSize,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] MatchMode? MatchMode = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notice = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Suggestions = null);
