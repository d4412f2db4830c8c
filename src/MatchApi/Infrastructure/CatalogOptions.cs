using Microsoft.Extensions.Options;

namespace MatchApi.Infrastructure;

/// <summary>The "Catalog" configuration section (the database itself is ConnectionStrings:Catalog).</summary>
/// <example>"Catalog": { "DataPath": "/srv/matchapi/data", "DatabaseCheckMilliseconds": 1000 }</example>
public sealed class CatalogOptions
{
    public const string SectionName = "Catalog";

    /// <summary>The data/ folder (schemes/, seeds/, synonyms.txt); unset: the nearest data/ holding schemes/, from the content root upwards.</summary>
    public string? DataPath { get; set; }

    /// <summary>How often, while serving, the service checks that the database file is still there.</summary>
    public int DatabaseCheckMilliseconds { get; set; } = 1000;
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
    public ValidateOptionsResult Validate(string? name, CatalogOptions options) =>
        options.DatabaseCheckMilliseconds < 1
            ? ValidateOptionsResult.Fail("Catalog:DatabaseCheckMilliseconds must be at least 1.")
            : ValidateOptionsResult.Success;

    public ValidateOptionsResult Validate(string? name, SearchOptions options) =>
        options.RememberedQueries < 0
            ? ValidateOptionsResult.Fail("Search:RememberedQueries must be at least 0.")
            : ValidateOptionsResult.Success;
}
