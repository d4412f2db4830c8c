using MatchApi.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

/// <summary>The real service on Kestrel (a real port on 127.0.0.1), configured for one benchmark run.</summary>
sealed class BenchService(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    private string? _temporaryDirectory;

    /// <summary>A fresh SQLite file loaded from the repository's data/, plus the run's own settings.</summary>
    public static BenchService Start(string name, IReadOnlyDictionary<string, string?> settings)
    {
        var directory = Directory.CreateTempSubdirectory($"matchapi-{name}-").FullName;
        var database = Path.Combine(directory, "catalog.db");
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Catalog"] = $"Data Source={database}",
            ["Catalog:DataPath"] = Path.Combine(ServiceReadiness.RepositoryRoot, "data"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning", // appsettings.Development.json logs every SQL command
        };
        foreach (var (key, value) in settings) all[key] = value;
        var service = new BenchService(all) { _temporaryDirectory = directory };
        service.StartOnLoopback();
        return service;
    }

    public HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = ClientOptions.BaseAddress };

    public static int Argument(string[] args, string name, int fallback) => Argument(args, name) switch
    {
        null => fallback,
        var text when int.TryParse(text, out var value) => value,
        var text => throw new ArgumentException($"{name} takes an integer, not '{text}'."),
    };

    /// <summary>The value after <paramref name="name"/>, or null when the option is absent.</summary>
    public static string? Argument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(Path.Combine(ServiceReadiness.RepositoryRoot, "src", "MatchApi"));
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    /// <summary>Also deletes the run's database (hundreds of MB for a large synthetic catalog).</summary>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _temporaryDirectory is { } directory && Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }

}
