using MatchApi.Catalog;
using MatchApi.Catalog.Curation;
using MatchApi.Catalog.Infrastructure;
using MatchApi.Curation;
using MatchApi.Catalog.Querying;
using MatchApi.Search;
using MatchApi.Search.Analysis.MeCab;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MatchApi.Infrastructure;

public static class CatalogServices
{
    /// <summary>
    /// The catalog store, its loader, the search engine and the query service, configured from ConnectionStrings:Catalog,
    /// Catalog:DataPath, Search:MeCabDictionary and Search:IndexPath.
    /// </summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var connectionString = configuration.GetConnectionString("Catalog") ?? "Data Source=matchapi.db";
        var files = new CatalogFiles(ResolveDataDirectory(configuration["Catalog:DataPath"], environment.ContentRootPath));
        var database = new CatalogDatabase(connectionString, environment.ContentRootPath);

        services.AddSingleton(files);
        services.AddSingleton(database);
        services.AddSingleton<CatalogStore>();
        services.AddDbContextFactory<CatalogDbContext>(options => options.UseSqlite(database.ConnectionString));
        services.AddSingleton<ISearchEngine>(_ => new LuceneSearchEngine(new SearchEngineOptions
        {
            IndexDirectory = ResolveIndexDirectory(configuration["Search:IndexPath"], connectionString, environment.ContentRootPath),
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
    /// with different databases never share an index.
    /// </summary>
    private static string? ResolveIndexDirectory(string? configured, string connectionString, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured, contentRoot);
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
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
/// exit code (a restart policy sees the failure). A database deleted while serving is reported not ready at once, then
/// rebuilt from data/ when data/ holds all of it, or else the process stops with the reason.
/// </summary>
internal sealed class CatalogLoadService(
    CatalogLoader loader, CatalogDatabase database, CatalogStore store, ISearchEngine engine, IHostApplicationLifetime lifetime,
    IConfiguration configuration, ILogger<CatalogLoadService> logger) : BackgroundService
{
    /// <summary>Exit code for a catalog that cannot be served: database corrupt or gone with curated revisions, or the load failed unexpectedly.</summary>
    public const int FailureExitCode = 3;

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
