using MatchApi.Catalog.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Reference;

public sealed record TermDto(string Code, string Label, IReadOnlyList<string> ShortForms);

public static class VocabulariesApi
{
    public static RouteGroupBuilder MapVocabulariesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/vocabularies", GetVocabularies)
            .WithTags("Vocabularies")
            .WithName("GetVocabularies")
            .WithSummary("Every vocabulary with codes, Japanese labels and short forms")
            .WithDescription("stage, supportType, ministry, category, applicant and need. Filters and profiles accept any of a value's forms.");
        return api;
    }

    private static Ok<Dictionary<string, TermDto[]>> GetVocabularies() =>
        TypedResults.Ok(MatchApi.Catalog.Model.Vocabularies.All.ToDictionary(
            v => v.Name,
            v => v.Terms.Select(t => new TermDto(t.Code, t.Label, t.ShortForms)).ToArray()));
}
