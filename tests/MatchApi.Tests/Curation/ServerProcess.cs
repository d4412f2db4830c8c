using MatchApi.Tests.Infrastructure;
using MatchApi.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MatchApi.Tests.Curation;

/// <summary>
/// The built service (dotnet MatchApi.dll from the test output) as a child process in Production on a free loopback
/// port, on the database file and data folder the test names, with the curator keys of <see cref="Curators"/>. It can
/// be killed with SIGKILL (kill -9) and started again on the same files.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    /// <summary>Standard output and error, line by line (the console log is JSON, one entry a line).</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    public string Log => string.Join("\n", Output);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ServerProcess Start(string databasePath, string dataPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = LocalPorts.Free();
        var start = LocalPorts.Service(port);
        start.Environment["ConnectionStrings__Catalog"] = $"Data Source={databasePath}";
        start.Environment["Catalog__DataPath"] = dataPath;
        start.Environment["Partners__Anonymous__PermitLimit"] = "1000000";
        foreach (var (key, value) in Curators.Settings())
            start.Environment[key.Replace(":", "__")] = value;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) server.Output.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) server.Output.Enqueue(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits for /health/ready to answer 200; throws when the process exits first or 180 s pass (the whole suite shares two cores).</summary>
    public Task WaitUntilReadyAsync() => ServiceReadiness.WaitUntilReadyAsync(Client, seconds: 180,
        exited: () => _process.HasExited ? $"The service exited with {_process.ExitCode}:\n{Log}" : null, log: () => Log);

    /// <summary>The exit code, once the process ends by itself; throws when it is still running after <paramref name="seconds"/>.</summary>
    public async Task<int> WaitForExitAsync(int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The service was still running after {seconds} s:\n{Log}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, whatever the process is doing.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager stops it: the host shuts down in order.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        await WaitForExitAsync(30);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await KillAsync();
        _process.Dispose();
    }

}
