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
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MatchApi.Infrastructure;

public static class CatalogServices
{
    /// <summary>
    /// The catalog store, its loader, the search engine and the query service, configured from Catalog:Store,
    /// ConnectionStrings:Catalog and the Catalog and Search sections (<see cref="CatalogOptions"/>, <see cref="SearchOptions"/>,
    /// validated at start).
    /// </summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var store = CatalogStoreSettings.From(CatalogOptions.ReadNow(configuration), configuration.GetConnectionString("Catalog"));
        var database = store.Kind == CatalogStoreKind.Postgres
            ? CatalogDatabase.OnServer(store.ConnectionString)
            : new CatalogDatabase(store.ConnectionString, environment.ContentRootPath);

        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection(CatalogOptions.SectionName)).ValidateOnStart();
        services.AddOptions<SearchOptions>().Bind(configuration.GetSection(SearchOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CatalogOptions>, CatalogOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SearchOptions>, CatalogOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(sp => new CatalogFiles(ResolveDataDirectory(sp.GetRequiredService<IOptions<CatalogOptions>>().Value.DataPath, environment.ContentRootPath)));
        services.AddSingleton(database);
        services.AddSingleton(store);
        services.AddSingleton<CatalogStore>();
        if (store.Kind == CatalogStoreKind.Postgres)
        {
            services.AddDbContextFactory<CatalogDbContext>(options => options.UseCatalogPostgres(database.ConnectionString));
            services.AddHostedService<CatalogSync>();
        }
        else services.AddDbContextFactory<CatalogDbContext>(options => options.UseSqlite(database.ConnectionString).AddInterceptors(new DurableConnections()));
        services.AddSingleton<ISearchEngine>(sp =>
        {
            var search = sp.GetRequiredService<IOptions<SearchOptions>>().Value;
            var engine = new SearchEngineOptions
            {
                IndexDirectory = ResolveIndexDirectory(search.IndexPath, store, environment.ContentRootPath),
                SynonymsPath = sp.GetRequiredService<CatalogFiles>().SynonymsFile,
                DictionaryDirectory = search.MeCabDictionary is { Length: > 0 } dictionary ? dictionary : MeCabTagger.IpadicDirectory,
            };
            if (search.RememberedQueries is { } remembered) engine = engine with { RememberedQueries = remembered };
            if (search.MaxSearchParts is { } parts) engine = engine with { MaxSearchParts = parts };
            return new LuceneSearchEngine(engine, SchemeIndex.Schema);
        });
        services.AddSingleton(sp => new CatalogLoader(
            () => sp.GetRequiredService<IDbContextFactory<CatalogDbContext>>().CreateDbContext(),
            database,
            sp.GetRequiredService<CatalogFiles>(),
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
