using MatchApi.Catalog;
using MatchApi.Catalog.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Health;

/// <param name="Serving">Whether a catalog is served (it may be an older one when the last load failed).</param>
/// <param name="LastLoadError">What went wrong, in full: file names and positions, or the exception with its stack trace.</param>
public sealed record CatalogLoadDetail(bool Serving, int? Schemes, string? CatalogVersion, DateTimeOffset? LoadedAt, string DataDirectory,
    bool LastLoadFailed, DateTimeOffset? LastLoadFailedAt, string? LastLoadError)
{
    /// <summary>The catalog's revision sequence.</summary>
    public long? CatalogRevision { get; init; }

    /// <summary>The database file, and why it cannot serve (null while it is in place).</summary>
    public string? Database { get; init; }
    public string? DatabaseProblem { get; init; }

    /// <summary>Schemes whose data/ file changed while they were edited through the API (GET /api/v1/curation/conflicts).</summary>
    public IReadOnlyList<string> ImportConflicts { get; init; } = [];
}

/// <summary>What operators need and the public must not see (the public /health/ready only says that a load failed).</summary>
public static class OperatorApi
{
    /// <param name="group">A group that requires an operator role (PartnerAccess.RequirePartnerRole).</param>
    public static RouteGroupBuilder MapOperatorApi(this RouteGroupBuilder group)
    {
        group.MapGet("/catalog-load", CatalogLoad)
            .WithTags("Operator")
            .WithName("GetCatalogLoad")
            .WithSummary("The last catalog load in detail: what is served and why the last load failed")
            .WithDescription("For a partner key with the role operator or curator (Partners:Keys:{id}:Roles). When lastLoadFailed is true, lastLoadError " +
                             "names the data files and positions (or the exception) to fix under dataDirectory; the previous catalog, if any, keeps serving. Never cached.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return group;
    }

    private static Ok<CatalogLoadDetail> CatalogLoad(CatalogStore store, CatalogFiles files, CatalogDatabase database) =>
        TypedResults.Ok(new CatalogLoadDetail(
            store.Current is not null,
            store.Current?.Schemes.Count,
            store.Current?.Version,
            store.Current?.LoadedAt,
            files.DataDirectory,
            store.LastLoadError is not null,
            store.LastLoadFailedAt,
            store.LastLoadError)
        {
            CatalogRevision = store.Current?.Sequence,
            Database = database.Path,
            DatabaseProblem = store.DatabaseProblem,
            ImportConflicts = store.Conflicts.Select(c => c.SchemeId).ToList(),
        });
}
