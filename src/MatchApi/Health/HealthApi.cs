using MatchApi.Catalog;
using MatchApi.Search;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Health;

public sealed record LiveStatus(string Status);

public sealed record ReadyStatus(string Status, int? Schemes, string? CatalogVersion, string Analysis, string? Warning, string? LastLoadError);

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health").DisableRateLimiting();

        group.MapGet("/live", () => TypedResults.Ok(new LiveStatus("live")))
            .WithName("Live")
            .WithSummary("Liveness: 200 as soon as the process serves HTTP");

        group.MapGet("/ready", Ready)
            .WithName("Ready")
            .WithSummary("Readiness: 200 once the catalog is loaded and indexed, 503 before")
            .WithDescription("status is ready, or degraded when MeCab is missing and search runs on character bigrams only (warning says why).");

        return app;
    }

    private static Results<Ok<ReadyStatus>, JsonHttpResult<ReadyStatus>> Ready(CatalogStore store, ISearchEngine engine)
    {
        var analysis = engine.Status.Mode == AnalysisMode.Morphological ? "mecab_ipadic" : "bigram_only";
        if (store.Current is not { } catalog)
            return TypedResults.Json(new ReadyStatus("loading", null, null, analysis, engine.Status.Warning, store.LastLoadError),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        var status = engine.Status.Mode == AnalysisMode.Morphological ? "ready" : "degraded";
        return TypedResults.Ok(new ReadyStatus(status, catalog.Schemes.Count, catalog.Version, analysis, engine.Status.Warning, store.LastLoadError));
    }
}
