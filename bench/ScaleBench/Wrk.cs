using System.Diagnostics;
using System.Text.Json;

/// <summary>What one wrk phase measured.</summary>
sealed record WrkResult(long Requests, double Seconds, long NotOk, long CacheHits, long SocketErrors, long Timeouts, double P50Ms, double P99Ms)
{
    public double PerSecond => Requests / Seconds;

    /// <summary>
    /// CPU time the server used from the start of the phase until it was idle again (set by the caller, which knows the
    /// server's process): the answered requests and the ones still in flight when wrk stopped.
    /// </summary>
    public double ServerCpuSeconds { get; init; }

    /// <summary>Requests in flight when wrk stopped (one per connection), which the server still worked on.</summary>
    public int InFlightAtEnd { get; init; }

    public double ServerCpuMsPerRequest => CpuMsPerRequest([this]);

    /// <summary>Server CPU ms per request the server worked on (answered, or in flight when wrk stopped), over several phases.</summary>
    public static double CpuMsPerRequest(IReadOnlyCollection<WrkResult> phases) =>
        phases.Sum(p => p.ServerCpuSeconds) * 1000 / Math.Max(1, phases.Sum(p => p.Requests + p.InFlightAtEnd));
}

/// <summary>
/// Runs Debian's wrk (a C load generator: it needs far less CPU per request than a .NET client, which matters when it
/// shares 2 cores with the server) with distinct-urls.lua, for /health/live or for distinct search URLs.
/// </summary>
sealed class Wrk(string executable, int threads, int connections)
{
    public int Connections => connections;

    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "distinct-urls.lua");
    private const string ResultPrefix = "BENCH_RESULT ";

    public string Describe() => $"wrk -t{threads} -c{connections} --timeout 30s -s {Path.GetFileName(Script)}";

    public Task<WrkResult> HealthAsync(Uri server, int seconds, CancellationToken cancellationToken) =>
        RunAsync(server, seconds, ["health"], cancellationToken);

    /// <summary>Searches: the paths of <paramref name="pathsFile"/> in turn, each made unique with <paramref name="tag"/> and a counter.</summary>
    public Task<WrkResult> SearchAsync(Uri server, int seconds, string pathsFile, string tag, CancellationToken cancellationToken) =>
        RunAsync(server, seconds, ["search", pathsFile, tag], cancellationToken);

    private async Task<WrkResult> RunAsync(Uri server, int seconds, string[] scriptArguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments = [$"-t{threads}", $"-c{connections}", $"-d{seconds}s", "--timeout", "30s", "-s", Script, server.ToString().TrimEnd('/'), "--", .. scriptArguments];
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = ChildProcesses.Start(start);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(seconds + 60)); // wrk stops itself after -d; this is for a wrk that hangs
            await process.WaitForExitAsync(limit.Token);
            var text = await output;
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal))
                       ?? throw new InvalidOperationException($"wrk exited with {process.ExitCode} and printed no result: {text} {await errors}");
            var result = JsonDocument.Parse(line[ResultPrefix.Length..]).RootElement;
            long Get(string name) => (long)result.GetProperty(name).GetDouble();
            return new WrkResult(
                Get("requests"), Get("durationUs") / 1e6, Get("notOk"), Get("cacheHits"),
                Get("connectErrors") + Get("readErrors") + Get("writeErrors"), Get("timeouts"),
                Get("p50Us") / 1000.0, Get("p99Us") / 1000.0);
        }
        finally
        {
            ChildProcesses.Kill(process);
            ChildProcesses.Forget(process);
        }
    }
}
