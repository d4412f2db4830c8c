using MatchApi.Catalog;
using MatchApi.Catalog.Infrastructure;
using MatchApi.Search;
using Microsoft.Extensions.Options;

namespace MatchApi.Infrastructure;

/// <summary>
/// Loads the catalog after the server starts, so /health/live answers while /health/ready waits; then watches the
/// database file. A database that cannot be served without losing curated revisions stops the process with a non-zero
/// exit code (a restart policy sees the failure). A database deleted while serving is reported not ready at once and the
/// process stops with a non-zero exit code and the reason: started again, it rebuilds the database from data/ when
/// data/ holds all of it, and refuses to start otherwise. (Rebuilding in the same process is not safe: SQLite keeps
/// per-process state for the deleted file, and a new file can read through it.)
/// </summary>
internal sealed class CatalogLoadService(
    CatalogLoader loader, CatalogDatabase database, CatalogStore store, ISearchEngine engine, IHostApplicationLifetime lifetime,
    IOptions<CatalogOptions> options, ILogger<CatalogLoadService> logger) : BackgroundService
{
    /// <summary>Exit code for a catalog that cannot be served: database corrupt or gone, or the load failed unexpectedly.</summary>
    public const int FailureExitCode = 3;

    /// <summary>How long a deleted database is reported not ready before the process stops (balancers move traffic away; requests under way finish).</summary>
    private static readonly TimeSpan NotReadyBeforeStop = TimeSpan.FromSeconds(2);

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
            if (database.HoldsCuratedRevisions)
                logger.LogCritical("The catalog database {Path} was deleted while serving, and it held revisions written by curators that data/ cannot rebuild " +
                                   "({Marker} says so). The service stops; restore the database from a backup before starting it again", database.Path, database.CuratedMarkerPath);
            else
                logger.LogCritical("The catalog database {Path} was deleted while serving; the service is not ready and stops. It held only what data/ holds: " +
                                   "started again, the service rebuilds it from data/", database.Path);
            await Task.Delay(NotReadyBeforeStop, stoppingToken);
            Environment.ExitCode = FailureExitCode;
            lifetime.StopApplication();
            return;
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
