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
            .WithDescription("The final tokens of both representations — morphological (MeCab/IPADIC: surface, base form, part of speech, reading, " +
                             "position, offsets) and CJK bigrams — and in explain, each representation's chain stage by stage: the char filters, the " +
                             "tokenizer's tokens, then each filter's tokens and the tokens it removed. Like Elasticsearch's _analyze with explain.");
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
