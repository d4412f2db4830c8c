using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MatchApi.Testing;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatchApi.Tests.Hostile;

/// <summary>
/// Every log entry the service writes, as a line: level, category, message and its properties. The configured log levels
/// still apply (the provider is one more sink behind the same filters), so this is what a console would receive.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private long _bytes;

    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    /// <summary>Each entry as one line: level, category, message, exception, properties.</summary>
    public string[] Lines => Entries.Select(e => e.Line).ToArray();

    public long Bytes => Interlocked.Read(ref _bytes);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose() { }

    /// <summary>The service with this capture added, in the given environment (Production reads only appsettings.json).</summary>
    public WebApplicationFactory<Program> Attach(MatchApiFactory factory, string environment = "Production") =>
        factory.WithWebHostBuilder(builder => builder
            .UseEnvironment(environment)
            .ConfigureServices(services => services.AddSingleton<ILoggerProvider>(this)));

    private void Write(LogEntry entry)
    {
        Entries.Enqueue(entry);
        Interlocked.Add(ref _bytes, Encoding.UTF8.GetByteCount(entry.Line) + 1);
    }

    private sealed class Logger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            var message = formatter(state, exception);
            capture.Write(new LogEntry(logLevel, category, message, $"{logLevel} {category}: {message} {exception} {properties}"));
        }
    }
}

public sealed record LogEntry(LogLevel Level, string Category, string Message, string Line);

/// <summary>The service on Kestrel at a real port on 127.0.0.1 (for what TestServer does not do: Server headers, HEAD bodies, client IPs).</summary>
public sealed class KestrelMatchApi : MatchApiFactory
{
    public KestrelMatchApi(IReadOnlyDictionary<string, string?>? settings = null) : base(dataPath: null, settings)
    {
        this.StartOnLoopback();
        BaseAddress = ClientOptions.BaseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>A client whose connections come from <paramref name="localAddress"/> (any 127.x.y.z is loopback on Linux).</summary>
    public HttpClient ClientFrom(string localAddress = "127.0.0.1") => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                await socket.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = BaseAddress };

    public async Task<HttpClient> ReadyClientFromAsync(string localAddress = "127.0.0.1")
    {
        var client = ClientFrom(localAddress);
        await WaitUntilReadyAsync(client);
        return client;
    }
}

/// <summary>
/// The built service as its own process (dotnet MatchApi.dll from the test output, with its appsettings.json), in Production,
/// on a free loopback port: what an operator runs. Its standard output is kept line by line; its memory is read from /proc.
/// </summary>
public sealed class ServiceProcess : IAsyncLifetime
{
    public const string PartnerKey = "process-partner-5e1c2a9d7b3f4e60";

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("matchapi-process-");
    private Process _process = null!;

    public ConcurrentQueue<string> Output { get; } = new();
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = LocalPorts.Free();
        var start = LocalPorts.Service(port);
        start.Environment["ConnectionStrings__Catalog"] = $"Data Source={Path.Combine(_work.FullName, "catalog.db")}";
        start.Environment["Catalog__DataPath"] = RepositoryPaths.Data;
        start.Environment["Partners__Anonymous__PermitLimit"] = "100000";
        // Its tests send 60 expensive requests at once to measure memory and logs, not the queue (ExpensiveRequestTests do).
        start.Environment["Partners__ExpensiveRequests__QueueLimit"] = "1000";
        start.Environment["Partners__Keys__process__KeyHash"] = MatchApi.Partners.PartnerDirectory.Hash(PartnerKey);

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, line) => { if (line.Data is not null) Output.Enqueue(line.Data); };
        _process.ErrorDataReceived += (_, line) => { if (line.Data is not null) Output.Enqueue(line.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(120) };
        await ServiceReadiness.WaitUntilReadyAsync(Client, seconds: 60,
            exited: () => _process.HasExited ? "The service exited: " + string.Join("\n", Output) : null, log: () => string.Join("\n", Output));
    }

    /// <summary>Resident memory now, and its peak since the start, in bytes (Linux /proc).</summary>
    public (long Resident, long Peak) Memory()
    {
        _process.Refresh();
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        long Field(string name) => long.Parse(status.Single(l => l.StartsWith(name + ":")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return (Field("VmRSS"), Field("VmHWM"));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { _work.Delete(recursive: true); } catch (IOException) { }
    }

}
