using System.Diagnostics;

namespace MatchApi.Tests.Infrastructure;

/// <summary>
/// The built service (src/MatchApi/bin/…/MatchApi.dll) as a process of its own on a free loopback port, configured through
/// environment variables as an operator would, so that a test can kill it outright.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }
    public HttpClient Client { get; }

    /// <summary>Starts it with these settings (configuration keys, e.g. Catalog:Store) and waits until /health/ready answers 200.</summary>
    public static async Task<ServiceProcess> StartReadyAsync(IReadOnlyDictionary<string, string?> settings)
    {
        // The same configuration and framework as these tests: tests/MatchApi.Tests/bin/Release/net10.0 → src/MatchApi/bin/Release/net10.0.
        var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var bin = Path.Combine(RepositoryPaths.Root, "src", "MatchApi", "bin", tests.Parent!.Name, tests.Name);
        var dll = Path.Combine(bin, "MatchApi.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the solution first: the service's own build is started as a process.", dll);
        var port = LocalPorts.Free();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = bin, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, line) => { lock (service._output) service._output.AppendLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { lock (service._output) service._output.AppendLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited) throw new InvalidOperationException($"The service exited with {process.ExitCode}: {service.Output}");
            try
            {
                using var ready = await service.Client.GetAsync("/health/ready");
                if (ready.IsSuccessStatusCode) return service;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The service was not ready within 60 s: {service.Output}");
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>SIGKILL: no shutdown, no flushing, as a crash or a lost machine.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        Client.Dispose();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
