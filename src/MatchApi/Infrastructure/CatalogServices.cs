using MatchApi.Catalog;
using MatchApi.Catalog.Infrastructure;
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

        services.AddSingleton(files);
        services.AddSingleton<CatalogStore>();
        services.AddDbContextFactory<CatalogDbContext>(options => options.UseSqlite(connectionString));
        services.AddSingleton<ISearchEngine>(_ => new LuceneSearchEngine(new SearchEngineOptions
        {
            IndexDirectory = ResolveIndexDirectory(configuration["Search:IndexPath"], connectionString, environment.ContentRootPath),
            SynonymsPath = files.SynonymsFile,
            DictionaryDirectory = configuration["Search:MeCabDictionary"] is { Length: > 0 } dictionary ? dictionary : MeCabTagger.IpadicDirectory,
        }, SchemeIndex.Schema));
        services.AddSingleton(sp => new CatalogLoader(
            () => sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContext(),
            files,
            sp.GetRequiredService<ISearchEngine>(),
            sp.GetRequiredService<CatalogStore>(),
            sp.GetRequiredService<ILogger<CatalogLoader>>()));
        services.AddSingleton<SchemeSearch>();
        services.AddScoped(sp => sp.GetRequiredService<CatalogStore>().Current ?? throw new CatalogNotReadyException());
        services.AddHostedService<CatalogLoadService>();
        return services;
    }

    /// <summary>
    /// Search:IndexPath when set; otherwise beside the SQLite file (matchapi.db → matchapi.db.index/), so two instances
    /// with different databases never share an index; in memory for an in-memory database.
    /// </summary>
    private static string? ResolveIndexDirectory(string? configured, string connectionString, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured, contentRoot);
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return dataSource is "" or ":memory:" ? null : Path.GetFullPath(dataSource + ".index", contentRoot);
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

/// <summary>Loads the catalog after the server starts, so /health/live answers while /health/ready waits.</summary>
internal sealed class CatalogLoadService(CatalogLoader loader, ILogger<CatalogLoadService> logger, ISearchEngine engine) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (engine.Status.Warning is { } warning) logger.LogWarning("Search runs degraded: {Warning}", warning);
        await Task.Yield();
        await loader.LoadAsync(stoppingToken);
    }
}
