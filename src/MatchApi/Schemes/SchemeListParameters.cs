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
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "stage")] string[]? Stage,
    [FromQuery(Name = "supportType")] string[]? SupportType,
    [FromQuery(Name = "ministry")] string[]? Ministry,
    [FromQuery(Name = "category")] string[]? Category,
    [FromQuery(Name = "applicant")] string[]? Applicant,
    [FromQuery(Name = "need")] string[]? Need,
    [FromQuery(Name = "deviceSpecific")] string? DeviceSpecific,
    [FromQuery(Name = "activeOn")] string? ActiveOn,
    [FromQuery(Name = "acceptingOn")] string? AcceptingOn,
    [FromQuery(Name = "closesBefore")] string? ClosesBefore,
    [FromQuery(Name = "page")] string? Page,
    [FromQuery(Name = "pageSize")] string? PageSize,
    [FromQuery(Name = "sort")] string? Sort)
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
            Needs = errors.Codes("need", Vocabularies.Need, Need),
            DeviceSpecific = errors.Boolean("deviceSpecific", DeviceSpecific),
            ActiveOn = errors.Date("activeOn", ActiveOn),
            AcceptingOn = errors.Date("acceptingOn", AcceptingOn),
            ClosesBefore = errors.Date("closesBefore", ClosesBefore),
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
