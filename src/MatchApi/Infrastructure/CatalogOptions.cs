using Microsoft.Extensions.Options;

namespace MatchApi.Infrastructure;

/// <summary>The "Catalog" configuration section (the database itself is ConnectionStrings:Catalog).</summary>
/// <example>"Catalog": { "DataPath": "/srv/matchapi/data", "DatabaseCheckMilliseconds": 1000, "Store": "postgres", "ListenForChanges": true, "VersionCheckMilliseconds": 1000 }</example>
public sealed class CatalogOptions
{
    public const string SectionName = "Catalog";

    /// <summary>The data/ folder (schemes/, seeds/, synonyms.txt); unset: the nearest data/ holding schemes/, from the content root upwards.</summary>
    public string? DataPath { get; set; }

    /// <summary>How often, while serving, the service checks that the database file is still there.</summary>
    public int DatabaseCheckMilliseconds { get; set; } = 1000;

    /// <summary>sqlite (the default: one instance, a file) or postgres (several instances sharing one catalog).</summary>
    public string? Store { get; set; }

    /// <summary>On PostgreSQL: LISTEN for other instances' writes; false behind a pooler that cannot LISTEN (e.g. PgBouncer in transaction mode).</summary>
    public bool ListenForChanges { get; set; } = true;

    /// <summary>On PostgreSQL, the fallback: how often the catalog's revision sequence is compared with the one served.</summary>
    public int VersionCheckMilliseconds { get; set; } = 1000;

    internal static bool IsPostgres(string? store) => store?.Trim().ToLowerInvariant() is "postgres" or "postgresql";

    internal static bool IsKnownStore(string? store) => string.IsNullOrWhiteSpace(store) || store.Trim().ToLowerInvariant() == "sqlite" || IsPostgres(store);

    /// <summary>The section as configured, checked at once: the store decides the services registered, before options are resolved.</summary>
    internal static CatalogOptions ReadNow(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<CatalogOptions>() ?? new CatalogOptions();
        var result = new CatalogOptionsValidator().Validate(null, options);
        if (result.Failed) throw new OptionsValidationException(SectionName, typeof(CatalogOptions), result.Failures);
        return options;
    }
}

/// <summary>The "Search" configuration section.</summary>
/// <example>"Search": { "IndexPath": "/var/cache/matchapi/index", "MeCabDictionary": "/var/lib/mecab/dic/ipadic-utf8", "RememberedQueries": 1000 }</example>
public sealed class SearchOptions
{
    public const string SectionName = "Search";

    /// <summary>The on-disk index folder; unset: beside the SQLite file (matchapi.db → matchapi.db.index/).</summary>
    public string? IndexPath { get; set; }

    /// <summary>The MeCab IPADIC folder; unset: Debian's mecab-ipadic-utf8. A dictionary that cannot be opened degrades search to bigrams (with a warning).</summary>
    public string? MeCabDictionary { get; set; }

    /// <summary>How many query texts the engine remembers the plans of (0: none); unset: the engine's default.</summary>
    public int? RememberedQueries { get; set; }

    /// <summary>How many parts one search of a large catalog (5,000 schemes and up) runs in side by side (1: one thread per search); unset: one per core.</summary>
    public int? MaxSearchParts { get; set; }
}

/// <summary>The "OpenApi" configuration section.</summary>
public sealed class ApiDocumentOptions
{
    public const string SectionName = "OpenApi";

    /// <summary>Whether /swagger serves Swagger UI (in every environment); the document at /openapi/v1.json is always served.</summary>
    public bool SwaggerUi { get; set; } = true;
}

internal sealed class CatalogOptionsValidator : IValidateOptions<CatalogOptions>, IValidateOptions<SearchOptions>
{
    public ValidateOptionsResult Validate(string? name, CatalogOptions options)
    {
        var failures = new List<string>();
        if (options.DatabaseCheckMilliseconds < 1) failures.Add("Catalog:DatabaseCheckMilliseconds must be at least 1.");
        if (!CatalogOptions.IsKnownStore(options.Store))
            failures.Add($"Catalog:Store is '{Shown(options.Store!.Trim().ToLowerInvariant())}'; expected sqlite (the default: one instance, a file) or postgres (several instances).");
        if (options.VersionCheckMilliseconds is < 50 or > 600_000) failures.Add("Catalog:VersionCheckMilliseconds must be between 50 and 600000.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Shown(string value) => value.Length <= 30 ? value : value[..30] + "…";

    public ValidateOptionsResult Validate(string? name, SearchOptions options)
    {
        var failures = new List<string>();
        if (options.RememberedQueries < 0) failures.Add("Search:RememberedQueries must be at least 0.");
        if (options.MaxSearchParts < 1) failures.Add("Search:MaxSearchParts must be at least 1.");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
