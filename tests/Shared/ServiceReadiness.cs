namespace MatchApi.Testing;

/// <summary>What the tests and the benchmarks both need of a running service and of the repository around them.</summary>
public static class ServiceReadiness
{
    /// <summary>
    /// Returns once /health/ready answers 200 (the catalog is loaded), polling ten times a second for <paramref name="seconds"/> (more when answers are slow).
    /// For a service in a process of its own: <paramref name="exited"/> says why it can no longer become ready (null while
    /// it runs), and <paramref name="log"/> is what it wrote, for the timeout's message.
    /// </summary>
    public static async Task WaitUntilReadyAsync(HttpClient client, int seconds = 30, Func<string?>? exited = null, Func<string>? log = null)
    {
        // Counted in attempts, not wall-clock time: on a loaded machine each answer is slow, and the wait stretches with it.
        for (var attempt = 0; attempt < seconds * 10; attempt++)
        {
            if (exited?.Invoke() is { } reason) throw new InvalidOperationException(reason);
            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The service was not ready after {seconds * 10} checks ({seconds} s or more)." + (log is null ? "" : "\n" + log()));
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
