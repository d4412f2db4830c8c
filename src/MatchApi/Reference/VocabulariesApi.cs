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
            .WithDescription(string.Join(", ", Vocabularies.All.Select(v => v.Name)) + ". Filters and profiles accept any of a value's forms " +
                             $"({string.Join(", ", Vocabularies.Filters.Select(v => v.Name))}); budgetKind and relation are the codes records carry.");
        return api;
    }

    private static Ok<Dictionary<string, TermDto[]>> GetVocabularies() =>
        TypedResults.Ok(Vocabularies.All.ToDictionary(
            v => v.Name,
            v => v.Terms.Select(t => new TermDto(t.Code, t.Label, t.ShortForms)).ToArray()));
}
