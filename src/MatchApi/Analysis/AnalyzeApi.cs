using MatchApi.Infrastructure;
using MatchApi.Search;
using MatchApi.Search.Querying;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Analysis;

public static class AnalyzeApi
{
    private static readonly TextParameter Text = new("text", "The text to analyse (required).");

    public static RouteGroupBuilder MapAnalyzeApi(this RouteGroupBuilder api)
    {
        api.MapGet("/analyze", Analyze)
            .WithTags("Search")
            .WithQueryParameters([Text])
            .WithName("Analyze")
            .WithSummary("Show how a text is analysed for search")
            .WithDescription("The final tokens of both representations — morphological (MeCab/IPADIC: surface, base form, part of speech, reading, " +
                             "position, offsets) and CJK bigrams — and in explain, each representation's chain stage by stage: the char filters, the " +
                             "tokenizer's tokens, then each filter's tokens and the tokens it removed. Like Elasticsearch's _analyze with explain.");
        return api;
    }

    private static Results<Ok<AnalysisResult>, ValidationProblem> Analyze(HttpRequest request, ISearchEngine engine)
    {
        var errors = new InputErrors();
        var value = Text.Parse(request.Query, errors);
        if (value is null && !errors.Any) errors.Add(Text.Name, $"Required. Accepted: any text of 1 to {UserQuery.MaxLength} characters.");
        if (errors.Any) return Problems.Invalid(errors);
        return TypedResults.Ok(engine.Analyze(value!));
    }
}
