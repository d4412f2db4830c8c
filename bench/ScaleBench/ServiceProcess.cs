using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

/// <summary>
/// The built service (src/MatchApi's MatchApi.dll) as its own process on a kernel-chosen loopback port, watched for
/// memory, and killed when the bench exits (<see cref="ChildProcesses"/>).
/// </summary>
sealed partial class ServiceProcess : IAsyncDisposable
{
    private const long LogLimitBytes = 16 << 20;

    private readonly Process _process;
    private readonly Stopwatch _clock;
    private readonly long _maxRssBytes;
    private readonly StreamWriter _log;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopWatching = new();
    private long _logBytes;
    private bool _logClosed;
    private volatile bool _catalogImported;
    private double? _readLoggedAt, _importLoggedAt, _indexLoggedAt;

    /// <summary>Why the bench killed the process, or null.</summary>
    public string? KilledBecause { get; private set; }
    public Uri BaseAddress => _listening.Task.IsCompletedSuccessfully ? _listening.Task.Result : throw new InvalidOperationException("The service is not listening.");
    /// <summary>The loader logged that it imported data/ into the database (today's message: "Imported from …: N revisions").</summary>
    public bool CatalogImported => _catalogImported;
    /// <summary>Seconds from process start to the loader's "Catalog files read and checked" line (before it writes the database), or null.</summary>
    public double? ReadLoggedAt => _readLoggedAt;
    /// <summary>Seconds from process start to the loader's "Imported from" line (files read, checked and written to the database as revisions), or null.</summary>
    public double? ImportLoggedAt => _importLoggedAt;
    /// <summary>Seconds from process start to the loader's "Search index built" line (documents analysed and the index published), or null when the index on disk was current.</summary>
    public double? IndexLoggedAt => _indexLoggedAt;
    public string LogPath { get; }
    public long PeakRssBytes { get; private set; }

    private ServiceProcess(Process process, Stopwatch clock, long maxRssBytes, string logPath)
    {
        _process = process;
        _clock = clock;
        _maxRssBytes = maxRssBytes;
        LogPath = logPath;
        _log = new StreamWriter(logPath) { AutoFlush = true };
    }

    /// <summary>Starts <c>dotnet MatchApi.dll</c> with <paramref name="settings"/> (configuration keys) and a SQLite file at <paramref name="databasePath"/>.</summary>
    public static ServiceProcess Start(string serviceDll, IReadOnlyDictionary<string, string?> settings, string databasePath, string logPath, long maxRssBytes)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(serviceDll)!, // the content root: its appsettings.json
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { serviceDll, "--urls", "http://127.0.0.1:0" }) start.ArgumentList.Add(argument);
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
            start.Environment.Remove(inherited);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        start.Environment["ConnectionStrings__Catalog"] = $"Data Source={databasePath}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Two lines the bench reads: the port Kestrel chose and whether the loader imported data/.
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Logging__LogLevel__MatchApi.Catalog"] = "Information";

        var clock = Stopwatch.StartNew();
        var process = ChildProcesses.Start(start);
        var service = new ServiceProcess(process, clock, maxRssBytes, logPath);
        process.OutputDataReceived += (_, e) => service.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => service.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = service.WatchMemoryAsync();
        return service;
    }

    /// <summary>Polls /health/ready until 200; returns the time since the process was started.</summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromTicks(Math.Max(1, (timeout - _clock.Elapsed).Ticks)));
        try
        {
            var exited = _process.WaitForExitAsync(deadline.Token);
            if (await Task.WhenAny(_listening.Task, exited) != _listening.Task)
            {
                deadline.Token.ThrowIfCancellationRequested();
                throw new InvalidOperationException(KilledBecause ?? $"The service exited with code {_process.ExitCode} before listening; see {LogPath}.");
            }
            var address = await _listening.Task;
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
            while (true)
            {
                if (_process.HasExited) throw new InvalidOperationException(KilledBecause ?? $"The service exited with code {_process.ExitCode}; see {LogPath}.");
                try
                {
                    using var response = await http.GetAsync("/health/ready", deadline.Token);
                    if (response.IsSuccessStatusCode) return _clock.Elapsed;
                }
                catch (HttpRequestException) { } // between bind and the first request, or busy loading
                catch (TaskCanceledException) when (!deadline.IsCancellationRequested) { } // the 10 s request timeout
                await Task.Delay(50, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Not ready after {timeout.TotalSeconds:F0} s.");
        }
    }

    /// <summary>VmRSS and VmHWM (peak resident) from /proc/&lt;pid&gt;/status, in bytes.</summary>
    public (long Rss, long Hwm) Memory()
    {
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line) * 1024;
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) hwm = Kilobytes(line) * 1024;
        }
        return (rss, hwm);

        static long Kilobytes(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
    }

    /// <summary>
    /// CPU time the process has used (user + system, from /proc/&lt;pid&gt;/stat). Per request, it tells what a request
    /// costs the server even when other work on a shared machine takes cores away from it.
    /// </summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // after "pid (comm) "; fields[0] is field 3, the state
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]); // fields 14 and 15: utime, stime
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    private static readonly long ClockTicksPerSecond = sysconf(2); // _SC_CLK_TCK

    /// <summary>
    /// Waits until the process uses (almost) no CPU for a second: requests a load generator abandoned at the end of its
    /// phase are still being worked on (a search does not stop when its client leaves), and would otherwise slow the
    /// next phase. False if still busy after <paramref name="limit"/>.
    /// </summary>
    public async Task<bool> WaitUntilIdleAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var before = CpuTime();
            await Task.Delay(1000, cancellationToken);
            if (CpuTime() - before <= TimeSpan.FromMilliseconds(20)) return true; // two clock ticks: timers, not requests
        }
        return false;
    }

    /// <summary>SIGTERM (a graceful shutdown, so SQLite closes cleanly), then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            _ = kill(_process.Id, 15);
            using var wait = new CancellationTokenSource(grace);
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { ChildProcesses.Kill(_process); }
        }
        await _process.WaitForExitAsync();
        _stopWatching.Cancel();
        ChildProcesses.Forget(_process);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(15));
        lock (_log)
        {
            _logClosed = true;
            _log.Dispose();
        }
        _process.Dispose();
    }

    private async Task WatchMemoryAsync()
    {
        try
        {
            while (!_stopWatching.IsCancellationRequested && !_process.HasExited)
            {
                var (rss, hwm) = Memory();
                PeakRssBytes = Math.Max(PeakRssBytes, hwm);
                if (rss > _maxRssBytes)
                {
                    KilledBecause = $"killed by the bench: resident memory {rss >> 20} MiB passed the limit of {_maxRssBytes >> 20} MiB after {_clock.Elapsed.TotalSeconds:F0} s";
                    ChildProcesses.Kill(_process);
                    return;
                }
                await Task.Delay(200, _stopWatching.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException) { } // the process is gone
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        if (ListeningLine().Match(line) is { Success: true } match) _listening.TrySetResult(new Uri(match.Groups[1].Value));
        if (line.Contains("Imported from", StringComparison.Ordinal))
        {
            _importLoggedAt = _clock.Elapsed.TotalSeconds;
            _catalogImported = true;
        }
        if (line.Contains("Catalog files read and checked", StringComparison.Ordinal)) _readLoggedAt = _clock.Elapsed.TotalSeconds;
        if (line.Contains("Search index built", StringComparison.Ordinal)) _indexLoggedAt = _clock.Elapsed.TotalSeconds;
        lock (_log)
        {
            if (_logClosed || _logBytes > LogLimitBytes) return; // a flood of warnings must not fill the disk
            _logBytes += line.Length + 1;
            _log.WriteLine(line);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [DllImport("libc")]
    private static extern long sysconf(int name);
}
