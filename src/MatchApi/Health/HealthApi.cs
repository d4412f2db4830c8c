using MatchApi.Catalog;
using MatchApi.Deployment;
using MatchApi.Search;
using MatchApi.Search.Analysis.MeCab;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Health;

public sealed record LiveStatus(string Status);

/// <param name="LastLoadError">Null, or <see cref="LoadFailedNotice"/>: the details (file names, positions, exceptions) are for operators only.</param>
/// <param name="Dictionary">The MeCab dictionary actually loaded (null when search runs on bigrams only).</param>
public sealed record ReadyStatus(string Status, int? Schemes, string? CatalogVersion, string Analysis, MeCabDictionary? Dictionary, string? Warning, string? LastLoadError)
{
    public const string LoadFailedNotice =
        "The last catalog load failed; the previous catalog, if any, keeps serving. Operators find the details in the service log and at GET /api/v1/operator/catalog-load.";

    public bool LastLoadFailed => LastLoadError is not null;

    public DateTimeOffset? LastLoadFailedAt { get; init; }

    /// <summary>The catalog's revision sequence (increasing with every accepted change; instances serving the same database compare it).</summary>
    public long? CatalogRevision { get; init; }

    /// <summary>data/ files that changed while their schemes were edited through the API; the edits were kept (details: GET /api/v1/curation/conflicts).</summary>
    public int ImportConflicts { get; init; }

    /// <summary>Why the database cannot serve (deleted while serving, corrupt); null while it is in place.</summary>
    public string? DatabaseProblem { get; init; }

    /// <summary>Where the rate limits are counted: in_process (no Redis configured), redis (shared), in_process_fallback (Redis does not answer).</summary>
    public SharedStateMode RateLimits { get; init; }

    /// <summary>Where the output cache lives, with the same values as <see cref="RateLimits"/>.</summary>
    public SharedStateMode OutputCache { get; init; }
}

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
            .WithDescription("status is ready, or degraded when MeCab is missing and search runs on character bigrams only (warning says why). analysis is " +
                             "mecab_ipadic, mecab_other_dictionary (Search:MeCabDictionary names another dictionary; warning says so) or bigram_only; " +
                             "dictionary is the MeCab dictionary actually loaded (its folder, file, charset and entry count). " +
                             "lastLoadFailed: the last load of data/ failed and the previous catalog, if any, keeps serving; the details are at GET /api/v1/operator/catalog-load. " +
                             "catalogRevision: the revision sequence of the catalog served. importConflicts: data/ files that changed while their schemes were edited " +
                             "through the API (kept; see GET /api/v1/curation/conflicts). status database_unavailable (503): the database file was deleted or is unreadable " +
                             "(databaseProblem says which) and the service stops with a non-zero exit code; started again, it rebuilds the database from data/ when data/ holds all of it " +
                             "and refuses to start otherwise (curated revisions: restore a backup). " +
                             "rateLimits and outputCache say where they are kept: in_process (no Redis configured), redis (shared by every instance) or in_process_fallback " +
                             "(Redis:Configuration is set but Redis does not answer: each instance counts alone until it does; status is degraded and warning says so).");

        return app;
    }

    private static Results<Ok<ReadyStatus>, JsonHttpResult<ReadyStatus>> Ready(CatalogStore store, ISearchEngine engine, RedisConnection redis)
    {
        var status = engine.Status;
        var analysis = status switch
        {
            { Mode: AnalysisMode.BigramOnly } => "bigram_only",
            { Dictionary.IsIpadic: true } => "mecab_ipadic",
            _ => "mecab_other_dictionary",
        };
        // Read once: Redis can go away between two reads, and the answer must not say ready beside in_process_fallback.
        var limits = redis.LimitsMode;
        var outputCache = redis.OutputCacheModeFor(limits);
        var redisDown = limits == SharedStateMode.InProcessFallback;
        var warning = string.Join(" ", new[] { status.Warning, redisDown ? RedisUnavailableWarning : null }.OfType<string>()) is { Length: > 0 } text ? text : null;
        if (store.Current is not { } catalog || store.DatabaseProblem is not null)
            return TypedResults.Json(new ReadyStatus(store.DatabaseProblem is null ? "loading" : "database_unavailable", store.Current?.Schemes.Count, store.Current?.Version,
                    analysis, status.Dictionary, warning, LoadFailure(store))
                {
                    LastLoadFailedAt = store.LastLoadFailedAt, CatalogRevision = store.Current?.Sequence, ImportConflicts = store.Conflicts.Count,
                    DatabaseProblem = store.DatabaseProblem is null ? null : DatabaseProblemNotice,
                    RateLimits = limits, OutputCache = outputCache,
                },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        var ready = status.Mode == AnalysisMode.Morphological && !redisDown ? "ready" : "degraded";
        return TypedResults.Ok(new ReadyStatus(ready, catalog.Schemes.Count, catalog.Version, analysis, status.Dictionary, warning, LoadFailure(store))
        {
            LastLoadFailedAt = store.LastLoadFailedAt, CatalogRevision = catalog.Sequence, ImportConflicts = store.Conflicts.Count,
            RateLimits = limits, OutputCache = outputCache,
        });
    }

    /// <summary>Public health says that the database is unavailable; the path and reason go to the log and the operator endpoint.</summary>
    private const string DatabaseProblemNotice = "The catalog database is missing or unreadable; writes are refused. Operators find the details in the service log and at GET /api/v1/operator/catalog-load.";

    private const string RedisUnavailableWarning =
        "Redis (Redis:Configuration) does not answer: rate limits and the output cache are kept by each instance alone until it does.";

    private static string? LoadFailure(CatalogStore store) => store.LastLoadError is null ? null : ReadyStatus.LoadFailedNotice;
}
