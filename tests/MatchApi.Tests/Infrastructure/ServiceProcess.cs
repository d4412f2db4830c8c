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
        var port = LocalPorts.Free();
        var start = LocalPorts.Service(port);
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, line) => { lock (service._output) service._output.AppendLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { lock (service._output) service._output.AppendLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await MatchApi.Testing.ServiceReadiness.WaitUntilReadyAsync(service.Client, seconds: 60,
            exited: () => process.HasExited ? $"The service exited with {process.ExitCode}: {service.Output}" : null, log: () => service.Output);
        return service;
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
