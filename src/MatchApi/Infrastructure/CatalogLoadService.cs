using MatchApi.Catalog;
using MatchApi.Catalog.Infrastructure;
using MatchApi.Search;
using Microsoft.Extensions.Options;

namespace MatchApi.Infrastructure;

/// <summary>
/// Loads the catalog after the server starts, so /health/live answers while /health/ready waits; then watches the
/// database file. A database that cannot be served without losing curated revisions stops the process with a non-zero
/// exit code (a restart policy sees the failure). A database deleted while serving is reported not ready at once, then
/// rebuilt from data/ when data/ holds all of it, or else the process stops with the reason.
/// </summary>
internal sealed class CatalogLoadService(
    CatalogLoader loader, CatalogDatabase database, CatalogStore store, ISearchEngine engine, IHostApplicationLifetime lifetime,
    IOptions<CatalogOptions> options, ILogger<CatalogLoadService> logger) : BackgroundService
{
    /// <summary>Exit code for a catalog that cannot be served: database corrupt or gone with curated revisions, or the load failed unexpectedly.</summary>
    public const int FailureExitCode = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (engine.Status.Warning is { } warning) logger.LogWarning("Search runs degraded: {Warning}", warning);
        await Task.Yield();
        if (!await TryLoadAsync(stoppingToken)) return;

        var interval = TimeSpan.FromMilliseconds(options.Value.DatabaseCheckMilliseconds);
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (database.Exists) continue;
            store.ReportDatabaseProblem($"The catalog database {database.Path} was deleted while serving.");
            logger.LogCritical("The catalog database {Path} was deleted while serving; the service is not ready", database.Path);
            if (!await TryLoadAsync(stoppingToken)) return;
            logger.LogWarning("The catalog database was rebuilt from data/ (it held nothing else)");
        }
    }

    private async Task<bool> TryLoadAsync(CancellationToken stoppingToken)
    {
        try
        {
            await loader.LoadAsync(stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e)
        {
            if (e is CatalogDatabaseException) logger.LogCritical("Refusing to serve the catalog: {Reason}", e.Message);
            else logger.LogCritical(e, "Loading the catalog failed");
            store.ReportDatabaseProblem(e.Message);
            Environment.ExitCode = FailureExitCode;
            lifetime.StopApplication();
            return false;
        }
    }
}
