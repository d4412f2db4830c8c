using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MatchApi.Tests.Infrastructure;

/// <summary>
/// A throw-away redis-server on a free loopback port, in a temporary folder, with nothing written to disk
/// (scripts/install-deps.sh --tests installs Debian's redis-server). Stop and start it to test an outage.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("matchapi-redis-").FullName;
    private Process? _process;

    public int Port { get; } = LocalPorts.Free();

    /// <summary>For Redis:Configuration.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var server = new RedisServer();
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts it (again, after <see cref="Kill"/>), empty, on the same port.</summary>
    public async Task StartAgainAsync()
    {
        _process = LocalPorts.Start("redis-server",
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory, "--protected-mode", "no"]);
        await LocalPorts.WaitUntilListeningAsync(Port, "redis-server", _process);
    }

    /// <summary>Kills the server at once, as a crash or a network partition would look to its clients.</summary>
    public void Kill()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill();
        process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        LocalPorts.TryDelete(_directory);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A throw-away PostgreSQL cluster: initdb in a temporary folder, the server on a free loopback port with its unix
/// socket in that folder, stopped and deleted at the end. PostgreSQL refuses to run as root, so as root (the test
/// machines) the cluster belongs to the postgres user of Debian's package and is run through runuser.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Superuser = "matchapi";
    private readonly string _directory;
    private readonly string _bin = BinDirectory();
    private int _databases;

    private static readonly Lazy<PostgresServer> SharedInstance = new(() =>
    {
        var server = new PostgresServer();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    });

    private readonly Lazy<Task> _started;

    private PostgresServer()
    {
        _directory = Directory.CreateTempSubdirectory("matchapi-pg-").FullName;
        if (RunsAsRoot) Run("chown", ["postgres:postgres", _directory]);
        _started = new(StartServerAsync);
    }

    /// <summary>
    /// One cluster for the class fixtures that cannot take a collection fixture (xunit 2), started by the first database
    /// asked of it and stopped when the test process exits.
    /// </summary>
    public static PostgresServer Shared => SharedInstance.Value;

    public int Port { get; } = LocalPorts.Free();

    private string DataDirectory => Path.Combine(_directory, "data");

    private static bool RunsAsRoot => Environment.UserName == "root";

    public static async Task<PostgresServer> StartAsync()
    {
        var server = new PostgresServer();
        await server._started.Value;
        return server;
    }

    private async Task StartServerAsync()
    {
        Postgres("initdb", ["-D", DataDirectory, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        Postgres("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -h 127.0.0.1 -k {_directory} -c fsync=off -c max_connections=300", "start"]);
        await LocalPorts.WaitUntilListeningAsync(Port, "postgres", process: null);
    }

    /// <summary>A name for a database that <see cref="CreateDatabaseAsync(string)"/> creates later.</summary>
    public string NewDatabaseName() => $"catalog_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..30];

    /// <summary>A new, empty database on this server; its connection string for ConnectionStrings:Catalog.</summary>
    public Task<string> CreateDatabaseAsync() => CreateDatabaseAsync(NewDatabaseName());

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await _started.Value;
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = Superuser, Database = database, Timeout = 5 }.ToString();

    public ValueTask DisposeAsync()
    {
        if (_started.IsValueCreated)
            try { Postgres("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]); }
            catch (InvalidOperationException) { }
        LocalPorts.TryDelete(_directory);
        return ValueTask.CompletedTask;
    }

    private void Postgres(string program, string[] arguments)
    {
        var path = Path.Combine(_bin, program);
        if (RunsAsRoot) Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        else Run(path, arguments);
    }

    private static void Run(string program, string[] arguments)
    {
        using var process = LocalPorts.Start(program, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90))) process.Kill();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {errors.Result}{output.Result}");
    }

    /// <summary>Debian keeps the server programs per major version under /usr/lib/postgresql; the newest one installed.</summary>
    private static string BinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0).FirstOrDefault()
              ?? throw new InvalidOperationException("No PostgreSQL server under /usr/lib/postgresql: run scripts/install-deps.sh --tests.")
            : throw new InvalidOperationException("No PostgreSQL server under /usr/lib/postgresql: run scripts/install-deps.sh --tests.");
}

internal static class LocalPorts
{
    /// <summary>
    /// The built service (MatchApi.dll beside these tests) on a loopback port, in Production as an operator runs it;
    /// settings go in as environment variables (Catalog__Store=…).
    /// </summary>
    public static ProcessStartInfo Service(int port)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MatchApi.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return start;
    }

    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static Process Start(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
    }

    public static async Task WaitUntilListeningAsync(int port, string name, Process? process)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (process is { HasExited: true })
                throw new InvalidOperationException($"{name} exited with {process.ExitCode}: {await process.StandardOutput.ReadToEndAsync()}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"{name} did not listen on 127.0.0.1:{port} within 30 s.");
    }

    public static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>One PostgreSQL cluster and one redis-server for every multi-instance test, stopped when they are done.</summary>
public sealed class SharedServers : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;
    public RedisServer Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var postgres = PostgresServer.StartAsync();
        var redis = RedisServer.StartAsync();
        (Postgres, Redis) = (await postgres, await redis);
    }

    public async Task DisposeAsync()
    {
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedServersCollection : ICollectionFixture<SharedServers>
{
    public const string Name = "shared servers";
}
