using MatchApi.Catalog;
using MatchApi.Catalog.Curation;
using MatchApi.Catalog.Infrastructure;
using MatchApi.Curation;
using MatchApi.Catalog.Postgres;
using MatchApi.Catalog.Querying;
using MatchApi.Deployment;
using MatchApi.Search;
using MatchApi.Search.Analysis.MeCab;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MatchApi.Infrastructure;

public static class CatalogServices
{
    /// <summary>
    /// The catalog store, its loader, the search engine and the query service, configured from Catalog:Store,
    /// ConnectionStrings:Catalog, Catalog:DataPath, Search:MeCabDictionary and Search:IndexPath.
    /// </summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var store = CatalogStoreSettings.From(configuration);
        var files = new CatalogFiles(ResolveDataDirectory(configuration["Catalog:DataPath"], environment.ContentRootPath));
        var database = store.Kind == CatalogStoreKind.Postgres
            ? CatalogDatabase.OnServer(store.ConnectionString)
            : new CatalogDatabase(store.ConnectionString, environment.ContentRootPath);

        services.AddSingleton(files);
        services.AddSingleton(database);
        services.AddSingleton(store);
        services.AddSingleton<CatalogStore>();
        if (store.Kind == CatalogStoreKind.Postgres)
        {
            services.AddDbContextFactory<CatalogDbContext>(options => options.UseCatalogPostgres(database.ConnectionString));
            services.AddHostedService<CatalogSync>();
        }
        else services.AddDbContextFactory<CatalogDbContext>(options => options.UseSqlite(database.ConnectionString).AddInterceptors(new DurableConnections()));
        services.AddSingleton<ISearchEngine>(_ => new LuceneSearchEngine(new SearchEngineOptions
        {
            IndexDirectory = ResolveIndexDirectory(configuration["Search:IndexPath"], store, environment.ContentRootPath),
            SynonymsPath = files.SynonymsFile,
            DictionaryDirectory = configuration["Search:MeCabDictionary"] is { Length: > 0 } dictionary ? dictionary : MeCabTagger.IpadicDirectory,
        }, SchemeIndex.Schema));
        services.AddSingleton(sp => new CatalogLoader(
            () => sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContext(),
            database,
            files,
            sp.GetRequiredService<ISearchEngine>(),
            sp.GetRequiredService<CatalogStore>(),
            sp.GetRequiredService<ILogger<CatalogLoader>>()));
        services.AddSingleton(sp => new CatalogCurator(
            () => sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContext(),
            database,
            sp.GetRequiredService<CatalogStore>(),
            sp.GetRequiredService<ISearchEngine>(),
            sp.GetRequiredService<ILogger<CatalogCurator>>()));
        services.AddSingleton<SchemeETags>();
        services.AddSingleton<SchemeSearch>();
        services.AddScoped(sp => sp.GetRequiredService<CatalogStore>().Current ?? throw new CatalogNotReadyException());
        services.AddHostedService<CatalogLoadService>();
        return services;
    }

    /// <summary>
    /// Search:IndexPath when set; otherwise beside the SQLite file (matchapi.db → matchapi.db.index/), so two instances
    /// with different databases never share an index. On PostgreSQL each instance keeps its own index (a cache of the shared
    /// store, rebuilt at start), in memory unless Search:IndexPath names a folder of this instance's own.
    /// </summary>
    private static string? ResolveIndexDirectory(string? configured, CatalogStoreSettings store, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured, contentRoot);
        if (store.Kind == CatalogStoreKind.Postgres) return null;
        var dataSource = new SqliteConnectionStringBuilder(store.ConnectionString).DataSource;
        return Path.GetFullPath(dataSource + ".index", contentRoot);
    }

    /// <summary>Catalog:DataPath when set; otherwise the nearest data/ folder holding schemes/, from the content root upwards.</summary>
    private static string ResolveDataDirectory(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured, contentRoot);
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data");
            if (Directory.Exists(Path.Combine(candidate, "schemes"))) return candidate;
        }
        return Path.Combine(contentRoot, "data");
    }
}

public sealed class CatalogNotReadyException() : InvalidOperationException("The catalog is not loaded yet.");

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
    IConfiguration configuration, ILogger<CatalogLoadService> logger) : BackgroundService
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

        var interval = TimeSpan.FromMilliseconds(configuration.GetValue("Catalog:DatabaseCheckMilliseconds", 1000));
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
