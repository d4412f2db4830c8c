using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using MatchApi.Testing;

namespace MatchApi.Tests.Infrastructure;

/// <summary>
/// The real service through the real HTTP pipeline, on its own SQLite file in a temp folder,
/// loading the repository's data/ (or another data folder, for load-failure tests).
/// </summary>
public class MatchApiFactory : WebApplicationFactory<Program>
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public MatchApiFactory() : this(dataPath: null) { }

    public MatchApiFactory(string? dataPath, IReadOnlyDictionary<string, string?>? settings = null, string? databasePath = null)
    {
        WorkDirectory = Directory.CreateTempSubdirectory("matchapi-test-").FullName;
        DatabasePath = databasePath ?? Path.Combine(WorkDirectory, "catalog.db");
        DataPath = dataPath ?? RepositoryPaths.Data;
        // The read-only API tests share one client; the anonymous rate limit is the partner tests' subject, not theirs.
        var merged = new Dictionary<string, string?> { ["Partners:Anonymous:PermitLimit"] = "1000000" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) merged[key] = value;
        Settings = merged;
    }

    public string WorkDirectory { get; }
    public string DatabasePath { get; }
    public string DataPath { get; }
    private IReadOnlyDictionary<string, string?> Settings { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Catalog", $"Data Source={DatabasePath};Pooling=False");
        builder.UseSetting("Catalog:DataPath", DataPath);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>A client once /health/ready answers 200.</summary>
    public async Task<HttpClient> ReadyClientAsync()
    {
        var client = CreateClient();
        await WaitUntilReadyAsync(client);
        return client;
    }

    public static Task WaitUntilReadyAsync(HttpClient client) => ServiceReadiness.WaitUntilReadyAsync(client);

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) TryDelete(WorkDirectory);
    }

    private static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>One shared, ready instance for the read-only API tests.</summary>
public class ReadyApp : IAsyncLifetime
{
    public ReadyApp() : this(new MatchApiFactory()) { }

    protected ReadyApp(MatchApiFactory factory) => Factory = factory;

    public MatchApiFactory Factory { get; }
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await Factory.ReadyClientAsync();

    public Task DisposeAsync()
    {
        Client.Dispose();
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ReadyApp>
{
    public const string Name = "api";
}

public static class RepositoryPaths
{
    public static string Root => ServiceReadiness.RepositoryRoot;
    public static string Data => Path.Combine(Root, "data");
    public static string Seeds => Path.Combine(Data, "seeds");

    /// <summary>A private copy of data/ under <paramref name="parent"/>, for tests that change the catalog.</summary>
    public static string CopyOfData(string parent)
    {
        var target = Directory.CreateDirectory(Path.Combine(parent, "data-" + Guid.NewGuid().ToString("N")[..8]));
        Directory.CreateDirectory(Path.Combine(target.FullName, "schemes"));
        foreach (var file in Directory.GetFiles(Path.Combine(Data, "schemes")))
            File.Copy(file, Path.Combine(target.FullName, "schemes", Path.GetFileName(file)));
        File.Copy(Path.Combine(Data, "synonyms.txt"), Path.Combine(target.FullName, "synonyms.txt"));
        Directory.CreateDirectory(Path.Combine(target.FullName, "seeds"));
        File.Copy(Path.Combine(Seeds, "documents.json"), Path.Combine(target.FullName, "seeds", "documents.json"));
        return target.FullName;
    }
}
