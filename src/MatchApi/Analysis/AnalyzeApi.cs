using MatchApi.Infrastructure;
using MatchApi.Search;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using System.ComponentModel;

namespace MatchApi.Analysis;

public static class AnalyzeApi
{
    public static RouteGroupBuilder MapAnalyzeApi(this RouteGroupBuilder api)
    {
        api.MapGet("/analyze", Analyze)
            .WithTags("Search")
            .WithName("Analyze")
            .WithSummary("Show how a text is analysed for search")
            .WithDescription("The tokens of both representations: morphological (MeCab/IPADIC: surface, base form, part of speech, offsets, " +
                             "after width folding, stop filtering and katakana stemming) and CJK bigrams. Like Elasticsearch's _analyze.");
        return api;
    }

    private static Results<Ok<AnalysisResult>, ValidationProblem> Analyze(
        [FromQuery, Description("The text to analyse, at most 1000 characters.")] string? text, ISearchEngine engine)
    {
        var errors = new InputErrors();
        var value = errors.Text("text", text);
        if (value is null && !errors.Any) errors.Add("text", "Required. Accepted: any text of 1 to 1000 characters.");
        if (errors.Any) return Problems.Invalid(errors);
        return TypedResults.Ok(engine.Analyze(value!));
    }
}
