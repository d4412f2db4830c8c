using MatchApi.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

/// <summary>The real service on Kestrel (a real port on 127.0.0.1), configured for one benchmark run.</summary>
sealed class BenchService(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    /// <summary>A fresh SQLite file loaded from the repository's data/, plus the run's own settings.</summary>
    public static BenchService Start(string name, IReadOnlyDictionary<string, string?> settings)
    {
        var database = Path.Combine(Directory.CreateTempSubdirectory($"matchapi-{name}-").FullName, "catalog.db");
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Catalog"] = $"Data Source={database}",
            ["Catalog:DataPath"] = Path.Combine(ServiceReadiness.RepositoryRoot, "data"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings) all[key] = value;
        var service = new BenchService(all);
        service.UseKestrel(0);
        service.StartServer();
        return service;
    }

    public HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = ClientOptions.BaseAddress };

    public static int Argument(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(Path.Combine(ServiceReadiness.RepositoryRoot, "src", "MatchApi"));
        builder.UseSetting("Urls", "http://127.0.0.1:0");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }
}
