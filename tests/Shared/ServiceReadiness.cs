namespace MatchApi.Testing;

/// <summary>What the tests and the benchmarks both need of a running service and of the repository around them.</summary>
public static class ServiceReadiness
{
    /// <summary>Returns once /health/ready answers 200 (the catalog is loaded), polling for up to 30 s.</summary>
    public static async Task WaitUntilReadyAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var response = await client.GetAsync("/health/ready");
            if (response.IsSuccessStatusCode) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("The catalog did not become ready within 30 s.");
    }

    /// <summary>The checkout's root: the nearest folder above the running assembly that holds MatchApi.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MatchApi.sln"))) return dir.FullName;
        throw new InvalidOperationException("MatchApi.sln not found above " + AppContext.BaseDirectory);
    }
}
